"""The thesaurus (orientation/thesaurus.toml): expressions of the field and what they mean."""

import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from core.errors import ProblemsError
from directory.models import HelpKind, Phase, Theme

from .text import stems, words_and_stems

THESAURUS_PATH = Path(__file__).resolve().parent / "thesaurus.toml"
ENTRY_KEYS = {"expressions", "themes", "aides", "phases", "generique", "nomme", "financement"}
OUT_OF_SCOPE_KEYS = {"expressions", "autorite"}
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


@dataclass
class Match:
    terms: list[Term] = field(default_factory=list)
    themes: dict[str, int] = field(default_factory=dict)  # slug -> number of expressions
    aides: dict[str, int] = field(default_factory=dict)
    phases: dict[str, int] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)  # every stem of the text
    spelled: dict[str, str] = field(default_factory=dict)  # stem -> the word as typed

    @cached_property
    def entries(self) -> dict[int, Term]:
        """The specific (non-generic) thesaurus entries the text mentions, with the expression
        found: what a request and an offer's text can share. Read once the match is made."""
        return {term.entry: term for term in reversed(self.terms) if not term.generic}

    @cached_property
    def word_set(self) -> frozenset[str]:
        return frozenset(self.words)

    @cached_property
    def named(self) -> dict[int, Term]:
        """The schemes and kinds of structure the text names."""
        return {term.entry: term for term in self.terms if term.named}

    @cached_property
    def lead_themes(self) -> frozenset[str]:
        """The themes of the first specific expression: in « une halte nautique au bord de la
        rivière » the project is the halt, the river is where."""
        for term in self.terms:
            if term.themes and not term.generic and term.out_of_scope is None:
                return frozenset(term.themes)
        return frozenset()

    @property
    def asks_funding(self) -> bool:
        return any(term.funding for term in self.terms)

    @property
    def out_of_scope(self) -> str | None:
        """The competent authority (or "") when the request is one no engineering structure
        handles; None otherwise."""
        for term in self.terms:
            if term.out_of_scope is not None:
                return term.out_of_scope
        return None


class Thesaurus:
    def __init__(self, terms: list[Term]):
        self.terms = terms
        # By first stem, longest expressions first: « éclairage public » before « éclairage ».
        self.by_first: dict[str, list[Term]] = {}
        for term in sorted(terms, key=lambda t: (-len(t.key), t.expression)):
            self.by_first.setdefault(term.key[0], []).append(term)

    def match(self, text: str, gap: int = GAP) -> Match:
        """Expressions found in `text`, longest first; the words of one may be separated by
        up to GAP others (« traversée dangereuse dans le bourg » is « traversée de bourg »),
        and each word counts for one expression only."""
        pairs = words_and_stems(text)
        words = [stem for _, stem in pairs]
        result = Match(words=words, spelled={stem: word for word, stem in reversed(pairs)})
        seen: set[Term] = set()
        used: set[int] = set()
        found_at: list[tuple[int, Term]] = []
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
                        found_at.append((position, term))
                    break
        for _, term in sorted(found_at, key=lambda item: item[0]):
            result.terms.append(term)
            for slug in term.themes:
                result.themes[slug] = result.themes.get(slug, 0) + 1
            for slug in term.aides:
                result.aides[slug] = result.aides.get(slug, 0) + 1
            for slug in term.phases:
                result.phases[slug] = result.phases.get(slug, 0) + 1
        return result


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
    """(expression, its stems) of an entry; an empty or repeated expression is a problem."""
    found = []
    for expression in expressions:
        key = tuple(stems(expression))
        if not key:
            problems.append(f"{where} : « {expression} » ne contient aucun mot utile.")
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
    if problems:
        raise ThesaurusError(problems)
    return Thesaurus(terms)


@lru_cache(maxsize=4)
def load_thesaurus(path: Path = THESAURUS_PATH) -> Thesaurus:
    return read_thesaurus(
        path,
        set(Theme.objects.values_list("slug", flat=True)),
        set(HelpKind.objects.values_list("slug", flat=True)),
        set(Phase.objects.values_list("slug", flat=True)),
    )
