"""Which réalisations to show a commune: « près de chez vous », those that did a similar
project (the same words first, then the same themes), within reach, nearest first."""

import math
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Prefetch, Q, QuerySet

from core.text import subject_stems

from .models import FundingLine, Helper, Realisation

RADIUS_KM = 40
SHOWN = 3
# The réalisations' titles, read on every results page (never a request's text: not kept).
title_stems = lru_cache(maxsize=10_000)(subject_stems)


def published() -> QuerySet[Realisation]:
    """With what a card shows (who, funding, helpers); its themes only on its own page."""
    helpers = Helper.objects.select_related("structure").only(
        "realisation_id", "role", "structure__slug", "structure__name", "structure__acronym"
    )
    return (
        Realisation.objects.filter(status=Realisation.Status.PUBLISHED)
        .select_related("commune", "epci", "departement")
        .defer("commune__geometry", "epci__geometry", "departement__geometry")  # outlines
        .prefetch_related(
            Prefetch("funding", queryset=FundingLine.objects.all()),
            Prefetch("helpers", queryset=helpers),
        )
    )


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(a))


@dataclass
class Near:
    realisation: Realisation
    km: float | None  # None: shown on its own territory's page
    shared: list[str]  # names of the shared themes

    @property
    def distance_label(self) -> str:
        if self.km < 1:
            return "dans votre commune" if self.km == 0 else "à moins d'un kilomètre"
        return f"à {round(self.km)} km"


def nearby(commune, theme_slugs, text: str = "", limit: int = SHOWN) -> list[Near]:
    """Up to `limit` réalisations of other places within RADIUS_KM sharing a theme with the
    request: those whose title shares its words first, then the most themes; shown nearest
    first."""
    if commune is None or commune.latitude is None or not theme_slugs:
        return []
    lat, lon = commune.latitude, commune.longitude
    dlat = RADIUS_KM / 111
    dlon = RADIUS_KM / (111 * max(0.1, math.cos(math.radians(lat))))
    # Ranked on a light query (one row per shared theme), then only the chosen are loaded
    # with what the card shows.
    rows = (
        Realisation.objects.filter(status=Realisation.Status.PUBLISHED)
        .exclude(commune=commune)  # its own are on its page
        .filter(latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon))
        .filter(themes__slug__in=list(theme_slugs))
        .order_by("themes__position", "themes__name")
        .values_list("id", "latitude", "longitude", "title", "themes__name")
    )
    found: dict[int, tuple] = {}
    for pk, r_lat, r_lon, title, theme in rows:
        if pk not in found:
            found[pk] = (distance_km(lat, lon, r_lat, r_lon), title, [])
        found[pk][2].append(theme)
    asked = subject_stems(text)
    ranked = sorted(
        ((-len(asked & title_stems(title)), -len(themes), km), pk)
        for pk, (km, title, themes) in found.items()
        if km <= RADIUS_KM
    )
    chosen = [pk for _, pk in ranked[:limit]]
    loaded = published().in_bulk(chosen)
    best = [Near(loaded[pk], found[pk][0], found[pk][2]) for pk in chosen]
    return sorted(best, key=lambda near: near.km)


def of_commune(commune) -> list[Near]:
    return [Near(r, None, []) for r in published().filter(commune=commune)]


def of_epci(epci, limit: int = 10) -> list[Near]:
    """Its own réalisations and its communes', the latest first."""
    found = published().filter(Q(epci=epci) | Q(commune__epci=epci))[:limit]
    return [Near(r, None, []) for r in found]
