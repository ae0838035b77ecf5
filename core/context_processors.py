from django.conf import settings


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_publisher": settings.SITE_PUBLISHER,
        "site_contact_email": settings.SITE_CONTACT_EMAIL,
        # Set by core.middleware when a post was over the size limit and only its start read.
        "upload_too_large": getattr(request, "upload_too_large", ""),
        # One address per page for search engines: the site's own, without the query string.
        "canonical_url": (settings.SITE_URL.rstrip("/") + request.path)
        if settings.SITE_URL
        else request.build_absolute_uri(request.path),
    }
