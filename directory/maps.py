"""Map data: the communes of a département shaded by the offers that cover them. By default
the map shades the offers proper to each commune's territory — those that do not cover the
whole département (the intercommunality's, a syndicate's, a programme's communes): the
département-wide and national offers are the same everywhere and would shade it evenly."""

import json
from dataclasses import dataclass

from territories.models import EPCI, Commune, Departement

from .models import Structure
from .selectors import offer_counts, offers_everywhere

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


def range_label(low: int, high: int, one: str = "offre", many: str = "offres") -> str:
    if low == high:
        return f"{low} {many if low > 1 else one}"
    return f"{low} à {high} {many}"


MEASURE_LEGEND = {
    "propres": "Offres propres au territoire de la commune, en plus des {everywhere} offres "
    "qui couvrent tout le département",
    "toutes": "Toutes les offres qui couvrent la commune",
}


@dataclass
class LegendItem:
    index: int
    label: str
    communes: int


@dataclass
class CoverageMap:
    departement: Departement
    communes: list[Commune]
    counts: dict[str, int]  # every offer covering the commune
    legend: list[LegendItem]
    ranges: list[tuple[int, int]]
    measure: str = "propres"
    proper: dict[str, int] | None = None  # offers not covering the whole département
    everywhere: int = 0  # offers covering every commune of the département

    @property
    def shaded(self) -> dict[str, int]:
        return self.proper if self.measure == "propres" else self.counts

    @property
    def measure_label(self) -> str:
        return MEASURE_LEGEND[self.measure].format(everywhere=self.everywhere)


def coverage_map(
    departement: Departement, theme: str = "", aide: str = "", measure: str = "propres"
) -> CoverageMap:
    measure = measure if measure in MEASURE_LEGEND else "propres"
    communes = list(departement.communes.select_related("epci").defer("geometry", "epci__geometry"))
    counts = offer_counts(communes, theme=theme, aide=aide)
    everywhere_set = offers_everywhere(communes, theme=theme, aide=aide)
    proper = {code: count - len(everywhere_set) for code, count in counts.items()}
    everywhere = len(everywhere_set)
    shaded = proper if measure == "propres" else counts
    ranges = class_ranges(list(shaded.values()))
    words = ("offre propre", "offres propres") if measure == "propres" else ("offre", "offres")
    labels = [f"aucune {words[0]}"] + [range_label(low, high, *words) for low, high in ranges]
    per_class = [0] * len(labels)
    for count in shaded.values():
        per_class[count_class(count, ranges)] += 1
    legend = [LegendItem(i, label, per_class[i]) for i, label in enumerate(labels)]
    return CoverageMap(departement, communes, counts, legend, ranges, measure, proper, everywhere)


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
                "propres": coverage.proper[commune.code],
                "classe": count_class(coverage.shaded[commune.code], coverage.ranges),
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
    structures = seats(coverage.departement)
    return (
        '{"communes":{"type":"FeatureCollection","features":['
        + ",".join(features)
        + f']}},"epci":{epci},"selected":{json.dumps(selected.code if selected else None)},'
        + f'"structures":{json.dumps(structures, ensure_ascii=False)}}}'
    )


NEARBY = 0.08  # degrees (about 6 to 9 km): seats closer than this overlap on the map


def seats(departement: Departement) -> list[dict]:
    """The structures' seats, one marker per group of seats that would overlap at the
    département's scale (Laval's dozens and Changé's next door): the communes' names, how many
    structures, and each structure's fiche. The busiest first."""
    places: dict[str, dict] = {}
    found = Structure.objects.filter(
        seat_commune__departement=departement, latitude__isnull=False
    ).select_related("seat_commune")
    for structure in found.order_by("name"):
        place = places.setdefault(
            structure.seat_commune_id,
            {
                "communes": [structure.seat_commune.name],
                "lat": structure.latitude,
                "lon": structure.longitude,
                "structures": [],
            },
        )
        place["structures"].append(
            {"nom": structure.display_name, "url": structure.get_absolute_url()}
        )
    groups: list[dict] = []
    for place in sorted(places.values(), key=lambda p: -len(p["structures"])):
        near = next(
            (
                g
                for g in groups
                if abs(g["lat"] - place["lat"]) < NEARBY and abs(g["lon"] - place["lon"]) < NEARBY
            ),
            None,
        )
        if near is None:
            groups.append(place)
        else:  # kept at the busiest seat's place
            near["communes"] += place["communes"]
            near["structures"] += place["structures"]
    for group in groups:
        group["commune"] = ", ".join(group.pop("communes"))
    return groups


def table_rows(coverage: CoverageMap, order: str) -> list[dict]:
    rows = [
        {
            "commune": commune,
            "epci": commune.epci.name if commune.epci else "",
            "population": commune.population,
            "count": coverage.counts[commune.code],
            "proper": coverage.proper[commune.code],
        }
        for commune in coverage.communes
    ]
    keys = {
        "nom": lambda r: r["commune"].search_name,
        "epci": lambda r: (r["epci"], r["commune"].search_name),
        "population": lambda r: (r["population"] or 0, r["commune"].search_name),
        "offres": lambda r: (r["count"], r["commune"].search_name),
        "propres": lambda r: (r["proper"], r["commune"].search_name),
    }
    field = order.lstrip("-") if order.lstrip("-") in keys else "nom"
    return sorted(rows, key=keys[field], reverse=order.startswith("-"))
