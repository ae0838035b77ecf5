"""The thesaurus (orientation/thesaurus.toml): expressions of the field and what they mean."""

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from core.errors import ProblemsError
from core.text import normalize
from core.text import words as text_words
from directory.models import HelpKind, Phase, Theme

from .text import Reader, lemma, lemmas

THESAURUS_PATH = Path(__file__).resolve().parent / "thesaurus.toml"
ENTRY_KEYS = {
    "expressions", "themes", "aides", "phases", "generique", "nomme", "financement", "action",
    "lieu", "protege",
}  # fmt: skip
OUT_OF_SCOPE_KEYS = {"expressions", "autorite"}
PRIVATE_LIFE_KEYS = {"possessifs", "mots", "autorite"}
SPEAKER_KEYS = {"expressions", "autorite"}
GAP = 2  # words that may come between those of an expression: « traversée dangereuse du bourg »


class ThesaurusError(ProblemsError):
    """The thesaurus file is invalid: the engine cannot use it until it is fixed."""


@dataclass(frozen=True)
class Term:
    expression: str  # as written in the file, for the « why »
    key: tuple[str, ...]  # its stems
    entry: int  # the [[termes]] it belongs to: its expressions are synonyms
    generic: bool  # too broad to be evidence that an offer's text says the same thing
    themes: tuple[str, ...]
    aides: tuple[str, ...]
    phases: tuple[str, ...]
    named: bool = False  # a scheme or a kind of structure (DETR, LEADER, SDIS, ABF…)
    funding: bool = False  # the request asks for money: the « Financer » block comes first
    out_of_scope: str | None = None  # no engineering structure handles it; who does, if known
    action: bool = False  # a verb of works (build, renovate, buy): the object says the project
    place: bool = False  # a building the request may only mention (« venir à la mairie »)
    protected: bool = False  # says the heritage is protected (« monument historique », « ABF »)


@dataclass
class Match:
    terms: list[Term] = field(default_factory=list)
    themes: dict[str, int] = field(default_factory=dict)  # slug -> number of expressions
    aides: dict[str, int] = field(default_factory=dict)
    phases: dict[str, int] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)  # every lemma of the text, negated ones aside
    spelled: dict[str, str] = field(default_factory=dict)  # lemma -> the word as typed
    negated: list[str] = field(default_factory=list)  # lemmas after « non », « hors »…
    negated_terms: list[Term] = field(default_factory=list)  # « hors monument historique »
    personal: str | None = None  # a private matter, or a company writing: who handles it

    @cached_property
    def entries(self) -> dict[int, Term]:
        """The specific (non-generic) thesaurus entries the text mentions, with the expression
        found: what a request and an offer's text can share. Read once the match is made."""
        return {term.entry: term for term in reversed(self.terms) if not term.generic}

    @cached_property
    def word_set(self) -> frozenset[str]:
        return frozenset(self.words)

    @cached_property
    def topic_words(self) -> frozenset[str]:
        """The words that can say what the request is about, to find them in an offer's text: a
        number in common (« nos 3 logements », « moins de 3 500 habitants ») is no topic."""
        return frozenset(word for word in self.word_set if not word.isdigit())

    @cached_property
    def loose_words(self) -> frozenset[str]:
        """The words outside the expressions of several words the text holds: « salle » of
        « salle des fêtes » is not evidence for an offer on sports halls, the expression is
        (shared when the offer has it too)."""
        bound = {word for term in self.terms if len(term.key) > 1 for word in term.key}
        return self.word_set - bound

    @cached_property
    def named(self) -> dict[int, Term]:
        """The schemes and kinds of structure the text names."""
        return {term.entry: term for term in self.terms if term.named}

    @cached_property
    def lead(self) -> Term | None:
        """The first specific expression: in « une halte nautique au bord de la rivière » the
        project is the halt, the river is where. What is built comes before how (« rénover »),
        which leads only when the request names no object."""
        specific = [
            term
            for term in self.terms
            if term.themes and not term.generic and term.out_of_scope is None
        ]
        objects = [term for term in specific if not term.action]
        return (objects or specific or [None])[0]

    @cached_property
    def lead_themes(self) -> frozenset[str]:
        return frozenset(self.lead.themes) if self.lead else frozenset()

    @property
    def asks_funding(self) -> bool:
        return any(term.funding for term in self.terms)

    @property
    def out_of_scope(self) -> str | None:
        """The competent authority (or "") when no engineering structure handles the request;
        None otherwise. Evidence decides, not one word: a private matter in the first person
        (« ma déclaration d'impôts »), or an out-of-scope expression that comes before any
        engineering need (« fermeture d'une classe à l'école ») or outnumbers them. « Rénover
        la salle pour la fête du village » is a project: the need comes first."""
        if self.personal is not None:
            return self.personal
        outside = [term for term in self.terms if term.out_of_scope is not None]
        if not outside:
            return None
        needs = [
            term
            for term in self.terms
            if term.out_of_scope is None and not term.generic and not term.action
        ]
        if not needs or self.terms[0].out_of_scope is not None or len(outside) > len(needs):
            return outside[0].out_of_scope
        return None


class Thesaurus:
    def __init__(self, terms: list[Term], abbreviations=None, private_life=None, speakers=None):
        self.terms = terms
        # By first lemma, longest expressions first: « éclairage public » before « éclairage ».
        self.by_first: dict[str, list[Term]] = {}
        for term in sorted(terms, key=lambda t: (-len(t.key), t.expression)):
            self.by_first.setdefault(term.key[0], []).append(term)
        vocabulary = frozenset(lemma for term in terms for lemma in term.key)
        self.reader = Reader(vocabulary, abbreviations or {})
        self.plain = Reader(frozenset(), abbreviations or {})
        # (possessives, private-life lemmas, who handles it): « ma fille », « mes impôts ».
        self.private_life = private_life
        # (phrases, who handles it): a company introducing itself (« je suis commercial »).
        self.speakers = speakers

    def match(self, text: str, gap: int = GAP, correct: bool = True) -> Match:
        """Expressions found in `text`, longest first; the words of one may be separated by
        up to GAP others (« traversée dangereuse dans le bourg » is « traversée de bourg »),
        and each word counts for one expression only. `correct`: read unknown words as the
        nearest word of the vocabulary (a request; an offer's text is written with care)."""
        read = (self.reader if correct else self.plain).read(text)
        words = [word.lemma for word in read]
        result = Match(spelled={word.lemma: word.spelled for word in reversed(read)})
        seen: set[Term] = set()
        used: set[int] = set()
        found_at: list[tuple[int, Term, list[int]]] = []
        # Whole expressions first, then those whose words are apart: « entrée de bourg » must
        # not lose « bourg » to « aménagement de bourg » in « aménager l'entrée de bourg ».
        for allowed in sorted({0, gap}):
            for position, word in enumerate(words):
                if position in used:
                    continue
                for term in self.by_first.get(word, ()):
                    positions = _find(words, used, position, term.key, allowed)
                    if positions is None:
                        continue
                    used.update(positions)
                    if term not in seen:
                        seen.add(term)
                        found_at.append((position, term, positions))
                    break
        # A negated word inside an expression it does not begin belongs to that expression
        # (« assainissement non collectif »); an expression it begins is negated as a whole.
        negated = {p for p, word in enumerate(read) if word.negated}
        for position, term, positions in sorted(found_at, key=lambda item: item[0]):
            if position in negated:  # « hors monument historique »
                result.negated_terms.append(term)
                negated.update(positions)
                continue
            negated.difference_update(positions)
            result.terms.append(term)
            for slug in term.themes:
                result.themes[slug] = result.themes.get(slug, 0) + 1
            for slug in term.aides:
                result.aides[slug] = result.aides.get(slug, 0) + 1
            for slug in term.phases:
                result.phases[slug] = result.phases.get(slug, 0) + 1
        result.negated = [read[p].lemma for p in sorted(negated)]
        result.words = [w for p, w in enumerate(words) if p not in negated]
        if correct:
            result.personal = self._who(text, result)
        return result

    def _who(self, text: str, result: Match) -> str | None:
        """Who handles a request the text says is private (« ma fille ») or written by a
        company (« nous sommes une société qui… »), or None."""
        tokens = [normalize(word) for word in text_words(text)]
        if self.private_life:
            # « ma carte d'identité »: an out-of-scope matter with « ma » before it is private,
            # whatever building the request also names (« la mairie le fait pas »).
            possessives, lemmas_, authority = self.private_life
            outside = {term.key[0] for term in result.terms if term.out_of_scope is not None}
            private = _private(tokens, possessives, lemmas_ | outside, authority)
            if private is not None:
                return private
        return _speaking(tokens, *self.speakers) if self.speakers else None


def _private(tokens: list[str], possessives, lemmas_, authority: str) -> str | None:
    """`authority` when a first-person possessive comes right before a word of private life
    (« ma fille », « mes impôts », « mon voisin »), or a compound one (« mon petit-fils »)."""
    for position, before in enumerate(tokens[:-1]):
        if before not in possessives:
            continue
        following = tokens[position + 1 : position + 3]
        if _joined(following[:1]) in lemmas_ or _joined(following) in lemmas_:
            return authority
    return None


def _joined(words) -> str:
    """Lemmas written together: « petits-enfants » is « petitenfant », not « petit »."""
    return "".join(lemma(word) for word in words)


def _speaking(tokens: list[str], phrases: frozenset[tuple[str, ...]], authority: str):
    """`authority` when the text says who writes, and it is not a commune (« nous sommes une
    société qui fabrique… »): whatever it names, it does not ask for a commune's project."""
    for start in range(len(tokens)):
        if any(tuple(tokens[start : start + len(phrase)]) == phrase for phrase in phrases):
            return authority
    return None


def _find(
    words: list[str], used: set[int], start: int, key: tuple[str, ...], gap: int
) -> list[int] | None:
    """The positions of `key`'s stems in order from `start`, each within `gap` words of the
    previous one and not used by another expression; None if they are not all there."""
    found = [start]
    for stem in key[1:]:
        limit = min(len(words), found[-1] + gap + 2)
        for position in range(found[-1] + 1, limit):
            if words[position] == stem and position not in used:
                found.append(position)
                break
        else:
            return None
    return found


def _expressions(where: str, entry: dict, allowed: set, problems: list) -> list | None:
    """An entry's expressions, its unknown keys reported; None when there are none."""
    for key in sorted(set(entry) - allowed):
        problems.append(f"{where}, champ « {key} » : champ inconnu.")
    expressions = entry.get("expressions")
    if not isinstance(expressions, list) or not expressions:
        problems.append(f"{where}, champ « expressions » : liste non vide attendue.")
        return None
    return expressions


def _keys(where: str, expressions: list, seen: dict, problems: list) -> list[tuple[str, tuple]]:
    """(expression, its stems) of an entry; an empty or repeated expression is a problem, and
    so is one of several words that keeps only one (« zone AU » would be « zone », « faire une
    collecte » any « collecte »: the others are stop words)."""
    found = []
    for expression in expressions:
        key = tuple(lemmas(expression))
        if not key:
            problems.append(f"{where} : « {expression} » ne contient aucun mot utile.")
            continue
        written = [w for w in re.findall(r"\w+", expression) if len(w) > 2 or w.isupper()]
        if len(key) == 1 and len(written) > 1:
            problems.append(
                f"{where} : « {expression} » ne garde qu'un mot, « {key[0]} » (les autres sont "
                "des mots vides) : écrivez ce mot seul ou une expression plus précise."
            )
            continue
        if key in seen and seen[key] != where:
            problems.append(f"{where} : « {expression} » figure déjà au {seen[key]}.")
        seen.setdefault(key, where)
        found.append((expression, key))
    return found


def read_thesaurus(path: Path, themes: set[str], aides: set[str], phases: set[str]) -> Thesaurus:
    """Parse and validate; every problem is reported with the entry and the field."""
    problems: list[str] = []
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ThesaurusError([f"{Path(path).name} : illisible ({error})."]) from error
    terms: list[Term] = []
    seen: dict[tuple[str, ...], str] = {}
    known = {"themes": themes, "aides": aides, "phases": phases}
    for number, entry in enumerate(data.get("termes", []), start=1):
        where = f"{Path(path).name}, terme n° {number}"
        expressions = _expressions(where, entry, ENTRY_KEYS, problems)
        if expressions is None:
            continue
        if not any(entry.get(k) for k in known):
            problems.append(f"{where} : au moins un thème, un type d'aide ou une phase.")
        for name, slugs in known.items():
            for slug in entry.get(name, []):
                if slug not in slugs:
                    problems.append(f"{where}, champ « {name} » : « {slug} » inconnu.")
        for expression, key in _keys(where, expressions, seen, problems):
            terms.append(
                Term(
                    expression=expression,
                    key=key,
                    entry=number,
                    generic=bool(entry.get("generique", False)),
                    themes=tuple(entry.get("themes", [])),
                    aides=tuple(entry.get("aides", [])),
                    phases=tuple(entry.get("phases", [])),
                    named=bool(entry.get("nomme", False)),
                    funding=bool(entry.get("financement", False)),
                    action=bool(entry.get("action", False)),
                    place=bool(entry.get("lieu", False)),
                    protected=bool(entry.get("protege", False)),
                )
            )
    for number, entry in enumerate(data.get("hors_champ", []), start=1):
        where = f"{Path(path).name}, hors champ n° {number}"
        expressions = _expressions(where, entry, OUT_OF_SCOPE_KEYS, problems)
        if expressions is None:
            continue
        authority = entry.get("autorite", "")
        if not isinstance(authority, str):
            problems.append(f"{where}, champ « autorite » : texte attendu.")
            continue
        for expression, key in _keys(where, expressions, seen, problems):
            terms.append(Term(expression, key, -number, False, (), (), (), out_of_scope=authority))
    abbreviations = data.get("abreviations", {})
    if not isinstance(abbreviations, dict) or not all(
        isinstance(v, str) for v in abbreviations.values()
    ):
        problems.append(f'{Path(path).name}, [abreviations] : « sigle = "mots" » attendu.')
        abbreviations = {}
    private_life = _private_life(path, data.get("vie_privee"), problems)
    speakers = _speakers(path, data.get("locuteurs"), problems)
    if problems:
        raise ThesaurusError(problems)
    return Thesaurus(terms, abbreviations, private_life, speakers)


def _section(path: Path, entry, name: str, allowed: set, problems: list) -> str | None:
    """Where a section's problems are reported, its unknown keys reported already; None when
    the file has no such section."""
    if entry is None:
        return None
    where = f"{Path(path).name}, [{name}]"
    for key in sorted(set(entry) - allowed):
        problems.append(f"{where}, champ « {key} » : champ inconnu.")
    return where


def _speakers(path: Path, entry, problems: list) -> tuple | None:
    where = _section(path, entry, "locuteurs", SPEAKER_KEYS, problems)
    if where is None:
        return None
    phrases, authority = entry.get("expressions"), entry.get("autorite")
    if not isinstance(phrases, list) or not phrases or not isinstance(authority, str):
        problems.append(f"{where} : « expressions » (une liste) et « autorite » sont obligatoires.")
        return None
    read = {phrase: tuple(normalize(w) for w in text_words(str(phrase))) for phrase in phrases}
    for phrase in [phrase for phrase, words in read.items() if len(words) < 2]:
        problems.append(f"{where} : « {phrase} » : écrivez au moins deux mots qui se suivent.")
    return frozenset(words for words in read.values() if len(words) >= 2), authority


def _private_life(path: Path, entry, problems: list) -> tuple | None:
    where = _section(path, entry, "vie_privee", PRIVATE_LIFE_KEYS, problems)
    if where is None:
        return None
    possessives, nouns = entry.get("possessifs"), entry.get("mots")
    if not possessives or not nouns or not isinstance(entry.get("autorite"), str):
        problems.append(f"{where} : « possessifs », « mots » et « autorite » sont obligatoires.")
        return None
    return (
        frozenset(normalize(word) for word in possessives),
        frozenset(_joined(text_words(noun)) for noun in nouns),
        entry["autorite"],
    )


@lru_cache(maxsize=4)
def load_thesaurus(path: Path = THESAURUS_PATH) -> Thesaurus:
    return read_thesaurus(
        path,
        set(Theme.objects.values_list("slug", flat=True)),
        set(HelpKind.objects.values_list("slug", flat=True)),
        set(Phase.objects.values_list("slug", flat=True)),
    )
