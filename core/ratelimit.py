"""A fixed-window counter in the cache: enough to stop a script, unnoticed by a person."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def allow(scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one more hit of `key` in `scope`; False once `limit` hits are exceeded."""
    name = f"ratelimit:{scope}:{key}"
    if cache.add(name, 1, window_seconds):
        return True
    try:
        hits = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, window_seconds)
        return True
    return hits <= limit


DAY = 86_400


def may_write_to(request, email: str) -> bool:
    """Whether a form may make the platform write to `email` today: a sign-in link, an alert
    to confirm and a request's follow links count together (a stranger could make it send
    thirteen an hour to anyone), and so do all the addresses typed from one network."""
    key = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return allow("to-address", key, settings.RATE_LIMIT_EMAILS_PER_ADDRESS_PER_DAY, DAY) and allow(
        "to-address-ip", client_ip(request), settings.RATE_LIMIT_EMAILS_PER_IP_PER_DAY, DAY
    )


def client_ip(request) -> str:
    """The client's address as the trusted reverse proxy saw it (`TRUSTED_PROXY_HEADER`).

    A proxy appends the address it saw to `X-Forwarded-For`; whatever stands before it was
    written by the client and may be forged. So only the last address is read."""
    header = settings.TRUSTED_PROXY_HEADER
    if header and request.META.get(header):
        return request.META[header].rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def refused(request, message: str):
    """The French page (or API answer) for a request over its limit."""
    from .error_pages import error_response

    return error_response(request, 429, message)
