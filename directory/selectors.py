"""Reads of the directory: filtered offers, facet counts, what covers a territory."""

from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from territories.models import EPCI, Commune, Departement

from .models import HelpKind, Offre, Phase, Structure, Theme

DIRECTORY_PAGE_SIZE = 20


@dataclass
class OffreFilters:
    theme: str = ""
    aide: str = ""
    phase: str = ""
    nature: str = ""
    commune: Commune | None = None
    q: str = ""

    def active(self) -> bool:
        return any([self.theme, self.aide, self.phase, self.nature, self.commune, self.q])


def filter_offres(filters: OffreFilters, offres: QuerySet[Offre] | None = None) -> QuerySet[Offre]:
    """Offers (of `offres`, all by default) matching every filter."""
    offres = Offre.objects.all() if offres is None else offres
    if filters.theme:
        offres = offres.filter(themes__slug=filters.theme)
    if filters.aide:
        offres = offres.filter(help_kinds__slug=filters.aide)
    if filters.phase:
        offres = offres.filter(phases__slug=filters.phase)
    if filters.nature:
        offres = offres.filter(structure__kind=filters.nature)
    if filters.commune is not None:
        offres = offres.covering(filters.commune)
    if filters.q:
        offres = offres.filter(
            Q(title__icontains=filters.q)
            | Q(summary__icontains=filters.q)
            | Q(structure__name__icontains=filters.q)
            | Q(structure__acronym__icontains=filters.q)
        )
    return offres


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facets:
    themes: list[FacetOption] = field(default_factory=list)
    aides: list[FacetOption] = field(default_factory=list)
    phases: list[FacetOption] = field(default_factory=list)
    natures: list[FacetOption] = field(default_factory=list)


@dataclass
class DirectorySearch:
    facets: Facets
    offres: QuerySet[Offre]  # the offers matching every filter


def search_directory(filters: OffreFilters) -> DirectorySearch:
    """The matching offers and, for each facet option, how many offers match every other
    filter plus that option (counted in SQL). The territorial and text filters, the costly
    ones, are evaluated once into a short list of ids."""
    base = Offre.objects.all()
    if filters.commune is not None or filters.q:
        narrowing = replace(filters, theme="", aide="", phase="", nature="")
        base = Offre.objects.filter(
            pk__in=list(filter_offres(narrowing).values_list("pk", flat=True))
        )

    def without(facet: str) -> QuerySet[Offre]:
        return filter_offres(replace(filters, commune=None, q="", **{facet: ""}), base)

    def taxonomy(model, through, column: str, facet: str) -> list[FacetOption]:
        counts = dict(
            through.objects.filter(offre_id__in=without(facet).values("pk"))
            .values_list(column)
            .annotate(n=Count("offre_id"))
        )
        selected = getattr(filters, facet)
        return [
            FacetOption(t.slug, t.name, counts.get(t.pk, 0), t.slug == selected)
            for t in model.objects.order_by("position", "name")
        ]

    nature_counts = dict(without("nature").values_list("structure__kind").annotate(n=Count("pk")))
    return DirectorySearch(
        facets=Facets(
            themes=taxonomy(Theme, Offre.themes.through, "theme_id", "theme"),
            aides=taxonomy(HelpKind, Offre.help_kinds.through, "helpkind_id", "aide"),
            phases=taxonomy(Phase, Offre.phases.through, "phase_id", "phase"),
            natures=[
                FacetOption(v, label, nature_counts.get(v, 0), v == filters.nature)
                for v, label in Structure.Kind.choices
            ],
        ),
        offres=filter_offres(replace(filters, commune=None, q=""), base),
    )


def structures_page(search: DirectorySearch, page_number) -> Page:
    """One page of the matching structures, each with its matching offers (`matching_offres`)."""
    structure_ids = search.offres.values("structure_id")
    structures = Structure.objects.filter(pk__in=structure_ids).order_by("name")
    page = Paginator(structures, DIRECTORY_PAGE_SIZE).get_page(page_number)
    by_structure: dict[int, list[Offre]] = {}
    offres = (
        search.offres.filter(structure__in=[s.pk for s in page])
        .prefetch_related("themes")
        .order_by("position", "title")
    )
    for offre in offres:
        by_structure.setdefault(offre.structure_id, []).append(offre)
    for structure in page:
        structure.matching_offres = by_structure.get(structure.pk, [])
    return page


def offres_with_details() -> QuerySet[Offre]:
    """Offers with everything the pages and the API show; territories without their outlines."""
    return Offre.objects.select_related("structure").prefetch_related(
        "themes",
        "help_kinds",
        "phases",
        "regions",
        Prefetch("departements", queryset=Departement.objects.defer("geometry")),
        Prefetch("epcis", queryset=EPCI.objects.defer("geometry")),
        Prefetch("communes", queryset=Commune.objects.defer("geometry")),
    )


@dataclass
class ThemeGroup:
    theme: Theme
    offres: list[Offre]  # the first ones, shown
    count: int  # all of them

    @property
    def more(self) -> int:
        return self.count - len(self.offres)


@dataclass
class CommuneOffer:
    """What covers a commune: its EPCI's offers first, then the offers grouped by theme
    (the first few of each theme, or all of one chosen theme)."""

    epci_offres: list[Offre]
    groups: list[ThemeGroup]
    total: int
    structures: int


ROW_FIELDS = [
    "slug", "title", "summary", "cost", "members_only", "position", "structure__slug",
    "structure__name", "structure__acronym", "structure__epci",
]  # fmt: skip


def offres_for_commune(commune: Commune, theme: str = "", per_theme: int = 5) -> CommuneOffer:
    """At national scale a commune is covered by hundreds of offers: only the columns the
    page shows are read, and themes as (offer, theme) id pairs rather than objects."""
    covering = Offre.objects.covering(commune)
    if theme:
        covering = covering.filter(themes__slug=theme)
    offres = list(
        covering.select_related("structure")
        .only(*ROW_FIELDS)
        .order_by("structure__name", "position", "title")
    )
    epci_offres = [o for o in offres if commune.epci_id and o.structure.epci_id == commune.epci_id]
    themes = {t.pk: t for t in Theme.objects.all()}
    pairs = Offre.themes.through.objects.filter(offre_id__in=[o.pk for o in offres])
    theme_ids: dict[int, list[int]] = {}
    for offre_id, theme_id in pairs.values_list("offre_id", "theme_id"):
        theme_ids.setdefault(offre_id, []).append(theme_id)
    chosen = [t.pk for t in themes.values() if t.slug == theme]
    groups: dict[int, ThemeGroup] = {}
    for offre in offres:
        for theme_id in chosen or theme_ids.get(offre.pk, []):
            group = groups.setdefault(theme_id, ThemeGroup(themes[theme_id], [], 0))
            group.count += 1
            if theme or len(group.offres) < per_theme:
                group.offres.append(offre)
    return CommuneOffer(
        epci_offres=epci_offres,
        groups=sorted(groups.values(), key=lambda g: (g.theme.position, g.theme.name)),
        total=len(offres),
        structures=len({o.structure_id for o in offres}),
    )


@dataclass
class TerritoryOffer:
    whole: list[Offre]
    partial: list[tuple[Offre, int]]
    communes: int


def admits(offre: Offre, population: int | None) -> bool:
    """The offer's population limits admit a commune (an unknown population is admitted)."""
    if population is None:
        return True
    if offre.population_min is not None and population < offre.population_min:
        return False
    return offre.population_max is None or population <= offre.population_max


def covers(offre: Offre, commune: Commune) -> bool:
    """The coverage rule in plain Python, on an offer with prefetched territories.
    `OffreQuerySet.covering` is the same rule in SQL; the tests hold them to agree."""
    if not admits(offre, commune.population):
        return False
    return (
        offre.scope == Offre.Scope.FRANCE
        or any(r.code == commune.region_id for r in offre.regions.all())
        or any(d.code == commune.departement_id for d in offre.departements.all())
        or any(e.code == commune.epci_id for e in offre.epcis.all())
        or any(c.code == commune.code for c in offre.communes.all())
    )


def covered_communes(
    communes: list[Commune], offres: QuerySet[Offre]
) -> list[tuple[Offre, set[str]]]:
    """For each offer of `offres` available on at least one of `communes`, the codes of those
    it covers (territory and population limits). The offers' territories are read as ids
    from the link tables and combined as sets: fast for a département at national scale."""
    index: dict[str, dict[str, set[str]]] = {"regions": {}, "departements": {}, "epcis": {}}
    for commune in communes:
        index["regions"].setdefault(commune.region_id, set()).add(commune.code)
        index["departements"].setdefault(commune.departement_id, set()).add(commune.code)
        if commune.epci_id:
            index["epcis"].setdefault(commune.epci_id, set()).add(commune.code)
    everyone = {c.code for c in communes}
    population = {c.code: c.population for c in communes}
    links = {
        "regions": (Offre.regions.through, "region_id"),
        "departements": (Offre.departements.through, "departement_id"),
        "epcis": (Offre.epcis.through, "epci_id"),
    }
    covered: dict[int, set[str]] = {}
    for name, (through, column) in links.items():
        pairs = through.objects.filter(**{f"{column}__in": list(index[name])})
        for offre_id, code in pairs.values_list("offre_id", column):
            covered.setdefault(offre_id, set()).update(index[name][code])
    pairs = Offre.communes.through.objects.filter(commune_id__in=list(everyone))
    for offre_id, code in pairs.values_list("offre_id", "commune_id"):
        covered.setdefault(offre_id, set()).add(code)
    result = []
    for offre in offres.filter(Q(scope=Offre.Scope.FRANCE) | Q(pk__in=list(covered))):
        codes = everyone if offre.scope == Offre.Scope.FRANCE else covered[offre.pk]
        if offre.population_min is not None or offre.population_max is not None:
            codes = {code for code in codes if admits(offre, population[code])}
        if codes:
            result.append((offre, codes))
    return result


def offres_for_communes(communes: list[Commune]) -> TerritoryOffer:
    """Offers available on a group of communes (an EPCI, a département): those covering all of
    them, and those covering only some (with how many)."""
    offres = (
        Offre.objects.select_related("structure")
        .only(*ROW_FIELDS, "scope", "population_min", "population_max")
        .order_by("structure__name", "position", "title")
    )
    whole, partial = [], []
    for offre, codes in covered_communes(communes, offres):
        if len(codes) == len(communes):
            whole.append(offre)
        else:
            partial.append((offre, len(codes)))
    return TerritoryOffer(whole=whole, partial=partial, communes=len(communes))


def offer_counts(communes: list[Commune], theme: str = "", aide: str = "") -> dict[str, int]:
    """How many offers for communes cover each commune, for a theme and a kind of help."""
    offres = Offre.objects.filter(for_communes=True).only(
        "scope", "population_min", "population_max"
    )
    if theme:
        offres = offres.filter(themes__slug=theme)
    if aide:
        offres = offres.filter(help_kinds__slug=aide)
    counts = dict.fromkeys((c.code for c in communes), 0)
    for _, codes in covered_communes(communes, offres):
        for code in codes:
            counts[code] += 1
    return counts


def territory_label(offre: Offre) -> str:
    """The territory an offer covers, in words, from its prefetched relations."""
    if offre.scope == Offre.Scope.FRANCE:
        return "France entière"
    parts = []
    parts += [f"Région {r.name}" for r in offre.regions.all()]
    parts += [f"{d.name} ({d.code})" for d in offre.departements.all()]
    parts += [e.name for e in offre.epcis.all()]
    communes = list(offre.communes.all())
    if communes:
        names = ", ".join(c.name for c in communes[:5])
        parts.append(
            names + (f" et {len(communes) - 5} autres communes" if len(communes) > 5 else "")
        )
    return " ; ".join(parts) or "Territoire non renseigné"


def epci_structure(epci: EPCI) -> Structure | None:
    return Structure.objects.filter(epci=epci).first()
