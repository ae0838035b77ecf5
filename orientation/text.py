"""French free text as comparable words (lemmas): « refaire les lampadaires » and
« lampadaire » meet on `lampadaire`, while « classée » (a listed church) reads `classer` and
« classe » (a school class) stays `classe`.

Lemmas come from simplemma's French dictionary (its past participles are read as their verb:
« protégée », « protégé » and « protégés » all read `proteger`), accents dropped afterwards so
that « eglise » meets « église ». A word the dictionary does not know is read as the nearest
word of the domain vocabulary when one is close enough (« eglize », « asainissement »), and
the thesaurus' abbreviations expand SMS spellings (« subv », « pr ») before anything else.
« non », « hors » and a « pas » followed by a word mark that word as negated: « église non
protégée » does not ask for the protected monuments' grant.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from rapidfuzz import process
from rapidfuzz.distance import OSA

from core.text import normalize, words

# Lemmas of pronouns the lemmatiser gives for forms the stop words miss (« elles » is « lui »).
PRONOUNS = frozenset(("lui", "eux", "elles", "il", "elle", "ils", "celui", "certains"))
STOP_WORDS = frozenset(
    (
        "a",
        "ai",
        "au",
        "aux",
        "avec",
        "avoir",
        "c",
        "ce",
        "ces",
        "cette",
        "comment",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "est",
        "et",
        "etre",
        "faire",
        "fait",
        "il",
        "ils",
        "j",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "ma",
        "mais",
        "me",
        "mes",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "plus",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sont",
        "sur",
        "ta",
        "te",
        "tes",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "tres",
        "aussi",
        "comme",
        "donc",
        "tout",
        "tous",
        "toute",
        "toutes",
        "cet",
        "veut",
        "voudrait",
        "voudrions",
        "voulons",
        "souhaiterait",
        "aide",
        "aider",
        "possible",
        "possibles",
        "trouver",
        "non",
        "hors",
        "sans",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "salut",
        "bonjour",
        "merci",
        "quand",
        "beaucoup",
        "si",
        "ca",
        "cela",
        "notamment",
        "avons",
        "sommes",
        "avez",
        "etes",
        "peut",
        "peuvent",
        "pouvons",
        "pourrait",
        "pourrions",
        "voudrais",
        "souhaiterions",
        "moi",
        "m",
        "s",
        "t",
        "abord",
        "ont",
        "va",
        "vont",
        "avions",
        "aviez",
        # Auxiliaries and verbs of wanting, by their spelling (« allée » is not « aller », nor
        # « aide aux devoirs » « devoir »): how a request is said, never what it is about.
        "as",
        "avais",
        "avait",
        "avaient",
        "aurai",
        "aura",
        "aurons",
        "aurez",
        "auront",
        "aurais",
        "aurait",
        "aurions",
        "auriez",
        "auraient",
        "eu",
        "ayant",
        "suis",
        "es",
        "etais",
        "etait",
        "etions",
        "etiez",
        "etaient",
        "serai",
        "sera",
        "serons",
        "serez",
        "seront",
        "serais",
        "serait",
        "serions",
        "seriez",
        "seraient",
        "soit",
        "soient",
        "peux",
        "pouvez",
        "pouvait",
        "pouvaient",
        "pourraient",
        "pourra",
        "pourrons",
        "pourrez",
        "pourront",
        "pourrais",
        "puisse",
        "puissent",
        "veux",
        "voulez",
        "veulent",
        "voulait",
        "voudraient",
        "voulu",
        "dois",
        "doit",
        "devons",
        "devez",
        "doivent",
        "devait",
        "devrait",
        "devrions",
        "devraient",
        "devra",
        "devrons",
        "devrez",
        "faut",
        "fallait",
        "faudrait",
        "faudra",
        "vais",
        "vas",
        "allons",
        "allez",
        "allait",
        "irait",
        "ira",
        "irons",
        "aimerait",
        "aimerions",
        "aimerais",
        "aimeraient",
        # Adverbs and prepositions: how a sentence runs, never what an offer is about.
        "apres",
        "plusieurs",
        "autour",
        "depuis",
        "encore",
        "deja",
        "toujours",
        "jamais",
        "peu",
        "trop",
        "ici",
        "alors",
        "ensuite",
        "puis",
        "chaque",
        "aucun",
        "aucune",
        "certaines",
        "entre",
        "vers",
        "chez",
        "selon",
        "pendant",
        "lors",
        "afin",
        "ainsi",
        "dont",
        "quoi",
        "pourquoi",
        "combien",
        "meme",
        "autre",
        "autres",
        "ceux",
        "celle",
        "celles",
        "ceci",
        "quelque",
        "quelques",
        "rien",
    )
)

# The word after these is negated (« non protégée », « hors agglomération », « n'est pas
# classée »); « pas de », « sans » say what is missing, which is a need, not its opposite.
NEGATORS = frozenset({"non", "hors"})
STATUS_NEGATORS = frozenset({"pas", "ni"})
# After « pas » or « ni », only a status is negated (« l'église n'est pas classée », « ni
# classée ni inscrite »: not the protected monuments' help); a state that is lacking is the
# need itself (« la salle n'est pas accessible », « pas isolée », « pas raccordée »).
STATUSES = frozenset({"classer", "inscrire", "proteger", "labelliser", "eligible"})
# A monument is protected by being classé or inscrit (code du patrimoine, L621-1 and L621-25).
PROTECTED = "proteger"
PROTECTION = frozenset({"classer", "inscrire", PROTECTED})


def unprotected(negated) -> set[str]:
    """Negated lemmas with what they imply: « ni classé ni inscrit » is « non protégé », and
    « non protégé » is neither classé nor inscrit; « pas classée » alone says nothing of
    « protégé » (an inscrite church is protected)."""
    found = set(negated)
    if PROTECTED in found or {"classer", "inscrire"} <= found:
        found |= PROTECTION
    return found


# « D129 », « RD 145 » name a departmental road.
ROAD_NUMBER = re.compile(r"^(?:r?d|cd)\d{1,4}$", re.IGNORECASE)
ROAD_PREFIX = re.compile(r"^(?:rd|cd)$", re.IGNORECASE)
FUZZY_MIN_LENGTH = 5  # shorter unknown words are kept as typed: too many neighbours
CORRECTIONS_KEPT = 20_000  # unknown words remembered; forgotten beyond (any text can be typed)


@dataclass(frozen=True)
class Word:
    spelled: str  # as typed, normalised (lower case, no accents): what the user reads back
    lemma: str  # what is compared
    negated: bool = False


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The lemma of one word, accents dropped; a past participle reads as its verb. An acronym
    (« PLU », « ERP ») or a word of three letters at most is read as written."""
    if len(word) <= 3 or (word.isupper() and len(word) <= 6):
        return normalize(word).replace(" ", "")
    found = simplemma.lemmatize(word.lower(), lang="fr")
    if found.endswith("é") and len(found) > 3 and simplemma.is_known(found[:-1] + "er", "fr"):
        found = found[:-1] + "er"
    return normalize(found).replace(" ", "")


@lru_cache(maxsize=20_000)
def _known(word: str) -> bool:
    return simplemma.is_known(word, lang="fr")


# The accents a hurried user leaves out: « securisee » is « sécurisée », « batiment » is
# « bâtiment ». Tried only on a word the dictionary does not know, up to MAX_SPELLINGS forms.
ACCENTS = {"e": "eéèê", "a": "aàâ", "i": "iîï", "o": "oô", "u": "uùû", "c": "cç"}
MAX_SPELLINGS = 256


@lru_cache(maxsize=20_000)
def accented(word: str) -> str | None:
    """The dictionary's spelling of an unaccented `word`, if one is known."""
    spellings = [""]
    for char in word:
        spellings = [s + c for s in spellings for c in ACCENTS.get(char, char)]
        if len(spellings) > MAX_SPELLINGS:
            return None
    return next((s for s in spellings[1:] if _known(s)), None)


class Reader:
    """Reads requests against a domain vocabulary (the lemmas of the thesaurus' expressions)
    and its abbreviations."""

    def __init__(self, vocabulary: frozenset[str] = frozenset(), abbreviations=None):
        self.vocabulary = vocabulary
        self._choices = sorted(w for w in vocabulary if len(w) >= FUZZY_MIN_LENGTH - 1)
        self.abbreviations = {normalize(k): v for k, v in (abbreviations or {}).items()}
        self._corrected: dict[str, str] = {}

    def _expanded(self, text: str) -> list[str]:
        typed = words(text)
        # Capitals say an acronym (« PLU »), unless the whole text is shouted.
        if all(word.isupper() for word in typed if word.isalpha()):
            typed = [word.lower() for word in typed]
        found = []
        for position, word in enumerate(typed):
            if word.isdigit() and position and ROAD_PREFIX.match(typed[position - 1]):
                continue  # « RD 145 »: read with its prefix
            following = typed[position + 1] if position + 1 < len(typed) else ""
            expansion = self.abbreviations.get(normalize(word))
            if ROAD_NUMBER.match(word) or (ROAD_PREFIX.match(word) and following.isdigit()):
                expansion = "route départementale"
            found.extend(words(expansion) if expansion is not None else [word])
        return found

    def _lemma(self, word: str) -> str:
        read = lemma(word)
        word = word.lower()
        if read not in self.vocabulary and not _known(word) and word.isascii():
            spelled = accented(word)
            if spelled is not None:
                read = lemma(spelled)
        if (
            not self._choices
            or read in self.vocabulary
            or len(read) < FUZZY_MIN_LENGTH
            or read.isdigit()
            or _known(word)
        ):
            return read
        corrected = self._corrected.get(read)
        if corrected is None:
            if len(self._corrected) >= CORRECTIONS_KEPT:
                self._corrected.clear()
            # One typo in a word of 5 to 7 letters, two from 8: « eglize », « asainissement »;
            # two letters swapped are one (« acceuil »).
            limit = 1 if len(read) < 8 else 2
            best = process.extractOne(read, self._choices, scorer=OSA.distance, score_cutoff=limit)
            corrected = best[0] if best else read
            self._corrected[read] = corrected  # shared between threads: read back locally
        return corrected

    def read(self, text: str) -> list[Word]:
        """The meaningful words of `text`, in order (stop words removed)."""
        found: list[Word] = []
        negated = False  # after « non », « hors »: the next meaningful word
        after_pas = False  # after « pas »: the next word only (« pas de » says a need)
        for word in self._expanded(text):
            spelled = normalize(word).replace(" ", "")
            if spelled in NEGATORS:
                negated = True
            elif spelled in STATUS_NEGATORS:
                negated, after_pas = False, True
            elif spelled in STOP_WORDS or (read := self._lemma(word)) in PRONOUNS:
                after_pas = False  # « qu'elles », « eux »: a pronoun is no topic
            else:
                found.append(Word(spelled, read, negated or (after_pas and read in STATUSES)))
                negated = after_pas = False
        return found


PLAIN = Reader()


def lemmas(text: str) -> list[str]:
    """The meaningful words of `text` as lemmas, without typo correction (an offer's text, an
    expression of the thesaurus: written with care)."""
    return [word.lemma for word in PLAIN.read(text)]
