"""What the management commands share."""

import hashlib
import urllib.request

from django.core.management.base import CommandError


def add_departements_argument(parser) -> None:
    """`--departement CODE`, repeatable; the commands default to SITE_DEPARTEMENTS."""
    parser.add_argument(
        "--departement",
        action="append",
        dest="departements",
        metavar="CODE",
        help="Département (répétable ; défaut : SITE_DEPARTEMENTS, soit 53).",
    )


MAX_BYTES = 200 * 1024 * 1024
TIMEOUT = 60


def read_source(path: str | None, url: str | None, accept: str) -> bytes:
    """The bytes of a file, or of a web address (`accept`: the media type asked for); a
    French `CommandError` for anything unreadable, before anything is written."""
    where = path or url or ""
    try:
        if path:
            with open(path, "rb") as stream:
                return stream.read()
        if not where.startswith(("https://", "http://")):
            raise CommandError(f"Import refusé : adresse web attendue (https://…), « {where} ».")
        request = urllib.request.Request(where, headers={"Accept": accept})  # noqa: S310
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)
    except OSError as error:
        raise CommandError(
            f"Import refusé, rien n'a été écrit : {where} illisible ({error})."
        ) from error
    if len(body) > MAX_BYTES:
        raise CommandError(f"Import refusé : {where} dépasse {MAX_BYTES // 2**20} Mo.")
    return body


def fingerprint(*parts: bytes | str) -> str:
    """The SHA-256 of an import's inputs (file contents, options, the fingerprints of the
    datasets it reads): an import whose fingerprint is unchanged has nothing to do."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def refused(what: str, error) -> CommandError:
    """A `ProblemsError` as the command says it: « Annuaire refusé, rien n'a été écrit (2
    problème(s)) : » and each problem on its line."""
    lines = "\n".join(f"  - {problem}" for problem in error.problems)
    return CommandError(
        f"{what}, rien n'a été écrit ({len(error.problems)} problème(s)) :\n{lines}"
    )
