"""A fixed-window counter in the cache: enough to stop a script, unnoticed by a person."""

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


def client_ip(request) -> str:
    """The client's address as the reverse proxy reports it (settings.TRUSTED_PROXY_HEADER)."""
    from django.conf import settings

    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
