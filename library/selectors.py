from django.db.models import Count, F, Q

from core.text import subject_stems

from .models import Resource

SHOWN = 3


def for_project(theme_slugs, phase_slugs=(), text: str = "", limit: int = SHOWN) -> list[Resource]:
    """« Pour préparer votre projet »: resources that speak of the project — those whose title
    or summary shares the request's words, or that carry its main themes (the first two
    understood, in order); the more words and themes shared the sooner, then those of its
    phase, the newest next; never one whose link is known to be broken. An EHPAD request is
    not given the guide on drinking water just because both are « santé ». One query: a
    theme holds a few dozen resources at most."""
    if not theme_slugs:
        return []
    main = list(theme_slugs)[:2]
    on_themes = Resource.objects.filter(themes__slug__in=list(theme_slugs)).values("pk")
    found = (
        Resource.objects.published()
        .filter(link_broken_since=None, pk__in=on_themes)
        .annotate(
            main_hits=Count("themes", filter=Q(themes__slug__in=main), distinct=True),
            phase_hits=Count("phases", filter=Q(phases__slug__in=list(phase_slugs)), distinct=True),
        )
        .select_related("publisher")
        .order_by("-phase_hits", F("published_on").desc(nulls_last=True), "title")
    )
    asked = subject_stems(text)
    ranked = []
    for resource in found:
        words = len(asked & subject_stems(f"{resource.title} {resource.summary}"))
        if words or resource.main_hits == len(main):
            ranked.append((-words, -resource.main_hits, len(ranked), resource))
    return [resource for *_, resource in sorted(ranked)[:limit]]


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
