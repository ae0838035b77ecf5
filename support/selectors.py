"""Reads for help requests: which offers a request may go to, inbox pages."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet

from directory.index import get_index
from directory.models import Offre
from territories.models import Commune

from .models import SupportRequest

INBOX_PAGE_SIZE = 25
CLOSEST = {"epci": 0, "communes": 1, "departements": 2, "regions": 3, "france": 4}


def covering_offre(offre: Offre, commune: Commune) -> bool:
    return offre.pk in get_index().available(commune)


def covering_structure_ids(commune: Commune) -> set[int]:
    index = get_index()
    return {index.offers[pk].structure_id for pk in index.available(commune)}


def suggested_offres(main: Offre | None, commune: Commune | None, limit: int = 6) -> list[Offre]:
    """Other doors for the same project: offers covering the commune that share a theme with
    the chosen offer, the closest first, one per structure."""
    if main is None or commune is None:
        return []
    index = get_index()
    entry = index.offers.get(main.pk)
    if entry is None:
        return []
    wanted = [index.by_theme[slug] for slug, _ in entry.themes if slug in index.by_theme]
    ranked = []
    for pk, relation in index.relations(commune, wanted).items():
        other = index.offers[pk]
        if other.structure_id == entry.structure_id or not other.admits(commune):
            continue
        shared = len({s for s, _ in other.themes} & {s for s, _ in entry.themes})
        ranked.append((-shared, CLOSEST[relation], other.sort_key, other))
    ranked.sort(key=lambda item: item[:3])
    picked, structures = [], set()
    for *_, other in ranked:
        if other.structure_id not in structures:
            structures.add(other.structure_id)
            picked.append(other.pk)
        if len(picked) == limit:
            break
    offres = Offre.objects.select_related("structure").in_bulk(picked)
    return [offres[pk] for pk in picked if pk in offres]


def inbox(requests: QuerySet, status: str, page_number) -> tuple[Page, dict[str, int]]:
    """One page of requests (newest first) and the count of each status."""
    counts = dict(requests.values_list("status").annotate(n=Count("pk")).order_by())
    if status:
        requests = requests.filter(status=status)
    listed = (
        requests.select_related("commune", "structure")
        .only(
            "public_id",
            "status",
            "created_at",
            "waiting_since",
            "project",
            "commune__name",
            "commune__code",
            "structure__name",
            "structure__acronym",
            "requester_role",
        )
        .order_by("-created_at", "-pk")
    )
    page = Paginator(listed, INBOX_PAGE_SIZE).get_page(page_number)
    return page, {value: counts.get(value, 0) for value in SupportRequest.Status.values}
