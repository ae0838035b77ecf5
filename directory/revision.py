"""The directory's revision token: changed by every write (signals for single writes, an
explicit `bump()` after bulk ones), read by in-memory indexes to know they are stale."""

import uuid

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from territories.models import DatasetImport, Programme, ProgrammeMembership

from .models import DirectoryRevision, HelpKind, Offre, Phase, Structure, Theme


def bump(**_ignored) -> None:
    DirectoryRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def current() -> str:
    # Read on every orientation: plain SQL costs a tenth of the ORM for this one-row read.
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM directory_directoryrevision WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else ""


def connect() -> None:
    for model in (Structure, Offre, Theme, HelpKind, Phase):
        post_save.connect(bump, sender=model, dispatch_uid=f"revision-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"revision-delete-{model.__name__}")
    # The index also reads the referential (the names of territories): an import changes it.
    post_save.connect(bump, sender=DatasetImport, dispatch_uid="revision-referential-import")
    # The programmes an offer is reserved to, and their communes.
    for model in (Programme, ProgrammeMembership):
        post_save.connect(bump, sender=model, dispatch_uid=f"revision-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"revision-delete-{model.__name__}")
    for field in (
        "themes", "help_kinds", "phases", "regions", "departements", "epcis", "communes",
        "programmes",
    ):  # fmt: skip
        m2m_changed.connect(
            bump, sender=getattr(Offre, field).through, dispatch_uid=f"revision-m2m-{field}"
        )
