from django.db.models import Q

from core.text import subject_stems

from .index import get_resource_index
from .models import Resource

SHOWN = 3


def for_project(theme_slugs, phase_slugs=(), text: str = "", limit: int = SHOWN) -> list[Resource]:
    """« Pour préparer votre projet »: resources that speak of the project — on one of its
    main themes (the first two understood) and sharing a word of the request that names its
    subject, or carrying both main themes; for a theme chosen without words, those carrying
    it. The more words and themes shared the sooner, then those of its phase, the newest next;
    never one whose link is known to be broken. One broad theme is not enough when words were
    typed: an EHPAD request is not given the guide on drinking water because both are
    « santé ». Ranked from the index (`library.index`), then the chosen read in one query."""
    if not theme_slugs:
        return []
    main, phases = set(list(theme_slugs)[:2]), set(phase_slugs)
    asked = subject_stems(text)
    ranked = []
    for entry in get_resource_index().on_themes(theme_slugs):
        words, themes = len(asked & entry.stems), len(main & entry.themes)
        if (words and themes) or themes == len(main) == 2 or (not asked and themes):
            phase_hits = len(phases & entry.phases)
            ranked.append((-words, -themes, -phase_hits, entry.newest_first, entry.pk))
    chosen = [key[-1] for key in sorted(ranked)[:limit]]
    loaded = Resource.objects.select_related("publisher").in_bulk(chosen)
    return [loaded[pk] for pk in chosen if pk in loaded]


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
