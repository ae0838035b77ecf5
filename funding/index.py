"""The open aids in memory, by theme, with what the results page shows of them: a results
page ranks them without a query. Rebuilt when the aids changed (`FundingRevision`, bumped by
every write) and each new day (an aid may have closed the day before)."""

import datetime
import threading
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

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


_batch = threading.local()


def bump(**_ignored) -> None:
    if getattr(_batch, "active", False):
        _batch.changed = True
        return
    FundingRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


@contextmanager
def batch():
    """Many writes (a sync), one bump at the end."""
    _batch.active, _batch.changed = True, False
    try:
        yield
    finally:
        _batch.active = False
        if _batch.changed:
            bump()


def current() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM funding_fundingrevision WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else ""


def connect() -> None:
    post_save.connect(bump, sender=Aid, dispatch_uid="funding-revision-save")
    post_delete.connect(bump, sender=Aid, dispatch_uid="funding-revision-delete")
    for name in ("themes", "phases", "regions", "departements", "epcis"):
        m2m_changed.connect(
            bump, sender=getattr(Aid, name).through, dispatch_uid=f"funding-revision-{name}"
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


_current: AidIndex | None = None
_lock = threading.Lock()


def get_aid_index() -> AidIndex:
    global _current
    token = current()
    today = timezone.localdate()
    index = _current
    if index is not None and index.token == token and index.built_on == today:
        return index
    with _lock:
        if _current is None or _current.token != token or _current.built_on != today:
            _current = build(token, today)
        return _current
