"""Is a resource's address still answering? A HEAD request (GET when HEAD is refused), with
a short timeout; any error status, or no answer, is a problem said in French."""

import urllib.error
import urllib.request

TIMEOUT = 10
AGENT = "Carto'Inge-verification-des-liens"


def problem_of(url: str, timeout: float = TIMEOUT) -> str:
    """'' when the address answers, else what went wrong."""
    if not url.startswith(("https://", "http://")):
        return "adresse web attendue"
    for method in ("HEAD", "GET"):
        headers = {"User-Agent": AGENT}
        request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310
                return ""
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue  # some servers refuse HEAD only
            return f"erreur {error.code}"
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return f"pas de réponse ({reason})"
    return "pas de réponse"
