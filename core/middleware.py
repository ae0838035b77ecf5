from urllib.parse import urlsplit

from django.conf import settings


def build_csp() -> str:
    """A strict policy: everything from our own origin, images also from the tile server."""
    img_src = ["'self'", "data:"]
    tile_host = urlsplit(settings.MAP_TILE_URL)
    if tile_host.scheme and tile_host.netloc:
        img_src.append(f"{tile_host.scheme}://{tile_host.netloc}")
    img_src += settings.CSP_EXTRA_IMG_SRC
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": img_src,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = build_csp()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=()"
        )
        return response
