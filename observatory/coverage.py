"""Needs versus offer, computed from the directory: for each EPCI and each theme (or kind of
help), how many offers cover every one of its communes — territory and population limits
included. A cell at 0 is a gap; at WEAK_COVERAGE or fewer, a weak coverage."""

from collections import defaultdict
from dataclasses import dataclass

from directory.index import get_index
from directory.models import in_taxonomy_order
from territories.models import EPCI, Commune

WEAK_COVERAGE = 1


@dataclass
class Row:
    epci: EPCI
    communes: int
    counts: dict[str, int]  # taxonomy slug → offers covering every commune


@dataclass
class Matrix:
    axis: str  # "themes" or "aides"
    columns: list[tuple[str, str]]  # (slug, name)
    rows: list[Row]

    def level(self, count: int) -> str:
        if count == 0:
            return "absente"
        return "faible" if count <= WEAK_COVERAGE else "couverte"

    def gaps(self) -> list[tuple[Row, str, int]]:
        """(row, column slug, count) of the cells at weak coverage or none."""
        return [
            (row, slug, row.counts[slug])
            for row in self.rows
            for slug, _ in self.columns
            if row.counts[slug] <= WEAK_COVERAGE
        ]


def whole_coverage(communes: list[Commune]) -> set[int]:
    """The offers available to every one of these communes."""
    reach = get_index().available_to(communes)
    return {pk for pk, n in reach.items() if n == len(communes)}


def coverage_matrix(departements: list[str] | None = None, axis: str = "themes") -> Matrix:
    """Themes (or kinds of help) × the EPCI having a member in these départements (all of
    France when None)."""
    index = get_index()
    known = index.themes if axis == "themes" else index.aides
    columns = [(t.slug, t.name) for t in in_taxonomy_order(known.values())]
    by_slug = index.by_theme if axis == "themes" else index.by_aide
    communes = Commune.objects.for_coverage().exclude(epci=None)
    if departements:
        epci_codes = set(
            Commune.objects.filter(departement_id__in=departements).values_list(
                "epci_id", flat=True
            )
        )
        communes = communes.filter(epci_id__in=epci_codes)
    members: dict[str, list[Commune]] = defaultdict(list)
    for commune in communes:
        members[commune.epci_id].append(commune)
    epcis = EPCI.objects.filter(code__in=list(members)).only("code", "name").order_by("name")
    rows = []
    for epci in epcis:
        whole = whole_coverage(members[epci.code])
        counts = {slug: len(whole & by_slug.get(slug, set())) for slug, _ in columns}
        rows.append(Row(epci, len(members[epci.code]), counts))
    return Matrix(axis, columns, rows)
