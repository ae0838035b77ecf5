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


# Words that say nothing of what a project is about.
_NOT_SUBJECT = {
    "pour", "avec", "dans", "notre", "votre", "nous", "vous", "une", "des", "les", "sur",
    "commune", "communes", "projet", "projets", "travaux", "faire", "veut", "voudrait",
    "souhaite", "aide", "besoin", "comment", "quel", "quelle", "tranche", "phase", "creation",
    "amenagement", "amenager", "realisation", "realiser", "nouvelle", "nouveau",
    "communal", "communale", "communaux", "communales", "communaute", "municipal", "municipale",
    "municipaux", "municipales", "construire", "construction", "renover", "renovation",
    "rehabiliter", "rehabilitation", "refaire", "refection", "agrandir", "agrandissement",
    "extension", "creer", "restructuration", "installation", "installer", "mise", "normes",
}  # fmt: skip


def subject_stems(text: str) -> frozenset[str]:
    """The words of a text that may name its subject, cut to their first six letters
    (« salles des fêtes » and « salle des fêtes » meet): what a request shares with the title
    of a réalisation or of a resource."""
    return frozenset(
        word[:6] for word in normalize(text).split() if len(word) >= 4 and word not in _NOT_SUBJECT
    )


# Control characters no text of the platform keeps: all of C0 but tab and line breaks, and DEL.
# They cannot be written in XML (the Atom feeds failed on one) and mean nothing to a reader.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(value: str) -> str:
    return CONTROLS.sub("", value)


def as_typed(value: str) -> str:
    """A submitted field as its writer saw it: no control character, and each line break one
    character. Browsers send a textarea's line breaks as CR LF; counted as two, a text the
    page's counter accepts would be refused, with a number the writer never saw."""
    return without_controls(value).replace("\r\n", "\n").replace("\r", "\n")
