"""One way to read a number or a text from a request: bounded, ASCII digits only, no NUL.

A value that breaks these rules is refused with `InvalidParameter`, a `BadRequest` whose
French message the 400 page (and the API) shows: never a 500 from a database or `int()`.
"""

from django.core.exceptions import BadRequest

# Longest value accepted in a query string or a posted field before any form sees it. The
# longest free text of a form is 5,000 characters (`core.params.LONG_TEXT`).
MAX_VALUE_LENGTH = 20_000
LONG_TEXT = 5_000  # a message, a description
PROJECT_TEXT = 3_000  # a project described in « Qui peut m'aider ? » (a pasted paragraph)
MEDIUM_TEXT = 2_000  # a summary, a note
SHORT_TEXT = 200  # a name, a title, a typed commune


MAX_ID = 2**63 - 1  # the largest primary key of SQLite and PostgreSQL (bigint)


class InvalidParameter(BadRequest):
    """A parameter of the request that cannot be read; the message is French and safe to show."""


def int_param(data, name: str, *, minimum: int, maximum: int, default: int | None = None):
    """`data[name]` as an int in [minimum, maximum], `default` when absent or empty."""
    raw = (data.get(name) or "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(maximum)):
        raise InvalidParameter(_int_message(name, minimum, maximum))
    value = int(raw)
    if not minimum <= value <= maximum:
        raise InvalidParameter(_int_message(name, minimum, maximum))
    return value


def _int_message(name: str, minimum: int, maximum: int) -> str:
    return f"Le paramètre « {name} » doit être un nombre entier de {minimum} à {maximum}."


def unreadable(values) -> str:
    """Why these texts (of a query string, a posted form or a path) are refused, or ''."""
    for value in values:
        if "\x00" in value:
            return "La requête contient un caractère nul, qui n'est accepté dans aucun champ."
        if len(value) > MAX_VALUE_LENGTH:
            limit = f"{MAX_VALUE_LENGTH:,}".replace(",", "\u202f")  # 20 000, as French writes it
            return f"Un des champs de la requête dépasse {limit} caractères, la longueur maximale."
    return ""
