"""Guides on disk, one file per territory and version of the directory: built by
`build_guides` (setup, after each import, on a schedule), else by the first request after a
change (a few seconds for a département), then read."""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from directory import revision

from . import content, render


def version() -> str:
    """What a guide's content depends on: the directory (its edition date is the day it was
    built for this version, not the day it is read)."""
    parts = [revision.current(), settings.SITE_URL]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def path_of(kind: str, territory) -> Path:
    return Path(settings.OPENDATA_ROOT) / "guides" / version() / f"{kind}-{territory.code}.pdf"


def guide_pdf(kind: str, territory) -> Path:
    """The PDF of a département's (`kind` « departement ») or an EPCI's guide."""
    path = path_of(kind, territory)
    root, current = path.parent.parent, path.parent.name
    if not path.exists():
        if kind == "departement":
            guide = content.for_departement(territory)
        else:
            guide = content.for_epci(territory)
        data = render.pdf(guide)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
        for old in root.iterdir():
            if old.name != current:
                shutil.rmtree(old, ignore_errors=True)
    return path
