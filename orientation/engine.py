"""The orientation engine: a commune and a project in the mayor's own words → the few offers
that fit, why, on what conditions; or, when nothing fits well, the generalist doors.

Territorial correctness comes first and is not a matter of score: candidates are only the
offers whose territory includes the commune and whose population limits admit it
(`OffreQuerySet.covering`). Scoring then ranks them on what the text and the choices say.
"""

import math
from dataclasses import dataclass, field

from directory.models import HelpKind, Offre, Phase, Structure, Theme
from territories.models import Commune

from .text import stems
from .thesaurus import Match, load_thesaurus

THEME_WEIGHT = 3.0
CHOSEN_THEME_WEIGHT = 4.0
AIDE_WEIGHT = 1.0
PHASE_WEIGHT = 0.6
WORD_WEIGHT = 0.5
WORDS_CAP = 2.0
SYNONYM_WEIGHT = 1.2  # the offer's text uses an expression of the same thesaurus entry
SYNONYMS_CAP = 2.4
TARGETED_BONUS = 0.5  # an offer designed for communes of this size
LOCAL_BONUS = {"epci": 0.4, "communes": 0.4, "departements": 0.25, "regions": 0.1, "france": 0.0}
MIN_SCORE = 2.0  # below this, an offer is not presented as a match
WEAK_BELOW = 2.5  # a best score below this: nothing fits well
SHOWN_FIRST = 5


class OrientationError(ValueError):
    """Bad input, with a message in French for the user."""


@dataclass
class Understood:
    themes: list[Theme]
    aides: list[HelpKind]
    phases: list[Phase]
    expressions: list[str]


@dataclass
class Result:
    rank: int
    score: float
    offre: Offre
    raisons: list[str]
    conditions: str


@dataclass
class EntryPoint:
    structure: Structure
    raison: str


@dataclass
class Orientation:
    commune: Commune
    understood: Understood
    results: list[Result]
    weak: bool
    entry_points: list[EntryPoint] = field(default_factory=list)

    @property
    def first(self) -> list[Result]:
        return self.results[:SHOWN_FIRST]

    @property
    def more(self) -> list[Result]:
        return self.results[SHOWN_FIRST:]


def orient(
    commune: Commune, text: str, theme: str = "", aide: str = "", phase: str = ""
) -> Orientation:
    text = (text or "").strip()
    if not text and not theme:
        raise OrientationError("Décrivez votre projet en quelques mots, ou choisissez un thème.")
    chosen = _chosen(theme, aide, phase)
    match = load_thesaurus().match(text)
    understood = _understood(match, chosen)
    candidates = (
        Offre.objects.covering(commune)
        .filter(for_communes=True)
        .select_related("structure")
        .prefetch_related("themes", "help_kinds", "phases", "regions", "departements", "epcis")
    )
    if chosen["theme"]:
        candidates = candidates.filter(themes=chosen["theme"])
    scored = []
    for offre in candidates:
        score, raisons = _score(offre, commune, match, chosen)
        if score >= MIN_SCORE:
            scored.append((score, offre, raisons))
    scored.sort(key=lambda item: (-item[0], item[1].structure.name, item[1].title))
    results = [
        Result(rank, round(score, 2), offre, raisons, conditions(offre))
        for rank, (score, offre, raisons) in enumerate(scored, start=1)
    ]
    weak = not results or results[0].score < WEAK_BELOW
    orientation = Orientation(commune, understood, results, weak)
    if weak:
        orientation.entry_points = entry_points(commune)
    return orientation


def _chosen(theme: str, aide: str, phase: str) -> dict:
    chosen = {"theme": None, "aide": None, "phase": None}
    for name, model, slug, label in (
        ("theme", Theme, theme, "Thème"),
        ("aide", HelpKind, aide, "Type d'aide"),
        ("phase", Phase, phase, "Phase"),
    ):
        if slug:
            chosen[name] = model.objects.filter(slug=slug).first()
            if chosen[name] is None:
                raise OrientationError(f"{label} inconnu : « {slug} ».")
    return chosen


def _understood(match: Match, chosen: dict) -> Understood:
    def ordered(model, votes: dict[str, int], extra):
        slugs = sorted(votes, key=lambda s: -votes[s])
        objects = {o.slug: o for o in model.objects.filter(slug__in=slugs)}
        found = [objects[s] for s in slugs if s in objects]
        if extra and extra not in found:
            found.insert(0, extra)
        return found

    return Understood(
        themes=ordered(Theme, match.themes, chosen["theme"]),
        aides=ordered(HelpKind, match.aides, chosen["aide"]),
        phases=ordered(Phase, match.phases, chosen["phase"]),
        expressions=[term.expression for term in match.terms],
    )


def _score(offre: Offre, commune: Commune, match: Match, chosen: dict):
    raisons = [territory_reason(offre, commune)]
    themes = list(offre.themes.all())
    specificity = 1 / math.sqrt(len(themes)) if themes else 0
    score = 0.0
    matched_themes = []
    for theme in themes:
        votes = match.themes.get(theme.slug, 0)
        weight = THEME_WEIGHT * (1 + 0.25 * min(votes - 1, 2)) if votes else 0.0
        if chosen["theme"] and chosen["theme"].pk == theme.pk:
            weight += CHOSEN_THEME_WEIGHT
        if weight:
            score += weight * specificity
            matched_themes.append(theme.name)
    if matched_themes:
        raisons.append("thème : " + ", ".join(matched_themes))
    for kind, relation, weight, label in (
        ("aide", offre.help_kinds.all(), AIDE_WEIGHT, "type d'aide"),
        ("phase", offre.phases.all(), PHASE_WEIGHT, "phase"),
    ):
        votes = match.aides if kind == "aide" else match.phases
        wanted = set(votes) | ({chosen[kind].slug} if chosen[kind] else set())
        hits = [item for item in relation if item.slug in wanted]
        if hits:
            score += weight * (2 if chosen[kind] and chosen[kind] in hits else 1)
            raisons.append(f"{label} : " + ", ".join(h.name.lower() for h in hits))
    aide_slugs = {h.slug for h in offre.help_kinds.all()}
    if (
        aide_slugs == {"formation"}
        and "formation" not in match.aides
        and not (chosen["aide"] and chosen["aide"].slug == "formation")
    ):
        score *= 0.5  # a training offer is not support for a project unless training is asked
    shared = [term for entry, term in match.entries.items() if entry in offer_entries(offre)]
    if shared:
        score += min(SYNONYMS_CAP, SYNONYM_WEIGHT * len(shared))
        raisons.append("répond à : " + ", ".join(f"« {t.expression} »" for t in shared[:3]))
    words = set(match.words)
    offer_words = set(stems(f"{offre.title} {offre.summary}"))
    common = sorted(words & offer_words)
    if common and (matched_themes or len(common) >= 2):
        score += min(WORDS_CAP, WORD_WEIGHT * len(common))
        cited = {stem for term in shared for stem in term.key}
        spelled = [match.spelled.get(s, s) for s in common if s not in cited]
        if spelled:
            raisons.append("mots de votre projet dans l'offre : " + ", ".join(spelled[:4]))
    if matched_themes or chosen["theme"]:
        score += LOCAL_BONUS[_covering_relation(offre, commune)]
        if offre.population_max is not None:
            score += TARGETED_BONUS
            raisons.append("conçue pour les communes de votre taille")
    return score, raisons


_OFFER_ENTRIES: dict[tuple[int, object], frozenset[int]] = {}


def offer_entries(offre: Offre) -> frozenset[int]:
    """The thesaurus entries an offer's own text mentions (cached until the offer changes)."""
    key = (offre.pk, offre.updated_at)
    if key not in _OFFER_ENTRIES:
        if len(_OFFER_ENTRIES) > 50_000:
            _OFFER_ENTRIES.clear()
        text = f"{offre.title} {offre.summary}"
        _OFFER_ENTRIES[key] = frozenset(load_thesaurus().match(text).entries)
    return _OFFER_ENTRIES[key]


def _covering_relation(offre: Offre, commune: Commune) -> str:
    if commune.epci_id and any(e.code == commune.epci_id for e in offre.epcis.all()):
        return "epci"
    if offre.scope == Offre.Scope.COMMUNES:
        return "communes"
    if any(d.code == commune.departement_id for d in offre.departements.all()):
        return "departements"
    if any(r.code == commune.region_id for r in offre.regions.all()):
        return "regions"
    return "france"


def territory_reason(offre: Offre, commune: Commune) -> str:
    relation = _covering_relation(offre, commune)
    if relation == "epci":
        return f"couvre votre commune via {commune.epci.name}"
    if relation == "communes":
        return f"{commune.name} fait partie des communes concernées"
    if relation == "departements":
        return f"couvre tout le département : {commune.departement.name}"
    if relation == "regions":
        return f"couvre toute la région : {commune.region.name}"
    return "offre nationale, ouverte à toutes les communes"


def conditions(offre: Offre) -> str:
    parts = [offre.get_cost_display()]
    if offre.members_only:
        parts.append("accès réservé (membres, adhérents ou communes retenues)")
    if offre.population_max is not None:
        parts.append(
            f"communes de moins de {offre.population_max + 1:,} habitants".replace(",", " ")
        )
    if offre.population_min is not None:
        parts.append(f"communes d'au moins {offre.population_min:,} habitants".replace(",", " "))
    text = " ; ".join(parts)
    if offre.conditions_details:
        text += f". {offre.conditions_details}"
    return text


ENTRY_REASONS = {
    Structure.Kind.EPCI: "votre intercommunalité, premier relais de vos projets",
    Structure.Kind.ETAT: "services de l'État : conseil et orientation des élus",
    Structure.Kind.DEPARTEMENT: "le Département, partenaire des communes",
}


def entry_points(commune: Commune) -> list[EntryPoint]:
    """The generalist doors (structures marked `generalist`) with an offer covering this
    commune: its intercommunality first, then the State, then the Département."""
    covering = Offre.objects.covering(commune).values("structure_id")
    generalists = Structure.objects.filter(pk__in=covering, generalist=True)
    order = list(ENTRY_REASONS)
    ranked = sorted(
        generalists,
        key=lambda s: (order.index(s.kind) if s.kind in order else len(order), s.name),
    )
    return [EntryPoint(s, ENTRY_REASONS.get(s.kind, "porte d'entrée généraliste")) for s in ranked]
