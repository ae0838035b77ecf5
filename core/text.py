"""Text normalisation shared by every search of the platform.

`normalize("Saint-Ouen-des-Toits")` and `normalize("st ouen des toits")` give the same key:
lower case, no accents, hyphens and apostrophes as spaces, "st"/"ste" expanded.
"""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑–—'’`´_.,;:!?…/()«»\"]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "oe", "Æ": "ae"})


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(value: str) -> list[str]:
    """The words of `value`, case and accents kept (a lemmatiser reads them)."""
    return [word for word in _SEPARATORS.split(value) if word]


def normalize(value: str) -> str:
    words = _SEPARATORS.split(strip_accents(value).lower())
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words if word)


# Control characters no text of the platform keeps: all of C0 but tab and line breaks, and DEL.
# They cannot be written in XML (the Atom feeds failed on one) and mean nothing to a reader.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(value: str) -> str:
    return CONTROLS.sub("", value)
