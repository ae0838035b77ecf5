"""Reads of the directory: filtered offers, facet counts, what covers a territory."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from territories.models import EPCI, Commune

from .models import HelpKind, Offre, Phase, Structure, Theme


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


def filter_offres(filters: OffreFilters, skip: str = "") -> QuerySet[Offre]:
    """Offers matching every filter but `skip` (used to count the options of one facet)."""
    offres = Offre.objects.all()
    if filters.theme and skip != "theme":
        offres = offres.filter(themes__slug=filters.theme)
    if filters.aide and skip != "aide":
        offres = offres.filter(help_kinds__slug=filters.aide)
    if filters.phase and skip != "phase":
        offres = offres.filter(phases__slug=filters.phase)
    if filters.nature and skip != "nature":
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


def _taxonomy_facet(model, relation: str, offres: QuerySet, selected: str) -> list[FacetOption]:
    counts = model.objects.annotate(
        n=Count(relation, filter=Q(**{f"{relation}__in": offres.values("pk")}), distinct=True)
    ).order_by("position", "name")
    return [FacetOption(t.slug, t.name, t.n, t.slug == selected) for t in counts]


def facets(filters: OffreFilters) -> Facets:
    nature_counts = dict(
        filter_offres(filters, skip="nature")
        .values_list("structure__kind")
        .annotate(n=Count("pk", distinct=True))
    )
    return Facets(
        themes=_taxonomy_facet(
            Theme, "offres", filter_offres(filters, skip="theme"), filters.theme
        ),
        aides=_taxonomy_facet(
            HelpKind, "offres", filter_offres(filters, skip="aide"), filters.aide
        ),
        phases=_taxonomy_facet(
            Phase, "offres", filter_offres(filters, skip="phase"), filters.phase
        ),
        natures=[
            FacetOption(value, label, nature_counts.get(value, 0), value == filters.nature)
            for value, label in Structure.Kind.choices
        ],
    )


def structures_with_offres(offres: QuerySet[Offre]) -> QuerySet[Structure]:
    """Structures having at least one of `offres`, each with just those offers prefetched."""
    matching = offres.values("pk")
    return (
        Structure.objects.filter(offres__in=matching)
        .distinct()
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "offres",
                queryset=Offre.objects.filter(pk__in=matching).prefetch_related("themes"),
                to_attr="matching_offres",
            )
        )
    )


def offres_with_details() -> QuerySet[Offre]:
    return Offre.objects.select_related("structure").prefetch_related(
        "themes", "help_kinds", "phases", "regions", "departements", "epcis", "communes"
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


def offres_for_commune(commune: Commune, theme: str = "", per_theme: int = 5) -> CommuneOffer:
    covering = Offre.objects.covering(commune)
    if theme:
        covering = covering.filter(themes__slug=theme)
    offres = list(
        covering.select_related("structure")
        .prefetch_related("themes")
        .order_by("structure__name", "position", "title")
    )
    epci_offres = [o for o in offres if commune.epci_id and o.structure.epci_id == commune.epci_id]
    groups = group_by_theme(offres, only=theme, limit=None if theme else per_theme)
    return CommuneOffer(
        epci_offres=epci_offres,
        groups=groups,
        total=len(offres),
        structures=len({o.structure_id for o in offres}),
    )


def group_by_theme(offres: list[Offre], only: str = "", limit: int | None = None):
    groups: dict[int, ThemeGroup] = {}
    for offre in offres:
        for theme in offre.themes.all():
            if only and theme.slug != only:
                continue
            group = groups.setdefault(theme.pk, ThemeGroup(theme, [], 0))
            group.count += 1
            if limit is None or len(group.offres) < limit:
                group.offres.append(offre)
    return sorted(groups.values(), key=lambda g: (g.theme.position, g.theme.name))


@dataclass
class TerritoryOffer:
    whole: list[Offre]
    partial: list[tuple[Offre, int]]
    communes: int


def covers(offre: Offre, commune: Commune) -> bool:
    """The coverage rule in plain Python, on an offer with prefetched territories.
    `OffreQuerySet.covering` is the same rule in SQL; the tests hold them to agree."""
    population = commune.population
    if population is not None:
        if offre.population_min is not None and population < offre.population_min:
            return False
        if offre.population_max is not None and population > offre.population_max:
            return False
    return (
        offre.scope == Offre.Scope.FRANCE
        or any(r.code == commune.region_id for r in offre.regions.all())
        or any(d.code == commune.departement_id for d in offre.departements.all())
        or any(e.code == commune.epci_id for e in offre.epcis.all())
        or any(c.code == commune.code for c in offre.communes.all())
    )


def offres_for_communes(communes: list[Commune]) -> TerritoryOffer:
    """Offers available on a group of communes (an EPCI, a département): those covering all of
    them, and those covering only some (with how many)."""
    regions = {c.region_id for c in communes}
    departements = {c.departement_id for c in communes}
    epcis = {c.epci_id for c in communes if c.epci_id}
    codes = [c.code for c in communes]
    candidates = (
        offres_with_details()
        .filter(
            Q(scope=Offre.Scope.FRANCE)
            | Q(regions__in=regions)
            | Q(departements__in=departements)
            | Q(epcis__in=epcis)
            | Q(
                pk__in=Offre.communes.through.objects.filter(commune_id__in=codes).values(
                    "offre_id"
                )
            )
        )
        .distinct()
        .order_by("structure__name", "position", "title")
    )
    whole, partial = [], []
    for offre in candidates:
        count = sum(1 for commune in communes if covers(offre, commune))
        if count == len(communes):
            whole.append(offre)
        elif count:
            partial.append((offre, count))
    return TerritoryOffer(whole=whole, partial=partial, communes=len(communes))


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
