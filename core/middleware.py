from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from . import error_pages, files, params
from .text import CONTROLS, as_typed


def build_csp(frame_ancestors: list[str] | None = None) -> str:
    """A strict policy: everything from our own origin, images also from the tile server;
    no page may be framed, except those given `frame_ancestors` (the widget's)."""
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
        "frame-ancestors": frame_ancestors or ["'none'"],
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


class RequestLimitsMiddleware:
    """Refuse, with a French 400, what no field can hold (a NUL byte, a value over
    `params.MAX_VALUE_LENGTH`) before any view, form or database sees it; and when a form
    post is over `DATA_UPLOAD_MAX_MEMORY_SIZE`, keep what fits so that the form comes back
    with the user's text rather than an error page that loses it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and _content_length(request) > _limit(request):
            with_file = request.content_type == "multipart/form-data"
            if with_file and files.upload_allowed(request.path_info):
                return error_pages.too_large_response(
                    request, files.size_label(settings.UPLOAD_MAX_SIZE)
                )
            if request.content_type != "application/x-www-form-urlencoded":
                return error_pages.too_large_response(request)
            _keep_what_fits(request)
        problem = params.unreadable([request.path, *_values(request.GET)])
        if not problem and request.method == "POST":
            problem = params.unreadable(_values(request.POST))
        if problem:
            return error_pages.error_response(request, 400, problem)
        # A cookie no server wrote (a NUL byte in the session's made PostgreSQL fail): dropped,
        # as if the browser had not sent it.
        for name, value in list(request.COOKIES.items()):
            if CONTROLS.search(value):
                del request.COOKIES[name]
        # Other control characters are dropped from every field before any form sees them, and
        # line breaks counted as the writer sees them.
        if _needs_cleaning(request.GET):
            request.GET = _as_typed(request.GET)
        if request.method == "POST" and _needs_cleaning(request.POST):
            request.POST = _as_typed(request.POST)
        return self.get_response(request)

    def process_exception(self, request, exception):
        """A number too large for the database, typed where a form looks up a choice (30
        digits in a multiple-choice field overflowed SQLite: a 500)."""
        if isinstance(exception, OverflowError):
            return error_pages.error_response(
                request, 400, "Un des champs de la requête est un nombre trop grand."
            )
        return None


def _limit(request=None) -> int:
    """A form posted where a file may be put (`UPLOAD_PATHS`) may carry one file of
    `UPLOAD_MAX_SIZE` beside its fields; the file's own size is checked by its form, which
    says so in French. Every other post keeps the ordinary limit."""
    if (
        request is not None
        and request.content_type == "multipart/form-data"
        and files.upload_allowed(request.path_info)
    ):
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE + settings.UPLOAD_MAX_SIZE
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _values(data) -> list[str]:
    return [value for key in data for value in (key, *data.getlist(key))]


def _needs_cleaning(data) -> bool:
    return any(CONTROLS.search(value) or "\r" in value for value in _values(data))


def _as_typed(data: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True, encoding=data.encoding)
    for key in data:
        for value in data.getlist(key):
            clean.appendlist(as_typed(key), as_typed(value))
    clean._mutable = False
    return clean


def _keep_what_fits(request) -> None:
    """Every field of an over-large form post, each cut to `MAX_VALUE_LENGTH` characters
    (longer than any form accepts, so the form says which field is too long instead of
    saving a cut text). The body is read in chunks, at most `OVERSIZE_READ` times the limit,
    and never held whole: a pair keeps at most `MAX_ENCODED_PAIR` bytes."""
    kept = QueryDict(mutable=True)
    pair, budget, finished = b"", OVERSIZE_READ * _limit(), False
    while budget > 0:
        chunk = request.read(min(CHUNK, budget))
        if not chunk:
            finished = True
            break
        budget -= len(chunk)
        for position, part in enumerate(chunk.split(b"&")):
            if position:
                _add_pair(kept, pair)
                pair = b""
            pair += part[: max(0, MAX_ENCODED_PAIR - len(pair))]
    if finished:
        _add_pair(kept, pair)
    kept._mutable = False
    request._post, request._files = kept, MultiValueDict()
    request.upload_too_large = error_pages.limit_label()


CHUNK = 64 * 1024
OVERSIZE_READ = 4  # an over-large post is read up to 4 times the limit, then cut
MAX_ENCODED_PAIR = 12 * params.MAX_VALUE_LENGTH  # a character is at most 12 bytes encoded


def _add_pair(data: QueryDict, pair: bytes) -> None:
    for name, value in parse_qsl(pair.decode("ascii", "replace"), keep_blank_values=True):
        data.appendlist(name, value[: params.MAX_VALUE_LENGTH])
