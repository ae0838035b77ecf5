"""Reads of the directory: filtered offers, facet counts, what covers a territory."""

from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from territories.models import EPCI, Commune, Departement

from .index import get_index
from .models import HelpKind, Offre, Phase, Structure, Theme, in_taxonomy_order

DIRECTORY_PAGE_SIZE = 20


@dataclass
class OffreFilters:
    theme: str = ""
    aide: str = ""
    phase: str = ""
    nature: str = ""
    commune: Commune | None = None
    q: str = ""
    departement: str = ""  # offers reaching it (an instance serving several départements)

    def active(self) -> bool:
        return any(
            [self.theme, self.aide, self.phase, self.nature, self.commune, self.q, self.departement]
        )


def filter_offres(filters: OffreFilters, offres: QuerySet[Offre] | None = None) -> QuerySet[Offre]:
    """Offers (of `offres`, by default all those not past their end) matching every
    filter."""
    offres = Offre.objects.current() if offres is None else offres
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
    if filters.departement:
        offres = offres.reaching(filters.departement)
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
    if filters.commune is not None or filters.q or filters.departement:
        narrowing = replace(filters, theme="", aide="", phase="", nature="")
        base = Offre.objects.filter(
            pk__in=list(filter_offres(narrowing).values_list("pk", flat=True))
        )

    def without(facet: str) -> QuerySet[Offre]:
        return filter_offres(
            replace(filters, commune=None, q="", departement="", **{facet: ""}), base
        )

    def taxonomy(model, through, column: str, facet: str) -> list[FacetOption]:
        counts = dict(
            through.objects.filter(offre_id__in=without(facet).values("pk"))
            .values_list(column)
            .annotate(n=Count("offre_id"))
        )
        selected = getattr(filters, facet)
        return [
            FacetOption(t.slug, t.name, counts.get(t.pk, 0), t.slug == selected)
            for t in model.objects.all()  # in taxonomy order
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
    "slug", "title", "summary", "cost", "members_only", "position", "information_date",
    "structure__slug", "structure__name", "structure__acronym", "structure__epci",
    "structure__identified", "structure__validation", "structure__validated_at",
    "structure__information_date", "structure__template",
]  # fmt: skip


def offres_for_commune(commune: Commune, theme: str = "", per_theme: int = 5) -> CommuneOffer:
    """The offers available to the commune (`DirectoryIndex.available`), grouped by theme.
    At national scale a commune is covered by hundreds of offers: only the columns the page
    shows are read."""
    index = get_index()
    pks = index.available(commune)
    if theme:
        pks &= index.by_theme.get(theme, set())
    offres = list(
        Offre.objects.filter(pk__in=pks)
        .select_related("structure")
        .only(*ROW_FIELDS)
        .order_by("structure__name", "position", "title")
    )
    epci_offres = [o for o in offres if commune.epci_id and o.structure.epci_id == commune.epci_id]
    themes = {t.slug: t for t in Theme.objects.all()}
    groups: dict[str, ThemeGroup] = {}
    for offre in offres:
        slugs = [theme] if theme else [slug for slug, _ in index.offers[offre.pk].themes]
        for slug in slugs:
            group = groups.setdefault(slug, ThemeGroup(themes[slug], [], 0))
            group.count += 1
            if theme or len(group.offres) < per_theme:
                group.offres.append(offre)
    return CommuneOffer(
        epci_offres=epci_offres,
        groups=in_taxonomy_order(groups.values(), key=lambda group: group.theme),
        total=len(offres),
        structures=len({o.structure_id for o in offres}),
    )


@dataclass
class TerritoryOffer:
    whole: list[Offre]
    partial: list[tuple[Offre, int]]
    communes: int


def offres_for_communes(communes: list[Commune]) -> TerritoryOffer:
    """Offers available on a group of communes (an EPCI, a département): those available to
    all of them, and those available to only some (with how many)."""
    reach = get_index().available_to(communes)
    offres = (
        Offre.objects.filter(pk__in=list(reach))
        .select_related("structure")
        .only(*ROW_FIELDS)
        .order_by("structure__name", "position", "title")
    )
    whole, partial = [], []
    for offre in offres:
        if reach[offre.pk] == len(communes):
            whole.append(offre)
        else:
            partial.append((offre, reach[offre.pk]))
    return TerritoryOffer(whole=whole, partial=partial, communes=len(communes))


def _wanted(index, theme: str, aide: str) -> set[int]:
    wanted = set(index.offers)
    if theme:
        wanted &= index.by_theme.get(theme, set())
    if aide:
        wanted &= index.by_aide.get(aide, set())
    return wanted


def offer_counts(communes: list[Commune], theme: str = "", aide: str = "") -> dict[str, int]:
    """How many offers are available to each commune, for a theme and a kind of help."""
    index = get_index()
    wanted = _wanted(index, theme, aide)
    return {c.code: len(index.available(c) & wanted) for c in communes}


def offers_everywhere(communes: list[Commune], theme: str = "", aide: str = "") -> set[int]:
    """The offers available to every one of these communes, for a theme and a kind of help."""
    index = get_index()
    wanted = _wanted(index, theme, aide)
    reach = index.available_to(communes)
    return {pk for pk, n in reach.items() if n == len(communes) and pk in wanted}


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
