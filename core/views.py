from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


def privacy(request):
    return render(
        request,
        "core/privacy.html",
        {
            "retention_months": settings.SUPPORT_RETENTION_MONTHS,
            "unanswered_days": settings.SUPPORT_UNANSWERED_WORKING_DAYS,
        },
    )


def robots(request):
    """Everything public may be indexed; the signed-in spaces, the admin and the requests'
    follow pages never."""
    site = settings.SITE_URL.rstrip("/") or request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        "Disallow: /espace/",
        "Disallow: /admin/",
        "Disallow: /compte/",
        "Disallow: /demandes/",
        "Disallow: /orientation/resultats/",
        "Disallow: /widget/",  # the journey inside partners' frames: the site's own is indexed
        "Allow: /",
        f"Sitemap: {site}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
