from django.db.models import Q

from .models import Resource

SHOWN = 3


def for_project(theme_slugs, phase_slugs=(), limit: int = SHOWN) -> list[Resource]:
    """« Pour préparer votre projet »: resources on the project's themes, those of its phase
    first, the newest next; never one whose link is known to be broken."""
    if not theme_slugs:
        return []
    found = (
        Resource.objects.published()
        .filter(link_broken_since=None, themes__slug__in=list(theme_slugs))
        .select_related("publisher")
        .prefetch_related("phases")
        .distinct()[:50]
    )
    phases = set(phase_slugs)
    ranked = sorted(
        found,
        key=lambda r: (
            -len(phases & {p.slug for p in r.phases.all()}),
            -(r.published_on.toordinal() if r.published_on else 0),
        ),
    )
    return ranked[:limit]


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
