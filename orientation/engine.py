"""The orientation engine: a commune and a project in the mayor's own words → the few offers
that fit, why, on what conditions; or, when nothing fits well, the generalist doors.

Territorial correctness comes first and is not a matter of score: candidates are only the
offers whose territory includes the commune and whose population limits admit it
(the rule of `OffreQuerySet.covering`, applied to the in-memory `directory.index`). Scoring
then ranks them on what the text and the choices say.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.utils.formats import number_format

from core.params import PROJECT_TEXT
from core.text import normalize
from directory.index import ADVICE, FUNDING, MIXED, DirectoryIndex, OfferEntry, get_index
from directory.models import HelpKind, Offre, Phase, Structure, Theme
from territories.models import Commune

from .text import PLAIN, PROTECTION, STATUSES, lemmas, unprotected
from .thesaurus import Match, Term, load_thesaurus

THEME_WEIGHT = 3.0
SECONDARY_THEME = 0.6  # a theme of the request that is not its first expression's
SPECIFICITY = 0.5  # an offer on n themes weighs each 1 / n ** SPECIFICITY
CHOSEN_THEME_WEIGHT = 4.0
AIDE_WEIGHT = 1.0
PHASE_WEIGHT = 0.6
FIRST_STEP_WEIGHT = 0.5  # no phase said: a project starts with advice upstream (« émergence »)
# The request's words in the offer's own text, weighed by BM25 (rare words count, « projet »
# hardly): the offer that speaks of the request wins inside a structure.
BM25_K1 = 1.2
BM25_B = 0.75
BM25_WEIGHT = 0.4
BM25_CAP = 5.0
BM25_ALONE = 3.0  # without a shared theme, the words must weigh this much to count
RARE_IDF = 2.5  # a word this rare among the offers makes its offers candidates by itself
OFF_THEME_FACTOR = 0.6  # the request's themes are understood and the offer shares none
NEGATED_FACTOR = 0.4  # the offer speaks of what the request excludes (« non protégée »)
UNSTATED_STATUS_FACTOR = 0.7  # an offer for protected heritage, the request silent on it
VERB_ENDINGS = ("er", "ire")  # « protéger », « inscrire »: a verb, not a status
SYNONYM_WEIGHT = 1.2  # the offer's text uses an expression of the same thesaurus entry
SYNONYMS_CAP = 2.4
LEAD_WEIGHT = 1.5  # the offer's text speaks of the request's first specific expression
NAMED_WEIGHT = 4.0  # the request names a scheme or a structure the offer names too
FREE_WEIGHT = 1.0  # the request asks for something free and the offer is free
TARGETED_BONUS = 0.5  # an offer designed for communes of this size, that answers the request
LOCAL_BONUS = {"epci": 0.4, "communes": 0.4, "departements": 0.25, "regions": 0.1, "france": 0.0}
MIN_SCORE = 2.0  # below this, an offer is not presented as a match
WEAK_BELOW = MIN_SCORE  # nothing reaches it: no clear answer (« partielle » says the rest)
SHOWN_FIRST = 3  # per block; the evaluation set holds the expected structures to the top 3
FOUND_SHOWN = 4  # words found in the offers, named in the explanation
MAX_TEXT = PROJECT_TEXT  # characters of the project's description, all of them analysed
MAX_RESULTS = 20  # per block: the rest would not be read, and would weigh on rural connections
BLOCK_TITLES = {ADVICE: "Se faire accompagner", FUNDING: "Financer"}


class OrientationError(ValueError):
    """Bad input, with a message in French for the user and the field it is about."""

    def __init__(self, message: str, field: str = "q"):
        super().__init__(message)
        self.field = field


@dataclass
class Understood:
    themes: list[Theme]
    aides: list[HelpKind]
    phases: list[Phase]
    expressions: list[str]
    typed: list[str] = field(default_factory=list)  # the recognised words, as the user typed them
    chosen: list[str] = field(default_factory=list)  # « thème choisi : Voirie »…
    # The request's other rare words that the first answers' own texts hold (« caméras »), as
    # typed: set once the offers are ranked (`_found`).
    found: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What the search rests on, only in the user's own words and choices: « « toiture »,
        « église » ; mots retrouvés dans les offres : « caméras » ; thème choisi : architecture
        et bâtiment ». The themes the words were read as are not said: a word can be read
        wrongly, the user's words cannot."""
        parts = []
        if self.typed:
            parts.append(_quoted(self.typed, 8))
        if self.found:
            parts.append("mots retrouvés dans les offres : " + _quoted(self.found, FOUND_SHOWN))
        return " ; ".join(parts + self.chosen)


def _quoted(words: list[str], most: int) -> str:
    """« a », « b », … — non-breaking spaces inside the quotes: no « alone at a line's end."""
    shown = [f"«\u00a0{word}\u00a0»" for word in words[:most]]
    return ", ".join(shown + (["…"] if words[most:] else []))


@dataclass
class Result:
    rank: int  # in its block
    score: float
    offre: Offre
    evidence: "Evidence" = field(repr=False)
    match: Match = field(repr=False)
    category: str = ADVICE  # ADVICE or FUNDING: the block it is shown in

    @property
    def strong(self) -> bool:
        """« Correspondance forte »: the offer answers the request itself, not only its theme."""
        return self.evidence.strong

    @cached_property
    def _why(self) -> tuple[list[str], str]:
        # Written when read: a page shows only the first few results.
        return _reasons(self.evidence, self.match)

    @property
    def raisons(self) -> list[str]:
        """Why it was proposed, in plain French."""
        return self._why[0]

    @property
    def raison(self) -> str:
        """The reason in one line, for a short card: the most specific one."""
        return self._why[1]

    @cached_property
    def conditions(self) -> str:
        return conditions(self.offre)


@dataclass
class EntryPoint:
    structure: Structure
    raison: str


@dataclass
class Block:
    """The results of one kind: « Se faire accompagner » or « Financer », ranked on its own."""

    kind: str
    results: list[Result]

    @property
    def title(self) -> str:
        return BLOCK_TITLES[self.kind]

    @property
    def first(self) -> list[Result]:
        return self.results[:SHOWN_FIRST]

    @property
    def more(self) -> list[Result]:
        return self.results[SHOWN_FIRST:]


@dataclass
class Orientation:
    commune: Commune
    understood: Understood
    results: list[Result]  # every block's, the asked-for block first
    weak: bool
    entry_points: list[EntryPoint] = field(default_factory=list)
    primary: str = ADVICE  # the block the request is mostly about
    out_of_scope: str | None = None  # who decides (« relève de l'Éducation nationale »), or ""
    partial: bool = False  # the best answer shares only the theme with the request

    @property
    def blocks(self) -> list[Block]:
        """The non-empty blocks, the asked-for one first."""
        kinds = [self.primary] + [k for k in (ADVICE, FUNDING) if k != self.primary]
        blocks = [Block(kind, [r for r in self.results if r.category == kind]) for kind in kinds]
        return [block for block in blocks if block.results]

    @property
    def best(self) -> Result | None:
        """The first answer: the first of the asked-for block (or of the other one)."""
        blocks = self.blocks
        return blocks[0].results[0] if blocks else None

    @property
    def is_out_of_scope(self) -> bool:
        """No engineering structure handles the request (the thesaurus's « hors champ »)."""
        return self.out_of_scope is not None

    @property
    def strength(self) -> str:
        """« forte », « partielle » or « faible », for the API and the page's headline."""
        if self.weak:
            return "faible"
        return "partielle" if self.partial else "forte"

    @property
    def first(self) -> list[Result]:
        return [r for block in self.blocks for r in block.first]

    @property
    def more(self) -> list[Result]:
        return [r for block in self.blocks for r in block.more]


def orient(
    commune: Commune,
    text: str,
    theme: str = "",
    aide: str = "",
    phase: str = "",
    index: DirectoryIndex | None = None,
) -> Orientation:
    text = (text or "").strip()
    if not text and not theme:
        raise OrientationError("Décrivez votre projet en quelques mots, ou choisissez un thème.")
    if len(text) > MAX_TEXT:
        raise OrientationError(
            f"Votre description fait {number_format(len(text), force_grouping=True)} "
            f"caractères : raccourcissez-la à {number_format(MAX_TEXT, force_grouping=True)} "
            "caractères au plus."
        )
    index = index or get_index()
    chosen = _chosen(index, theme, aide, phase)
    match = load_thesaurus().match(text)
    tokens = _tokens(text)
    understood = _understood(index, match, chosen, text, tokens)
    asks_funding = match.asks_funding or (chosen["aide"] and chosen["aide"].slug == "financiere")
    primary = FUNDING if asks_funding else ADVICE
    if match.out_of_scope is not None:
        # No engineering structure handles it: say so, and who does when the thesaurus knows.
        orientation = Orientation(commune, understood, [], True, primary=primary)
        orientation.out_of_scope = match.out_of_scope
        orientation.entry_points = entry_points(commune, index)
        return orientation
    scored = _scored(commune, match, chosen, index, asks_funding)
    results = _ranked(scored, primary, index, match)
    orientation = Orientation(commune, understood, results, False, primary=primary)
    understood.found = _found(orientation.first, match, text, tokens, corpus(index))
    best = orientation.best
    orientation.weak = best is None or best.score < WEAK_BELOW
    orientation.partial = not orientation.weak and not best.strong
    if orientation.weak or orientation.partial:
        orientation.entry_points = entry_points(commune, index)
    return orientation


def _candidates(match: Match, chosen: dict, index: DirectoryIndex) -> list:
    """Only an offer sharing an understood theme (or, failing one, a kind of help), or whose
    own text holds a rare word of the request, can reach MIN_SCORE: the candidates are those."""
    if chosen["theme"]:
        wanted = [index.by_theme[chosen["theme"].slug]]
    elif match.themes:
        wanted = [index.by_theme[slug] for slug in match.themes if slug in index.by_theme]
    elif match.aides or chosen["aide"]:
        slugs = set(match.aides) | ({chosen["aide"].slug} if chosen["aide"] else set())
        wanted = [index.by_aide[slug] for slug in slugs if slug in index.by_aide]
    else:
        wanted = []
    return wanted + corpus(index).candidates(match.topic_words)


def _scored(commune, match: Match, chosen: dict, index: DirectoryIndex, asks_funding) -> list:
    """The candidates covering the commune that reach MIN_SCORE, as (score, entry, evidence),
    in the order they are shown."""
    words = corpus(index)
    scored = []
    places = index.places(commune)
    for pk, relation in index.relations(commune, _candidates(match, chosen, index)).items():
        entry = index.offers[pk]
        if not entry.admits_population(commune):
            continue
        # An offer reserved to programmes the commune is not in, only when the request names
        # the programme itself (« comment candidater à Villages d'avenir ? »), and saying so.
        if entry.reserved_from(commune) and not _names_programme(entry, match):
            continue
        score, evidence = _score(
            entry, match, chosen, relation, places.get(relation, ""), commune, words, asks_funding
        )
        if score >= MIN_SCORE:
            scored.append((score, entry, evidence))
    # An offer of a structure no public source identifies never comes before a sourced one;
    # between equal scores, the generalist doors (préfecture, Département…) first.
    scored.sort(
        key=lambda item: (
            not item[1].identified,
            not item[2].speaks_of_it,
            -item[0],
            not item[1].generalist,
            -len(item[1].themes),
            item[1].sort_key,
        )
    )
    return scored


def _ranked(scored: list, primary: str, index: DirectoryIndex, match: Match) -> list[Result]:
    """The results of the asked-for block first, then the other's, three structures first in
    each; an offer that both advises and funds goes to the asked-for block."""

    def block_of(entry) -> str:
        return primary if entry.category == MIXED else entry.category

    kept = _distinct_first([item for item in scored if block_of(item[1]) == primary])
    kept += _distinct_first([item for item in scored if block_of(item[1]) != primary])
    offres = index.offres([entry.pk for _, entry, _ in kept])
    results = []
    ranks = {ADVICE: 0, FUNDING: 0}
    for score, entry, evidence in kept:
        if entry.pk in offres:
            block = block_of(entry)
            ranks[block] += 1
            results.append(
                Result(ranks[block], round(score, 2), offres[entry.pk], evidence, match, block)
            )
    return results


def _names_programme(offre: OfferEntry, match: Match) -> bool:
    """The request names a programme the offer is reserved to: every word of its name."""
    return any(set(lemmas(name)) <= match.word_set for name in offre.programme_names)


def _names(offre: OfferEntry, match: Match) -> list[Term]:
    """The schemes or structures the request names that the offer names too."""
    analysed = offer_text(offre)
    entries, names = analysed.entries, analysed.names
    return [term for entry, term in match.named.items() if entry in entries or entry in names]


def _distinct_first(ranked: list) -> list:
    """The first SHOWN_FIRST places go to different structures (three answers are three
    doors); a structure's other offers follow, in their order."""
    first, rest, structures = [], [], set()
    for item in ranked:
        if len(first) < SHOWN_FIRST and item[1].structure_id not in structures:
            first.append(item)
            structures.add(item[1].structure_id)
        else:
            rest.append(item)
    return (first + rest)[:MAX_RESULTS]


def _chosen(index: DirectoryIndex, theme: str, aide: str, phase: str) -> dict:
    chosen = {"theme": None, "aide": None, "phase": None}
    for name, known, slug, label in (
        ("theme", index.themes, theme, "Thème"),
        ("aide", index.aides, aide, "Type d'aide"),
        ("phase", index.phases, phase, "Phase"),
    ):
        if slug:
            chosen[name] = known.get(slug)
            if chosen[name] is None:
                raise OrientationError(f"{label} inconnu : « {slug} ».", field=name)
    return chosen


TOKEN = re.compile(r"[^\s\-‐‑–—'’`´_.,;:!?/()«»\"]+")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The words of `text`, normalised, with where each one stands."""
    return [(normalize(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _typed(text: str, tokens, stems: list[tuple[str, ...]], match: Match) -> list[str]:
    """The passage of `text` (its `_tokens`) behind each sequence of stems, as typed: « salle
    des fêtes » for the expression « salle fêtes », « l'église » read as « église »,
    « caméras »."""
    typed = []
    for key in stems:
        words = [match.spelled.get(stem, stem) for stem in key]
        first = next((i for i, t in enumerate(tokens) if t[0] == words[0]), None)
        if first is None:
            continue
        last = next((i for i in range(first, len(tokens)) if tokens[i][0] == words[-1]), first)
        shown = text[tokens[first][1] : tokens[last][2]]
        if last - first > len(words) + 2:  # words far apart: each one alone
            shown = " … ".join(text[t[1] : t[2]] for t in tokens if t[0] in words)
        if shown not in typed:
            typed.append(shown)
    return typed


def _found(shown: list["Result"], match: Match, text: str, tokens, words: "Corpus") -> list[str]:
    """The request's rare words (as rare as those that make an offer a candidate by
    themselves) that the shown answers' own texts hold, beyond the recognised expressions:
    « caméras », not « commune », which half the offers say."""
    said = {stem for term in match.terms for stem in term.key}
    stems = []
    for result in shown:
        stems += [
            (s,)
            for s in result.evidence.words
            if s not in said and (s,) not in stems and words.idf.get(s, 0.0) >= RARE_IDF
        ]
    return _typed(text, tokens, stems, match)


def _understood(index: DirectoryIndex, match: Match, chosen: dict, text: str, tokens) -> Understood:
    def ordered(known: dict, votes: dict[str, int], extra):
        slugs = sorted(votes, key=lambda s: -votes[s])
        found = [known[s] for s in slugs if s in known]
        if extra and extra not in found:
            found.insert(0, extra)
        return found

    return Understood(
        themes=ordered(index.themes, match.themes, chosen["theme"]),
        aides=ordered(index.aides, match.aides, chosen["aide"]),
        phases=ordered(index.phases, match.phases, chosen["phase"]),
        expressions=[term.expression for term in match.terms],
        typed=_typed(text, tokens, [term.key for term in match.terms], match),
        chosen=[
            f"{label} choisi{ending} : {chosen[key].name.lower()}"
            for key, label, ending in (
                ("theme", "thème", ""),
                ("aide", "aide", "e"),
                ("phase", "étape", "e"),
            )
            if chosen[key]
        ],
    )


@dataclass
class Evidence:
    """What an offer shares with the request: every candidate gets one; only the results
    someone reads are put into words (`_reasons`)."""

    relation: str
    place: str  # the name of the territory the relation goes by
    commune: Commune
    themes: list[str]  # names of the matched themes
    hits: list[tuple[str, list[str]]]  # (label, names of the matched kinds of help or phases)
    shared: list[Term]  # thesaurus entries the offer's text has too
    words: list[str]  # stems of the request found in the offer's text
    targeted: bool  # designed for communes of this size
    named: list[Term] = field(default_factory=list)  # schemes or structures both name
    programmes: list[str] = field(default_factory=list)  # « est Petite ville de demain »
    reserved: bool = False  # to programmes the commune is not in (the request names one)
    against: bool = False  # it speaks of what the request excludes (« ni classée ni inscrite »)

    @property
    def strong(self) -> bool:
        """The offer answers the request itself (shared expressions, words or a named
        scheme), not only its theme."""
        return bool(self.shared or self.words or self.named)

    @property
    def speaks_of_it(self) -> bool:
        """Its text says what the request says (an expression of the same thesaurus entry, on
        a theme of the request, or a scheme both name): it comes before the offers that share
        only the theme or a few words. An expression alone, off the request's field (« école »
        in an offer on radon, for a methaniser), is a word in common, not the request; an
        offer on what the request excludes (the protected monuments' for « ni classée ni
        inscrite ») does not speak of it."""
        return not self.against and bool(self.named or (self.shared and self.themes))


def _score(
    offre: OfferEntry,
    match: Match,
    chosen: dict,
    relation: str,
    place: str,
    commune: Commune,
    corpus: "Corpus",
    asks_funding: bool = False,
) -> tuple[float, Evidence]:
    chosen_theme = chosen["theme"].slug if chosen["theme"] else None
    score, themes = _theme_score(offre, match, chosen_theme)
    on_theme = bool(themes or chosen_theme)
    help_score, hits = _help_score(offre, match, chosen)
    shared, named, words, weight = _text_evidence(offre, match, corpus, themes)
    entries = offer_text(offre).entries
    answers = bool(shared or named or words)
    score += help_score
    if shared:
        score += min(SYNONYMS_CAP, SYNONYM_WEIGHT * len(shared))
        if match.lead is not None and match.lead.entry in entries:
            score += LEAD_WEIGHT
    if named:
        score += NAMED_WEIGHT
    score += min(BM25_CAP, BM25_WEIGHT * weight)
    score = _first_step_and_training(score, offre, match, chosen, on_theme)
    bonus, factor = _negation(offre, match)
    score = (score + bonus) * factor * _unstated_status(offre, match)
    if match.themes and not themes:
        score *= OFF_THEME_FACTOR  # a word in common, but not the request's field
    # Money is offered when it fits the project, not for its theme alone, nor for a word of
    # an expression it does not share (« salle » of « salle des fêtes » in a sports-hall grant).
    fits = bool(shared or named or match.loose_words.intersection(words))
    if offre.category == FUNDING and not asks_funding and not fits:
        score = 0.0
    if "gratuit" in match.word_set and offre.cost == "gratuit" and on_theme:
        score += FREE_WEIGHT
    targeted = False
    if on_theme:
        score += LOCAL_BONUS[relation]
        # The size bonus only for an offer that answers the request itself: a programme for
        # small communes must not rise above the right door on its theme alone.
        if offre.population_max is not None and not offre.members_only and answers:
            score += TARGETED_BONUS
            targeted = True
    evidence = Evidence(
        relation,
        place,
        commune,
        themes,
        hits,
        shared,
        words,
        targeted,
        named,
        offre.programmes_of(commune),
        offre.reserved_from(commune),
        against=factor < 1,
    )
    return score, evidence


def _first_step_and_training(score, offre: OfferEntry, match: Match, chosen, on_theme) -> float:
    """A first step when the request names no phase; a training offer only when training is
    asked (otherwise it is not support for a project)."""
    if (
        not match.phases
        and not chosen["phase"]
        and any(slug == "emergence" for slug, _ in offre.phases)
        and on_theme
    ):
        score += FIRST_STEP_WEIGHT
    training_only = len(offre.aides) == 1 and offre.aides[0][0] == "formation"
    asked = "formation" in match.aides or (chosen["aide"] and chosen["aide"].slug == "formation")
    return score * 0.5 if training_only and not asked else score


def _theme_score(offre: OfferEntry, match: Match, chosen_theme: str | None):
    """What the offer's themes weigh for the request, and their names: a theme the user chose
    in full; an understood one by its votes, less when it is not the lead's, and the more
    specific the offer, the more each of its themes weighs."""
    score, themes, weights = 0.0, [], []
    for slug, name in offre.themes:
        votes = match.themes.get(slug, 0)
        weight = THEME_WEIGHT * (1 + 0.25 * min(votes - 1, 2)) if votes else 0.0
        if weight and match.lead_themes and slug not in match.lead_themes:
            weight *= SECONDARY_THEME
        if weight:
            weights.append(weight)
        if chosen_theme == slug:  # in full: the user said it, whatever else the offer does
            score += CHOSEN_THEME_WEIGHT
        if weight or chosen_theme == slug:
            themes.append(name)
    if weights:
        score += sum(weights) / len(offre.themes) ** SPECIFICITY
    return score, themes


def _help_score(offre: OfferEntry, match: Match, chosen: dict):
    """The kinds of help and the phases the offer shares with the request (twice when chosen)."""
    score, hits = 0.0, []
    for items, votes, picked, weight, label in (
        (offre.aides, match.aides, chosen["aide"], AIDE_WEIGHT, "type d'aide"),
        (offre.phases, match.phases, chosen["phase"], PHASE_WEIGHT, "phase"),
    ):
        picked_slug = picked.slug if picked else None
        names = [name for slug, name in items if slug in votes or slug == picked_slug]
        if names:
            chose_it = picked_slug is not None and any(slug == picked_slug for slug, _ in items)
            score += weight * (2 if chose_it else 1)
            hits.append((label, names))
    return score, hits


def _text_evidence(offre: OfferEntry, match: Match, corpus: "Corpus", themes: list[str]):
    """What the offer's own text shares with the request, the evidence that it answers it:
    thesaurus entries, named schemes, and words with their BM25 weight (words count on the
    request's field, or alone when rare and several)."""
    analysed = offer_text(offre)
    entries, offer_words = analysed.entries, analysed.words
    # A building the request only mentions (« ils viennent tous à la mairie ») is not what it
    # asks about: shared with an offer's text, it is evidence only for a request in its field.
    shared = [
        term
        for entry, term in match.entries.items()
        if entry in entries and (not term.place or set(term.themes) & match.lead_themes)
    ]
    words = sorted(w for w in match.topic_words if w in offer_words)
    weight = corpus.bm25(offre.pk, words)
    if not (words and (themes or (weight >= BM25_ALONE and len(words) >= 2))):
        words, weight = [], 0.0
    return shared, _names(offre, match), words, weight


def _negation(offre: OfferEntry, match: Match) -> tuple[float, float]:
    """What the score gains and by what it is multiplied: « patrimoine non protégé » asked and
    excluded alike, a bonus; « église non protégée » against the protected monuments' grant,
    or « église classée » against an offer for what is not classé, much less. « Ni classée ni
    inscrite » is « non protégée » (`unprotected`)."""
    analysed = offer_text(offre)
    entries, offer_words, offer_negated = analysed.entries, analysed.words, analysed.negated
    negated, offer_negated = unprotected(match.negated), unprotected(offer_negated)
    if negated and negated <= offer_negated:
        return SYNONYM_WEIGHT, 1.0
    if any(w in offer_words and w not in offer_negated for w in negated) or any(
        term.entry in entries for term in match.negated_terms
    ):
        return 0.0, NEGATED_FACTOR
    # The other way round, for a status the request states: « église classée » against the
    # grant for what is « ni classé ni inscrit ». A status only (an offer « hors Laval » is not
    # against « Laval »), and not the verb (« protéger le lavoir » asks for the Fondation).
    stated = {
        w for w in match.word_set & STATUSES if not match.spelled.get(w, "").endswith(VERB_ENDINGS)
    }
    if any(w in offer_negated and w not in offer_words for w in stated):
        return 0.0, NEGATED_FACTOR
    return 0.0, 1.0


def _unstated_status(offre: OfferEntry, match: Match) -> float:
    """By what an offer for protected heritage only (the ABF's advice near a monument, the
    grant for classé or inscrit monuments) is multiplied when the request says nothing of a
    protection: a church's future, its roof and a consultation of its inhabitants is first a
    question for the CAUE; « église classée », « non protégée » or « monument historique » say
    which door it is. It only steps back: with no other offer speaking of the request (« refaire
    le toit de l'église »), the ABF's advice still comes first."""
    said = (
        match.word_set & PROTECTION
        or unprotected(match.negated) & PROTECTION
        or any(term.protected for term in match.terms)  # « monument historique », « ABF »
    )
    return 1.0 if said or not offer_text(offre).protected else UNSTATED_STATUS_FACTOR


def _reasons(evidence: Evidence, match: Match) -> tuple[list[str], str]:
    """Every reason, from where the offer applies to what it shares with the request; and the
    most specific of them: what it names or answers, else its theme, else where it applies."""
    raisons = [territory_reason(evidence.relation, evidence.commune, evidence.place)]
    main = raisons[0]
    raisons += [f"votre commune {phrase}" for phrase in evidence.programmes]
    reserved = (
        "réservée aux communes retenues par le programme, dont la vôtre ne fait pas partie "
        "aujourd'hui : la préfecture vous dira si et comment le rejoindre"
    )
    if evidence.reserved:
        raisons.append(reserved)
    if evidence.themes:
        raisons.append("thème : " + ", ".join(evidence.themes))
        main = raisons[-1]
    for label, names in evidence.hits:
        raisons.append(f"{label} : " + ", ".join(name.lower() for name in names))
    if evidence.named:
        raisons.append(
            "nomme " + ", ".join(f"« {term.expression} »" for term in evidence.named[:2])
        )
        main = raisons[-1]
    if evidence.shared:
        cited = ", ".join(f"« {term.expression} »" for term in evidence.shared[:3])
        raisons.append("répond à : " + cited)
        main = raisons[-1]
    if evidence.words:
        cited_stems = {stem for term in evidence.shared for stem in term.key}
        spelled = [match.spelled.get(s, s) for s in evidence.words if s not in cited_stems]
        if spelled:
            raisons.append("mots de votre projet dans l'offre : " + ", ".join(spelled[:4]))
    if evidence.targeted:
        raisons.append("conçue pour les communes de votre taille")
    if evidence.reserved:  # said on the card itself, before anyone asks
        main = f"{main} ; {reserved}"
    return raisons, main


class OfferText(NamedTuple):
    entries: frozenset[int]  # the thesaurus entries of its title and summary
    words: Counter  # their words, as lemmas, counted
    names: frozenset[int]  # the schemes or structures its structure's name and acronym name
    negated: frozenset[str]  # the words it excludes (« patrimoine non protégé »)
    # A protection it states as its condition (« aux abords d'un monument protégé », « classés
    # ou inscrits »), not the verb (« protéger la ressource en eau »).
    protected: bool


def offer_text(offre: OfferEntry) -> OfferText:
    """What an offer's own text says, analysed once and kept on the index's entry (a new
    index, after any change of the directory, analyses again)."""
    if offre.analysed is None:
        thesaurus = load_thesaurus()
        words = PLAIN.read(offre.text)
        # Whole expressions only: an offer's text is written with care, and « bâtiments
        # recevant du public » is not « bâtiment public ». Its words as a request's: what it
        # excludes (« hors Laval Agglomération ») is not what it speaks of.
        offre.analysed = OfferText(
            frozenset(thesaurus.match(offre.text, gap=0, correct=False).entries),
            Counter(word.lemma for word in words if not word.negated),
            frozenset(thesaurus.match(offre.names, gap=0, correct=False).named),
            frozenset(word.lemma for word in words if word.negated),
            any(
                w.lemma in PROTECTION and not w.negated and not w.spelled.endswith(VERB_ENDINGS)
                for w in words
            ),
        )
    return offre.analysed


@dataclass
class Corpus:
    """The offers' own words, for BM25: how rare each word is among them, and which offers
    hold it."""

    counts: dict[int, Counter]
    average: float
    idf: dict[str, float]
    postings: dict[str, set[int]]

    def bm25(self, pk: int, words: list[str]) -> float:
        counts = self.counts.get(pk)
        if not counts or not words:
            return 0.0
        length = sum(counts.values()) / self.average
        total = 0.0
        for word in words:
            tf = counts.get(word, 0)
            if tf:
                norm = tf + BM25_K1 * (1 - BM25_B + BM25_B * length)
                total += self.idf[word] * tf * (BM25_K1 + 1) / norm
        return total

    def candidates(self, words) -> list[set[int]]:
        """The offers holding a rare word of the request."""
        return [self.postings[w] for w in words if self.idf.get(w, 0.0) >= RARE_IDF]


def corpus(index: DirectoryIndex) -> Corpus:
    """Built once per index (a new index, after any change of the directory, builds again)."""
    if "orientation.corpus" not in index.derived:
        counts = {pk: offer_text(entry).words for pk, entry in index.offers.items()}
        postings: dict[str, set[int]] = {}
        for pk, words in counts.items():
            for word in words:
                postings.setdefault(word, set()).add(pk)
        n = max(1, len(counts))
        idf = {
            word: math.log(1 + (n - len(pks) + 0.5) / (len(pks) + 0.5))
            for word, pks in postings.items()
        }
        average = max(1.0, sum(sum(c.values()) for c in counts.values()) / n)
        index.derived["orientation.corpus"] = Corpus(counts, average, idf, postings)
    return index.derived["orientation.corpus"]


def territory_reason(relation: str, commune: Commune, place: str) -> str:
    """`place`: the name of the territory (EPCI, département, région) the relation goes by."""
    if relation == "epci":
        return f"couvre votre commune via {place}"
    if relation == "communes":
        return f"{commune.name} fait partie des communes concernées"
    if relation == "departements":
        return f"couvre tout le département : {place}"
    if relation == "regions":
        return f"couvre toute la région : {place}"
    return "offre nationale, ouverte à toutes les communes"


def conditions(offre: Offre) -> str:
    parts = [offre.get_cost_display()]
    if offre.members_only:
        parts.append("accès réservé (membres, adhérents ou communes retenues)")
    if offre.population_label:
        parts.append(f"communes {offre.population_label}")
    text = " ; ".join(parts)
    if offre.conditions_details:
        text += f". {offre.conditions_details}"
    return text


ENTRY_REASONS = {
    Structure.Kind.EPCI: "votre intercommunalité, premier relais de vos projets",
    Structure.Kind.ETAT: "services de l'État : conseil et orientation des élus",
    Structure.Kind.DEPARTEMENT: "le Département, partenaire des communes",
}


def entry_points(commune: Commune, index: DirectoryIndex | None = None) -> list[EntryPoint]:
    """The generalist doors (structures marked `generalist`) with an offer covering this
    commune: its intercommunality first, then the State, then the Département."""
    index = index or get_index()
    available = index.available(commune)
    generalists = [
        generalist.structure
        for generalist in index.generalists
        if available.intersection(generalist.offres)
    ]
    order = list(ENTRY_REASONS)
    ranked = sorted(
        generalists,
        key=lambda s: (order.index(s.kind) if s.kind in order else len(order), s.name),
    )
    return [EntryPoint(s, ENTRY_REASONS.get(s.kind, "porte d'entrée généraliste")) for s in ranked]
