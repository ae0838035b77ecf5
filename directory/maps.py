"""Map data: the communes of a département shaded by how many offers cover them."""

import json
from dataclasses import dataclass

from territories.models import EPCI, Commune, Departement

from .models import Structure
from .selectors import offer_counts

CLASS_COUNT = 4  # shaded classes, besides « no offer »


def class_ranges(counts: list[int]) -> list[tuple[int, int]]:
    """Ranges (inclusive) of the shaded classes: quartiles of the non-zero counts, so that the
    map shows differences whatever the theme. Class 0 is always « aucune offre »."""
    positive = sorted(c for c in counts if c > 0)
    if not positive:
        return []
    bounds = sorted({positive[len(positive) * i // CLASS_COUNT] for i in range(CLASS_COUNT)})
    ranges = []
    for i, low in enumerate(bounds):
        high = bounds[i + 1] - 1 if i + 1 < len(bounds) else positive[-1]
        ranges.append((low, high))
    return ranges


def count_class(count: int, ranges: list[tuple[int, int]]) -> int:
    if count <= 0:
        return 0
    for index, (low, high) in enumerate(ranges, start=1):
        if low <= count <= high:
            return index
    return len(ranges)


def range_label(low: int, high: int) -> str:
    if low == high:
        return f"{low} offre{'s' if low > 1 else ''}"
    return f"{low} à {high} offres"


@dataclass
class LegendItem:
    index: int
    label: str
    communes: int


@dataclass
class CoverageMap:
    departement: Departement
    communes: list[Commune]
    counts: dict[str, int]
    legend: list[LegendItem]
    ranges: list[tuple[int, int]]


def coverage_map(departement: Departement, theme: str = "", aide: str = "") -> CoverageMap:
    communes = list(departement.communes.select_related("epci").defer("geometry", "epci__geometry"))
    counts = offer_counts(communes, theme=theme, aide=aide)
    ranges = class_ranges(list(counts.values()))
    labels = ["aucune offre"] + [range_label(low, high) for low, high in ranges]
    per_class = [0] * len(labels)
    for count in counts.values():
        per_class[count_class(count, ranges)] += 1
    legend = [LegendItem(i, label, per_class[i]) for i, label in enumerate(labels)]
    return CoverageMap(departement, communes, counts, legend, ranges)


def map_data(coverage: CoverageMap, selected: Commune | None) -> str:
    """The JSON the map script draws, assembled from the stored GeoJSON (no re-parsing)."""
    codes = [c.code for c in coverage.communes]
    geometries = dict(
        Commune.objects.filter(code__in=codes).exclude(geometry="").values_list("code", "geometry")
    )
    features = []
    for commune in coverage.communes:
        if commune.code not in geometries:
            continue
        count = coverage.counts[commune.code]
        properties = json.dumps(
            {
                "code": commune.code,
                "nom": commune.name,
                "n": count,
                "classe": count_class(count, coverage.ranges),
                "url": commune.get_absolute_url(),
            },
            ensure_ascii=False,
        )
        features.append(
            f'{{"type":"Feature","properties":{properties},"geometry":{geometries[commune.code]}}}'
        )
    epci = "null"
    if selected is not None and selected.epci_id:
        outline = (
            EPCI.objects.filter(code=selected.epci_id).values_list("geometry", flat=True).first()
        )
        if outline:
            epci = f'{{"type":"Feature","properties":{{}},"geometry":{outline}}}'
    structures = [
        {"nom": s.display_name, "url": s.get_absolute_url(), "lat": s.latitude, "lon": s.longitude}
        for s in Structure.objects.filter(
            seat_commune__departement=coverage.departement, latitude__isnull=False
        ).order_by("name")
    ]
    return (
        '{"communes":{"type":"FeatureCollection","features":['
        + ",".join(features)
        + f']}},"epci":{epci},"selected":{json.dumps(selected.code if selected else None)},'
        + f'"structures":{json.dumps(structures, ensure_ascii=False)}}}'
    )


def table_rows(coverage: CoverageMap, order: str) -> list[dict]:
    rows = [
        {
            "commune": commune,
            "epci": commune.epci.name if commune.epci else "",
            "population": commune.population,
            "count": coverage.counts[commune.code],
        }
        for commune in coverage.communes
    ]
    keys = {
        "nom": lambda r: r["commune"].search_name,
        "epci": lambda r: (r["epci"], r["commune"].search_name),
        "population": lambda r: (r["population"] or 0, r["commune"].search_name),
        "offres": lambda r: (r["count"], r["commune"].search_name),
    }
    field = order.lstrip("-") if order.lstrip("-") in keys else "nom"
    return sorted(rows, key=keys[field], reverse=order.startswith("-"))
