"""Is a resource's address still answering? A HEAD request (GET when HEAD is refused), with
a short timeout, following at most five redirects. The address is typed by a publisher: it is
never fetched when it (or a redirect) leads to this machine or a private network — loopback,
private, link-local, reserved — and whatever goes wrong is reported as « injoignable » only
(the reason could tell something of the inside)."""

import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlparse

TIMEOUT = 10
AGENT = "Carto'Inge-verification-des-liens"
MAX_REDIRECTS = 5
UNREACHABLE = "injoignable"


def is_public(url: str) -> bool:
    """Every address its host name resolves to is on the public Internet."""
    host = urlparse(url).hostname or ""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError, ValueError):
        return False
    return bool(found) and all(ipaddress.ip_address(ip.split("%")[0]).is_global for ip in found)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def __init__(self, public_only: bool):
        self.public_only = public_only

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.startswith(("https://", "http://")) or (
            self.public_only and not is_public(newurl)
        ):
            raise urllib.error.URLError("redirection refusée")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def problem_of(url: str, timeout: float = TIMEOUT, public_only: bool = True) -> str:
    """'' when the address answers, else what to tell its publisher."""
    if not url.startswith(("https://", "http://")):
        return "adresse web attendue"
    if public_only and not is_public(url):
        return UNREACHABLE
    opener = urllib.request.build_opener(_Redirects(public_only))
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": AGENT})  # noqa: S310
        try:
            with opener.open(request, timeout=timeout):
                return ""
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue  # some servers refuse HEAD only
            return UNREACHABLE
        except (urllib.error.URLError, OSError, ValueError):
            return UNREACHABLE
    return UNREACHABLE
