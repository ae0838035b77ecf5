"""French free text as comparable word stems: « refaire les lampadaires » and « lampadaire »
share the stem `lampadair`. Deliberately light: no dictionary, the same rules on both sides."""

from core.text import normalize

STOP_WORDS = frozenset(
    (
        "a", "ai", "au", "aux", "avec", "avoir", "c", "ce", "ces", "cette", "comment", "d", "dans",
        "de", "des", "du", "elle", "en", "est", "et", "etre", "faire", "fait", "il", "ils", "j",
        "je", "l", "la", "le", "les", "leur", "leurs", "ma", "mais", "me", "mes", "mon", "n", "ne",
        "nos", "notre", "nous", "on", "ou", "par", "pas", "plus", "pour", "qu", "que", "qui", "sa",
        "se", "ses", "son", "sont", "sur", "ta", "te", "tes", "ton", "tu", "un", "une", "vos",
        "votre", "vous", "y", "tres", "bien", "aussi", "comme", "donc", "tout", "tous", "toute",
        "toutes", "cet", "veut", "voudrait", "voudrions", "voulons", "souhaiterait", "aide",
        "aider", "commune", "communes", "aides", "possible", "possibles", "trouver",
    )
)  # fmt: skip
# Longest first; a stem keeps at least three letters.
SUFFIXES = (
    "issements", "issement", "ements", "ement", "ations", "ation", "euses", "euse", "eurs",
    "eur", "ives", "ive", "ifs", "if", "ees", "ee", "es", "er", "ez", "s", "x", "e",
)  # fmt: skip
# Words whose end looks like a suffix but is not one.
KEEP = frozenset({"gaz", "bus", "mars", "tri", "bio", "plus", "eaux", "ecole", "ecoles"})


def stem(word: str) -> str:
    if word in KEEP:
        return {"eaux": "eau", "ecoles": "ecol", "ecole": "ecol"}.get(word, word)
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def stems(text: str) -> list[str]:
    """The meaningful words of `text`, in order, as stems (stop words removed)."""
    return [stem(word) for word in normalize(text).split() if word not in STOP_WORDS]


def words_and_stems(text: str) -> list[tuple[str, str]]:
    """(word as normalised, its stem) for the meaningful words of `text`."""
    return [(word, stem(word)) for word in normalize(text).split() if word not in STOP_WORDS]
