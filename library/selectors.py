from django.db.models import Count, F, Q

from .models import Resource

SHOWN = 3


def for_project(theme_slugs, phase_slugs=(), limit: int = SHOWN) -> list[Resource]:
    """« Pour préparer votre projet »: resources on the project's themes, those of its phase
    first, the newest next; never one whose link is known to be broken. One query."""
    if not theme_slugs:
        return []
    on_themes = Resource.objects.filter(themes__slug__in=list(theme_slugs)).values("pk")
    return list(
        Resource.objects.published()
        .filter(link_broken_since=None, pk__in=on_themes)
        .annotate(
            phase_hits=Count("phases", filter=Q(phases__slug__in=list(phase_slugs)), distinct=True)
        )
        .select_related("publisher")
        .order_by("-phase_hits", F("published_on").desc(nulls_last=True), "title")[:limit]
    )


def search(filters: dict):
    found = Resource.objects.published().select_related("publisher").prefetch_related("themes")
    if filters.get("q"):
        for word in filters["q"].split()[:8]:
            found = found.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    if filters.get("theme"):
        found = found.filter(themes__slug=filters["theme"])
    if filters.get("phase"):
        found = found.filter(phases__slug=filters["phase"])
    if filters.get("kind"):
        found = found.filter(kind=filters["kind"])
    if filters.get("public"):
        found = found.filter(audience__in=[filters["public"], Resource.Audience.TOUS])
    return found.distinct()


def of_structures(structure_ids, limit: int = 10):
    return (
        Resource.objects.published()
        .filter(publisher_id__in=list(structure_ids))
        .select_related("publisher")[:limit]
    )
