"""Guides on disk, one file per territory and version of the directory. Only `build_guides`
builds them (setup, after each import, on a schedule), one build at a time on a machine; a
visitor's request reads the newest guide built for its territory and never builds one: a
build takes seconds, and a few cold requests used to hold every worker."""

import fcntl
import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from directory import revision

from . import content, render


class Busy(Exception):
    """Another build of the guides is running on this machine."""


def root() -> Path:
    return Path(settings.OPENDATA_ROOT) / "guides"


def version() -> str:
    """What a guide's content depends on: the directory (its edition date is the day it was
    built for this version, not the day it is read)."""
    parts = [revision.current(), settings.SITE_URL]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def path_of(kind: str, territory) -> Path:
    """Where the guide of the current version is, built or not."""
    return root() / version() / f"{kind}-{territory.code}.pdf"


def latest(kind: str, territory) -> Path | None:
    """The guide to serve: the current version's, else the last one built for this territory
    (until `build_guides` has caught up with a change), else none."""
    current = path_of(kind, territory)
    if current.exists():
        return current
    built = []
    for path in root().glob(f"*/{kind}-{territory.code}.pdf"):
        try:
            built.append((path.stat().st_mtime, path))
        except FileNotFoundError:  # removed by a clean-up meanwhile
            continue
    return max(built, default=(0, None))[1]


@contextmanager
def build_lock():
    """One build at a time: a second `build_guides` (cron and an import together) stops at
    once with `Busy` rather than building the same PDFs again."""
    root().mkdir(parents=True, exist_ok=True)
    with open(root() / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise Busy from error
        yield


def build(kind: str, territory) -> Path:
    """The guide of a département (`kind` « departement ») or an EPCI for the current version,
    built if missing (`render.Unavailable` without Pango). Call it under `build_lock()`."""
    path = path_of(kind, territory)
    if not path.exists():
        guide = (
            content.for_departement(territory)
            if kind == "departement"
            else (content.for_epci(territory))
        )
        data = render.pdf(guide)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    return path


def prune() -> None:
    """Remove the older guides the current version replaces (a territory not built yet keeps
    its last guide), and the folders left empty."""
    current = root() / version()
    for old in root().iterdir():
        if not old.is_dir() or old == current:
            continue
        for path in old.glob("*.pdf"):
            if (current / path.name).exists():
                path.unlink(missing_ok=True)
        if not any(old.iterdir()):
            shutil.rmtree(old, ignore_errors=True)
