from django.conf import settings


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        # Set by core.middleware when a post was over the size limit and only its start read.
        "upload_too_large": getattr(request, "upload_too_large", ""),
    }
