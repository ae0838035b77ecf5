"""The départements this instance serves: `SITE_DEPARTEMENTS`, a list of codes (« 53 »,
« 53,72 ») or « all » for a national instance. Every default (the observatory's, the map's,
the import commands', the open data's) reads it here."""

from django.conf import settings

from .models import Departement

ALL = "all"


def serves_all() -> bool:
    return [code.strip().lower() for code in settings.SITE_DEPARTEMENTS] == [ALL]


def served_codes() -> list[str]:
    """The codes, all of the referential's for a national instance."""
    if serves_all():
        return list(Departement.objects.order_by("code").values_list("code", flat=True))
    return list(settings.SITE_DEPARTEMENTS)


def import_scope() -> list[str] | None:
    """What an import command covers by default: the served départements, None for all."""
    return None if serves_all() else list(settings.SITE_DEPARTEMENTS)


def default_departement() -> str:
    """The département a page shows when none is asked for (the observatory, the map)."""
    codes = served_codes()
    return codes[0] if codes else "53"
