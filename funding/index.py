"""The open aids in memory, by theme, with what the results page shows of them: a results
page ranks them without a query. Rebuilt when the aids changed (`FundingRevision`, bumped by
every write, `core.revisions`) and each new day (an aid may have closed the day before)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from core.revisions import Cached, Revision

from .models import Aid, FundingRevision, closes_soon, deadline_words


@dataclass(frozen=True)
class AidEntry:
    pk: int
    name: str
    url: str
    origin_url: str
    link: str
    financers: tuple[str, ...]
    submission_deadline: datetime.date | None
    recurrence: str
    subvention_rate_max: int | None
    is_call_for_project: bool
    scope: str
    perimeter: str
    source_label: str
    remote_updated_at: datetime.datetime | None
    themes: tuple[tuple[str, str], ...]  # (slug, name)
    phases: tuple[tuple[str, str], ...]
    regions: frozenset = field(default_factory=frozenset)
    departements: frozenset = field(default_factory=frozenset)
    epcis: frozenset = field(default_factory=frozenset)

    def covers(self, commune) -> bool:
        if self.scope == Aid.Scope.NATIONAL:
            return True
        if self.scope == Aid.Scope.REGIONAL:
            return commune.region_id in self.regions
        if self.scope == Aid.Scope.DEPARTEMENTAL:
            return commune.departement_id in self.departements
        return commune.epci_id in self.epcis

    def open_for(self, commune, today) -> bool:
        """Covers the commune and has not closed since the index was built."""
        closed = self.submission_deadline is not None and self.submission_deadline < today
        return not closed and self.covers(commune)

    def get_scope_display(self) -> str:  # as the model says it
        return Aid.Scope(self.scope).label

    def closes_soon(self, today=None) -> bool:
        return closes_soon(self.submission_deadline, today)

    def deadline_label(self, today=None) -> str:
        return deadline_words(self.submission_deadline, self.recurrence, today)


@dataclass
class AidIndex:
    token: str
    built_on: datetime.date
    entries: dict[int, AidEntry]
    by_theme: dict[str, set[int]]


REVISION = Revision(FundingRevision)
bump, batch, current = REVISION.bump, REVISION.batch, REVISION.current


def connect() -> None:
    REVISION.follow(
        [Aid],
        m2m=[
            getattr(Aid, name).through
            for name in ("themes", "phases", "regions", "departements", "epcis")
        ],
    )


def build(token: str, today: datetime.date) -> AidIndex:
    """The aids open today and meant for communes."""
    aids = (
        Aid.objects.open(today)
        .filter(for_communes=True)
        .select_related("backer")
        .prefetch_related("themes", "phases", "regions", "departements", "epcis")
    )
    entries, by_theme = {}, defaultdict(set)
    for aid in aids:
        entries[aid.pk] = AidEntry(
            pk=aid.pk,
            name=aid.name,
            url=aid.url,
            origin_url=aid.origin_url,
            link=aid.link,
            financers=tuple(aid.financers),
            submission_deadline=aid.submission_deadline,
            recurrence=aid.recurrence,
            subvention_rate_max=aid.subvention_rate_max,
            is_call_for_project=aid.is_call_for_project,
            scope=aid.scope,
            perimeter=aid.perimeter,
            source_label=aid.source_label,
            remote_updated_at=aid.remote_updated_at,
            themes=tuple((t.slug, t.name) for t in aid.themes.all()),
            phases=tuple((p.slug, p.name) for p in aid.phases.all()),
            regions=frozenset(r.pk for r in aid.regions.all()),
            departements=frozenset(d.pk for d in aid.departements.all()),
            epcis=frozenset(e.pk for e in aid.epcis.all()),
        )
        for slug, _name in entries[aid.pk].themes:
            by_theme[slug].add(aid.pk)
    return AidIndex(token, today, entries, dict(by_theme))


_cached = Cached(REVISION, build)


def get_aid_index() -> AidIndex:
    return _cached.get()
