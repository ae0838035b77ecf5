"""The orientation widget: the same journey, served under /widget/ for partners' pages
(an EPCI's site, the préfecture's, a département portal), which may frame it."""

import re
from functools import wraps

from django.conf import settings
from django.views.decorators.clickjacking import xframe_options_exempt

from core.middleware import build_csp

# What a partner's origin may look like in the setting: a scheme, a host, maybe a port.
ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:\d{1,5})?$", re.IGNORECASE)


def frame_ancestors() -> list[str]:
    """Our own pages (the « Intégrer » page shows a preview) and the partners' origins."""
    partners = settings.WIDGET_FRAME_ANCESTORS
    if "*" in partners:
        return ["*"]
    return ["'self'", *(origin for origin in partners if ORIGIN.match(origin))]


def framable(view):
    """The view's pages may be shown in the partners' frames: its own Content-Security-Policy
    names them in `frame-ancestors`, and X-Frame-Options is left out (the CSP replaces it)."""

    @xframe_options_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = build_csp(frame_ancestors())
        return response

    return wrapped


def partners_allowed() -> bool:
    return bool(settings.WIDGET_FRAME_ANCESTORS)
