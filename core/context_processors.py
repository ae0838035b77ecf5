from django.conf import settings
from django.utils.safestring import mark_safe

WIDGET_NAMESPACE = "widget"  # the journey served inside partners' pages (issue 18)


def in_widget(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match) and match.namespace == WIDGET_NAMESPACE


def site(request):
    widget = in_widget(request)
    return {
        # The journey's pages are drawn inside the site's frame, or, in a partner's page, in
        # the widget's (no header nor footer); links leaving the journey then open a new tab,
        # and the journey's own forms and links say `target="_self"`.
        "widget": widget,
        "base_template": "widget/base.html" if widget else "base.html",
        "self_target": mark_safe(' target="_self"') if widget else "",  # noqa: S308 (constant)
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
