"""The open data files on disk, one folder per version of the data: a version changes with the
directory's revision, with the réalisations and events, and with the day (offers past their end
leave the files). The first request of a new version builds its folder; the others read it."""

import datetime
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from agenda.models import Event
from directory import revision
from peers.models import Realisation

from . import exports


@dataclass(frozen=True)
class Published:
    folder: Path
    version: str

    @property
    def built_at(self) -> datetime.datetime:
        stamp = (self.folder / "datapackage.json").stat().st_mtime
        return datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)

    def path(self, filename: str) -> Path:
        return self.folder / filename

    def size(self, filename: str) -> int:
        return self.path(filename).stat().st_size


def version() -> str:
    """A token that changes whenever a published file would."""
    schemas = sorted((p.name, p.stat().st_mtime_ns) for p in exports.SCHEMAS.glob("*.json"))
    parts = [
        revision.current(),
        timezone.localdate().isoformat(),
        settings.SITE_URL,
        ",".join(settings.SITE_DEPARTEMENTS),  # « all »: the referential's revision follows
        str(schemas),
        str(Realisation.objects.aggregate(n=Count("pk"), last=Max("updated_at"))),
        str(Event.objects.aggregate(n=Count("pk"), last=Max("updated_at"))),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def published() -> Published:
    """The files of the current version, built now if they are not yet."""
    root = Path(settings.OPENDATA_ROOT) / "donnees"
    current = version()
    folder = root / current
    if not (folder / "datapackage.json").exists():
        build(root, folder)
    return Published(folder, current)


def build(root: Path, folder: Path) -> None:
    """Writes every file in a folder of its own, then renames it into place: a reader never
    sees half a version, and two workers building at once keep the first one's."""
    root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=root, prefix=".building-"))
    for filename, content in exports.files().items():
        (building / filename).write_bytes(content)
    try:
        os.rename(building, folder)
    except OSError:  # another worker was faster
        shutil.rmtree(building, ignore_errors=True)
        return
    for old in root.iterdir():
        if old != folder and not old.name.startswith(".building-"):
            shutil.rmtree(old, ignore_errors=True)
