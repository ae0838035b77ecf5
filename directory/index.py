"""The directory held in memory for the orientation engine: every offer for communes with its
taxonomies and territory as plain sets, read in a few bulk queries and kept until the
directory's revision token changes (`directory.revision`).

At national scale (10,000 offers) an orientation then costs one indexed query for the token
and one for the chosen offers, instead of a dozen joins on the link tables.
"""

import datetime
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from core.revisions import Cached
from territories.models import EPCI, Commune, Departement, Programme, ProgrammeMembership, Region

from . import revision
from .models import HelpKind, Offre, Phase, Structure, Theme

ADVICE, FUNDING, MIXED = "accompagner", "financer", "mixte"  # the results' blocks
CLOSEST_FIRST = ("epci", "communes", "departements", "regions", "france")


@dataclass
class OfferEntry:
    pk: int
    structure_id: int
    sort_key: tuple[str, str]  # structure name, offer title
    text: str  # title and summary, what the engine reads
    updated_at: object
    scope: str
    population_min: int | None
    population_max: int | None
    identified: bool  # False: its structure is not publicly identified, never ranked first
    cost: str
    names: str  # its structure's name and acronym: a request may name the structure
    generalist: bool = False  # of a generalist door: first between equal scores
    members_only: bool = False  # only for members, adherents or selected communes
    category: str = ADVICE  # or FUNDING, or MIXED: the results' blocks (`category`)
    themes: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    aides: list[tuple[str, str]] = field(default_factory=list)
    phases: list[tuple[str, str]] = field(default_factory=list)
    regions: set[str] = field(default_factory=set)
    departements: set[str] = field(default_factory=set)
    epcis: set[str] = field(default_factory=set)
    communes: set[str] = field(default_factory=set)
    # Reserved to programmes with a complete list: (« est Petite ville de demain », codes).
    programmes: tuple[tuple[str, frozenset[str]], ...] = ()
    programme_names: tuple[str, ...] = ()  # « Villages d'avenir »: what a request may name
    analysed: tuple | None = field(default=None, repr=False)  # orientation.engine.offer_text

    @property
    def bounded(self) -> bool:
        """The offer has population limits."""
        return self.population_min is not None or self.population_max is not None

    def admits(self, commune: Commune) -> bool:
        """Its population limits and its programmes admit the commune (an unknown population
        is admitted)."""
        return not self.reserved_from(commune) and self.admits_population(commune)

    def reserved_from(self, commune: Commune) -> bool:
        """Reserved to programmes the commune is not in."""
        return bool(self.programmes) and not self.programmes_of(commune)

    def admits_population(self, commune: Commune) -> bool:
        population = commune.population
        if population is None:
            return True
        if self.population_min is not None and population < self.population_min:
            return False
        return self.population_max is None or population <= self.population_max

    def programmes_of(self, commune: Commune) -> list[str]:
        """How the commune belongs to the programmes the offer is reserved to: « est Petite
        ville de demain »."""
        return [phrase for phrase, codes in self.programmes if commune.code in codes]


def category(cost: str, aides: list[str]) -> str:
    """The results' two blocks: « financer » for an offer that gives money (a grant, a loan,
    a call for projects), « accompagner » for advice, expertise, studies and training
    (financial engineering included: advice on a budget is not money), « mixte » for one that
    gives money and advice (shown in the block the request asks for)."""
    if cost != Offre.Cost.FUNDING:
        return ADVICE
    return MIXED if set(aides) - {"financiere"} else FUNDING


class _Populations:
    """The populations of a group of communes, to count those an offer's limits admit
    without looking at each commune (`OfferEntry.admits`: an unknown population is admitted)."""

    def __init__(self, communes: list[Commune]):
        known = [c.population for c in communes if c.population is not None]
        self.sorted = sorted(known)
        self.unknown = len(communes) - len(known)

    def admitted(self, offer: OfferEntry) -> int:
        low = 0 if offer.population_min is None else bisect_left(self.sorted, offer.population_min)
        high = (
            len(self.sorted)
            if offer.population_max is None
            else bisect_right(self.sorted, offer.population_max)
        )
        return self.unknown + max(0, high - low)


@dataclass
class GeneralistEntry:
    structure: Structure
    offres: list[int]


@dataclass
class DirectoryIndex:
    token: str
    built_on: datetime.date  # offers past their end that day are left out
    offers: dict[int, OfferEntry]
    by_theme: dict[str, set[int]]
    by_aide: dict[str, set[int]]
    themes: dict[str, Theme]
    aides: dict[str, HelpKind]
    phases: dict[str, Phase]
    generalists: list[GeneralistEntry]
    national: set[int] = field(default_factory=set)
    by_territory: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # territory code -> name
    loaded: dict[int, Offre] = field(default_factory=dict, repr=False)
    # What a reader computes once for the life of this index (the engine's word statistics).
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def offres(self, pks: list[int]) -> dict[int, Offre]:
        """The offers as model instances with their structure, read from the database once
        for the life of this index. They are shared between requests: read them, never
        change them."""
        missing = [pk for pk in pks if pk not in self.loaded]
        if missing:
            self.loaded.update(Offre.objects.select_related("structure").in_bulk(missing))
        return {pk: self.loaded[pk] for pk in pks if pk in self.loaded}

    def covering(self, commune: Commune) -> set[int]:
        """The offers whose territory includes the commune (population limits not applied)."""
        found = set(self.national)
        for _, pks in self._territories_of(commune):
            found |= pks
        return found

    def available(self, commune: Commune) -> set[int]:
        """THE coverage rule: the offers for communes whose territory includes the commune and
        whose population limits admit it. `OffreQuerySet.covering` is the same rule in SQL,
        for querysets that compose (directory filters, API); everything else reads this."""
        return {pk for pk in self.covering(commune) if self.offers[pk].admits(commune)}

    def available_to(self, communes: list[Commune]) -> dict[int, int]:
        """For a group of communes (an EPCI, a département): each offer available to at least
        one of them, with to how many. The same rule as `available`, commune by commune, but
        the offers of the territories communes share (EPCI, département, région, France) are
        gathered once per group, and only those with population limits are looked at one
        commune at a time: a département of 800 communes costs a few milliseconds."""
        counts: Counter[int] = Counter()
        groups: dict[tuple, list[Commune]] = defaultdict(list)
        for commune in communes:
            groups[(commune.epci_id, commune.departement_id, commune.region_id)].append(commune)
        territories = self.by_territory
        for (epci, departement, region), members in groups.items():
            shared = set(self.national)
            for attribute, code in (
                ("epcis", epci),
                ("departements", departement),
                ("regions", region),
            ):
                shared |= territories[attribute].get(code, set())
            bounded = [pk for pk in shared if self.offers[pk].bounded]
            reserved = [pk for pk in shared if self.offers[pk].programmes]
            counts.update(dict.fromkeys(shared.difference(bounded, reserved), len(members)))
            populations = _Populations(members)
            for pk in set(bounded).difference(reserved):
                admitted = populations.admitted(self.offers[pk])
                if admitted:
                    counts[pk] += admitted
            for pk in reserved:  # a few offers, a few communes each
                admitted = sum(1 for commune in members if self.offers[pk].admits(commune))
                if admitted:
                    counts[pk] += admitted
            for commune in members:
                for pk in territories["communes"].get(commune.code, set()) - shared:
                    if self.offers[pk].admits(commune):
                        counts[pk] += 1
        return dict(counts)

    def relations(self, commune: Commune, any_of: list[set[int]]) -> dict[int, str]:
        """The offers of any of the sets `any_of` (those of a theme, say) whose territory
        includes the commune, each with the closest way it does (as `OfferEntry.relation`,
        without looking at each offer). The sets are never merged: the few hundred offers
        of the commune's territories are looked up in them, rather than their thousands
        copied (at national scale, a third of the engine's time went on the copy)."""
        found: dict[int, str] = {}
        for relation, pks in (*self._territories_of(commune), ("france", self.national)):
            for among in any_of:
                for pk in pks & among:
                    found.setdefault(pk, relation)
        return found

    def places(self, commune: Commune) -> dict[str, str]:
        """The names of the territories through which offers reach the commune, by relation
        (« epci », « departements », « regions »), for the reasons, without a query."""
        return {
            relation: self.names[attribute][code]
            for relation, attribute, code in _territories(commune)
            if attribute in self.names and code in self.names[attribute]
        }

    def _territories_of(self, commune: Commune) -> list[tuple[str, set[int]]]:
        """(relation, offers) for the commune's own territories, the closest first."""
        return [
            (relation, self.by_territory[attribute].get(code, set()))
            for relation, attribute, code in _territories(commune)
        ]


def _territories(commune: Commune) -> tuple[tuple[str, str, str | None], ...]:
    """(relation, index attribute, code) of the commune's own territories, the closest first."""
    return (
        ("epci", "epcis", commune.epci_id),
        ("communes", "communes", commune.code),
        ("departements", "departements", commune.departement_id),
        ("regions", "regions", commune.region_id),
    )


def build(token: str, today: datetime.date) -> DirectoryIndex:
    offers = _offers(today)
    themes = {t.slug: t for t in Theme.objects.all()}
    aides = {t.slug: t for t in HelpKind.objects.all()}
    phases = {t.slug: t for t in Phase.objects.all()}
    by_theme, by_aide = _taxonomies(offers, themes, aides, phases)
    by_territory = _offers_by_territory(offers)
    names = {  # for the reasons: « couvre votre commune via <EPCI> »
        attribute: dict(model.objects.values_list("code", "name"))
        for attribute, model in (
            ("regions", Region),
            ("departements", Departement),
            ("epcis", EPCI),
        )
    }
    for entry in offers.values():
        entry.category = category(entry.cost, [slug for slug, _ in entry.aides])
    _programmes(offers)
    generalists: dict[int, GeneralistEntry] = {}
    for structure in Structure.objects.filter(generalist=True).only(
        "slug", "name", "acronym", "kind"
    ):
        generalists[structure.pk] = GeneralistEntry(structure, [])
    for entry in offers.values():
        if entry.structure_id in generalists:
            generalists[entry.structure_id].offres.append(entry.pk)
    national = {pk for pk, entry in offers.items() if entry.scope == Offre.Scope.FRANCE}
    return DirectoryIndex(
        token,
        today,
        offers,
        by_theme,
        by_aide,
        themes,
        aides,
        phases,
        list(generalists.values()),
        national,
        by_territory,
        names,
    )


def _offers(today: datetime.date) -> dict[int, OfferEntry]:
    """The current offers for communes, with what the results and the engine read."""
    rows = (
        Offre.objects.current(today)
        .filter(for_communes=True)
        .values_list(
            "pk",
            "structure_id",
            "structure__name",
            "structure__acronym",
            "title",
            "summary",
            "updated_at",
            "scope",
            "population_min",
            "population_max",
            "cost",
            "structure__identified",
            "structure__generalist",
            "members_only",
        )
    )
    offers = {}
    for row in rows:
        (pk, structure, name, acronym, title, summary, updated_at, scope, population_min,
         population_max, cost, identified, generalist, members_only) = row  # fmt: skip
        offers[pk] = OfferEntry(
            pk,
            structure,
            (name.casefold(), title.casefold()),
            f"{title} {summary}",
            updated_at,
            scope,
            population_min,
            population_max,
            identified,
            cost,
            names=f"{name} {acronym}",
            generalist=generalist,
            members_only=members_only,
        )
    return offers


def _taxonomies(offers, themes, aides, phases) -> tuple[dict, dict]:
    """Each offer's themes, kinds of help and phases; the offers of each theme and kind."""
    by_theme: dict[str, set[int]] = {slug: set() for slug in themes}
    by_aide: dict[str, set[int]] = {slug: set() for slug in aides}
    for attribute, taxonomy, through, column, inverse in (
        ("themes", themes, Offre.themes.through, "theme_id", by_theme),
        ("aides", aides, Offre.help_kinds.through, "helpkind_id", by_aide),
        ("phases", phases, Offre.phases.through, "phase_id", None),
    ):
        by_pk = {t.pk: (t.slug, t.name) for t in taxonomy.values()}
        for offre_id, value_id in through.objects.values_list("offre_id", column):
            if offre_id in offers:
                pair = by_pk[value_id]
                getattr(offers[offre_id], attribute).append(pair)
                if inverse is not None:
                    inverse[pair[0]].add(offre_id)
    return by_theme, by_aide


def _offers_by_territory(offers) -> dict[str, dict[str, set[int]]]:
    """Each offer's territories, and the offers of each territory, by kind."""
    by_territory: dict[str, dict[str, set[int]]] = {}
    for attribute, through, column in (
        ("regions", Offre.regions.through, "region_id"),
        ("departements", Offre.departements.through, "departement_id"),
        ("epcis", Offre.epcis.through, "epci_id"),
        ("communes", Offre.communes.through, "commune_id"),
    ):
        inverse = by_territory.setdefault(attribute, {})
        for offre_id, code in through.objects.values_list("offre_id", column):
            if offre_id in offers:
                getattr(offers[offre_id], attribute).add(code)
                inverse.setdefault(code, set()).add(offre_id)
    return by_territory


def _programmes(offers) -> None:
    """The programmes an offer is reserved to, with their communes (when the list is known)."""
    members: dict[int, set[str]] = defaultdict(set)
    for programme, code in ProgrammeMembership.objects.filter(
        programme__members_known=True
    ).values_list("programme_id", "commune_id"):
        members[programme].add(code)
    known = Programme.objects.filter(members_known=True)
    phrases = dict(known.values_list("pk", "member_phrase"))
    names = dict(known.values_list("pk", "name"))
    for offre_id, programme in Offre.programmes.through.objects.filter(
        programme__members_known=True
    ).values_list("offre_id", "programme_id"):
        if offre_id in offers:
            offers[offre_id].programmes += ((phrases[programme], frozenset(members[programme])),)
            offers[offre_id].programme_names += (names[programme],)


_cached = Cached(revision.REVISION, build, freeze=True)


def get_index() -> DirectoryIndex:
    """The in-memory directory, rebuilt when the directory has changed since it was read, and
    each new day (an offer may have ended the day before)."""
    return _cached.get()
