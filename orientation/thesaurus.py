"""The thesaurus (orientation/thesaurus.toml): expressions of the field and what they mean."""

import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from core.errors import ProblemsError
from directory.models import HelpKind, Phase, Theme

from .text import stems, words_and_stems

THESAURUS_PATH = Path(__file__).resolve().parent / "thesaurus.toml"
ENTRY_KEYS = {"expressions", "themes", "aides", "phases", "generique"}


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


class Thesaurus:
    def __init__(self, terms: list[Term]):
        self.terms = terms
        # By first stem, longest expressions first: « éclairage public » before « éclairage ».
        self.by_first: dict[str, list[Term]] = {}
        for term in sorted(terms, key=lambda t: (-len(t.key), t.expression)):
            self.by_first.setdefault(term.key[0], []).append(term)

    def match(self, text: str) -> Match:
        pairs = words_and_stems(text)
        words = [stem for _, stem in pairs]
        result = Match(words=words, spelled={stem: word for word, stem in reversed(pairs)})
        seen: set[Term] = set()
        position = 0
        while position < len(words):
            for term in self.by_first.get(words[position], ()):
                if tuple(words[position : position + len(term.key)]) == term.key:
                    if term not in seen:
                        seen.add(term)
                        result.terms.append(term)
                        for slug in term.themes:
                            result.themes[slug] = result.themes.get(slug, 0) + 1
                        for slug in term.aides:
                            result.aides[slug] = result.aides.get(slug, 0) + 1
                        for slug in term.phases:
                            result.phases[slug] = result.phases.get(slug, 0) + 1
                    position += len(term.key)
                    break
            else:
                position += 1
        return result


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
        for key in sorted(set(entry) - ENTRY_KEYS):
            problems.append(f"{where}, champ « {key} » : champ inconnu.")
        expressions = entry.get("expressions")
        if not isinstance(expressions, list) or not expressions:
            problems.append(f"{where}, champ « expressions » : liste non vide attendue.")
            continue
        if not any(entry.get(k) for k in known):
            problems.append(f"{where} : au moins un thème, un type d'aide ou une phase.")
        for name, slugs in known.items():
            for slug in entry.get(name, []):
                if slug not in slugs:
                    problems.append(f"{where}, champ « {name} » : « {slug} » inconnu.")
        for expression in expressions:
            key = tuple(stems(expression))
            if not key:
                problems.append(f"{where} : « {expression} » ne contient aucun mot utile.")
                continue
            if key in seen and seen[key] != where:
                problems.append(f"{where} : « {expression} » figure déjà au {seen[key]}.")
            seen.setdefault(key, where)
            terms.append(
                Term(
                    expression=expression,
                    key=key,
                    entry=number,
                    generic=bool(entry.get("generique", False)),
                    themes=tuple(entry.get("themes", [])),
                    aides=tuple(entry.get("aides", [])),
                    phases=tuple(entry.get("phases", [])),
                )
            )
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
