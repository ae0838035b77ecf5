"""An in-memory index kept as long as what it reads has not changed — one mechanism for the
directory (`directory.index`), the aids (`funding.index`) and the resources (`library.index`).

A one-row table holds a token that every write changes: signals for single writes (a
moderation decision sends one, `core.moderation.decide`), `bump()` after bulk ones, once at
the end of a `batch()`. A random token rather than a counter: a rolled-back write can never
leave a number reused. Each process keeps its index while the token it was built from is
current, and rebuilds it each new day (an offer or an aid may have ended the day before)."""

import datetime
import gc
import threading
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from typing import Generic, TypeVar

from django.db import connection, models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

Index = TypeVar("Index")


class RevisionRow(models.Model):
    """The one-row table of a revision: its token, and when it last changed."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name} du {self.changed_at:%d/%m/%Y %H:%M}"


class Revision:
    def __init__(self, model: type[models.Model]):
        self.model = model  # one row (pk 1) with a `token`
        self._batch = threading.local()

    def bump(self, **_ignored) -> None:
        if getattr(self._batch, "active", False):
            self._batch.changed = True
            return
        self.model.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})

    @contextmanager
    def batch(self):
        """Many writes (a synchronisation), one bump at the end."""
        self._batch.active, self._batch.changed = True, False
        try:
            yield
        finally:
            self._batch.active = False
            if self._batch.changed:
                self.bump()

    def current(self) -> str:
        # Read on every page that uses the index: plain SQL costs a tenth of the ORM here.
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {table} WHERE id = 1")  # noqa: S608 - our table
            row = cursor.fetchone()
        return row[0] if row else ""

    def follow(self, models_: Iterable[type[models.Model]], m2m: Iterable = ()) -> None:
        """Bump on every save and delete of these models and change of these relations."""
        for model in models_:
            uid = f"{self.model._meta.label}-{model._meta.label}"
            post_save.connect(self.bump, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(self.bump, sender=model, dispatch_uid=f"{uid}-delete")
        for through in m2m:
            uid = f"{self.model._meta.label}-{through._meta.label}"
            m2m_changed.connect(self.bump, sender=through, dispatch_uid=f"{uid}-m2m")


class Cached(Generic[Index]):
    """`build(token, today)` once per process while the revision's token and the day hold."""

    def __init__(
        self, revision: Revision, build: Callable[[str, datetime.date], Index], freeze=False
    ):
        self.revision, self.build, self.freeze = revision, build, freeze
        self._lock = threading.Lock()
        self._current = None

    def get(self) -> Index:
        token, today = self.revision.current(), timezone.localdate()
        index = self._current
        if index is not None and index.token == token and index.built_on == today:
            return index
        with self._lock:
            index = self._current
            if index is None or index.token != token or index.built_on != today:
                index = self._current = self.build(token, today)
                if self.freeze:
                    # Out of the garbage collector's sight: at national scale the index is a
                    # million objects, and every full collection went through them (100 ms
                    # spikes in p95). Reference counting still frees it once replaced.
                    gc.freeze()
            return index
