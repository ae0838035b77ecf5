"""The directory's revision (`core.revisions`): changed by every write to what the in-memory
index reads (`directory.index`), the printable guides and the open-data files."""

from core.revisions import Revision
from territories.models import DatasetImport, Programme, ProgrammeMembership

from .models import DirectoryRevision, HelpKind, Offre, Phase, Structure, Theme

REVISION = Revision(DirectoryRevision)
bump, current = REVISION.bump, REVISION.current


def connect() -> None:
    # The index also reads the referential (the names of territories: an import changes
    # them) and the programmes an offer is reserved to, with their communes.
    REVISION.follow(
        (Structure, Offre, Theme, HelpKind, Phase, DatasetImport, Programme, ProgrammeMembership),
        m2m=[
            getattr(Offre, field).through
            for field in (
                "themes",
                "help_kinds",
                "phases",
                "regions",
                "departements",
                "epcis",
                "communes",
                "programmes",
            )
        ],
    )
