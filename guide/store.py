"""Guides on disk, one file per territory and version of the directory: built by the first
request after a change (a few seconds for a département), then read."""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from directory import revision

from . import content, render


def version() -> str:
    parts = [revision.current(), timezone.localdate().isoformat(), settings.SITE_URL]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def guide_pdf(kind: str, territory) -> Path:
    """The PDF of a département's (`kind` « departement ») or an EPCI's guide."""
    root = Path(settings.OPENDATA_ROOT) / "guides"
    current = version()
    path = root / current / f"{kind}-{territory.code}.pdf"
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
