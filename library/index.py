"""The published resources in memory, by theme, with what ranks them for a project: a
results page chooses its « Pour préparer votre projet » without reading the table. Rebuilt
when the resources changed (`LibraryRevision`, bumped by every write, `core.revisions`)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from core.revisions import Cached, Revision
from core.text import subject_stems

from .models import LibraryRevision, Resource


@dataclass(frozen=True)
class ResourceEntry:
    pk: int
    title: str
    published_on: datetime.date | None
    themes: frozenset[str]
    phases: frozenset[str]
    stems: frozenset[str]  # of its title and summary

    @property
    def newest_first(self) -> tuple:
        undated = self.published_on is None
        return (undated, 0 if undated else -self.published_on.toordinal(), self.title)


@dataclass
class ResourceIndex:
    token: str
    built_on: datetime.date
    by_theme: dict[str, list[ResourceEntry]]

    def on_themes(self, theme_slugs) -> list[ResourceEntry]:
        found = {entry.pk: entry for slug in theme_slugs for entry in self.by_theme.get(slug, [])}
        return list(found.values())


REVISION = Revision(LibraryRevision)


def connect() -> None:
    REVISION.follow([Resource], m2m=[Resource.themes.through, Resource.phases.through])


def build(token: str, today: datetime.date) -> ResourceIndex:
    """The published resources whose link is not known to be broken."""
    resources = (
        Resource.objects.published()
        .filter(link_broken_since=None)
        .only("pk", "title", "summary", "published_on")
        .prefetch_related("themes", "phases")
    )
    by_theme = defaultdict(list)
    for resource in resources:
        entry = ResourceEntry(
            pk=resource.pk,
            title=resource.title,
            published_on=resource.published_on,
            themes=frozenset(theme.slug for theme in resource.themes.all()),
            phases=frozenset(phase.slug for phase in resource.phases.all()),
            stems=subject_stems(f"{resource.title} {resource.summary}"),
        )
        for slug in entry.themes:
            by_theme[slug].append(entry)
    return ResourceIndex(token, today, dict(by_theme))


_cached = Cached(REVISION, build)


def get_resource_index() -> ResourceIndex:
    return _cached.get()
