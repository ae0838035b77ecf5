"""The départements this instance serves: `SITE_DEPARTEMENTS`, a list of codes (« 53 »,
« 53,72 ») or « all » for a national instance. Every default (the observatory's, the map's,
the import commands', the open data's) reads it here."""

import functools
import json
from pathlib import Path

from django.conf import settings

from core.routing import page_url

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


# The INSEE « charnière » of a name (TNCC): « de la Sarthe », « d'Ille-et-Vilaine », « du Nord »
CHARNIERES = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'", 6: "des "}


def of(name: str, liaison) -> str:
    """« de la Mayenne » from the name and its INSEE type of liaison."""
    return CHARNIERES.get(liaison, "de ") + name


def of_town(name: str, liaison) -> str:
    """« d'Argentan », « du Havre », « des Andelys », « de La Flèche », « d'Honfleur » but « de
    Hazebrouck »: a commune's name carries its article (« Le Havre »), its INSEE type of
    liaison says how « de » joins it — the same charnières as a département's, without the
    article the name already has."""
    if liaison in (2, 4, 6) and " " in name:  # « Le Havre », « Les Andelys »: du, des
        return of(name.split(" ", 1)[1], liaison)
    return of(name, liaison if liaison in (0, 1) else 0)


def _departements() -> dict[str, dict]:
    """The referential's départements by code; nothing (and not kept) until it is installed."""
    path = Path(settings.DECOUPAGE_DATA_DIR) / "departements.json"
    return _read_departements(path) if path.exists() else {}


@functools.cache
def _read_departements(path: Path) -> dict[str, dict]:
    return {d["code"]: d for d in json.loads(path.read_text(encoding="utf-8"))}


# The article a name takes on its own (INSEE TNCC): « La Mayenne », « L'Ain », « Le Nord ».
ARTICLES = {2: "Le ", 3: "La ", 4: "Les ", 5: "L'"}


def nav_link() -> tuple[str, str]:
    """The header's link: « La Mayenne » to its page when the instance serves one
    département, « Départements » to the home page's choice of one otherwise."""
    codes = list(settings.SITE_DEPARTEMENTS)
    known = _departements().get(codes[0]) if len(codes) == 1 else None
    if known is None:
        # Several (the home page's choice), or a referential not installed yet (its page).
        if len(codes) == 1 and not serves_all():
            return page_url("directory:departement", codes[0]), "Le département"
        return page_url("directory:home") + "#accueil-departement", "Départements"
    label = ARTICLES.get(known.get("typeLiaison"), "") + known["nom"]
    return page_url("directory:departement", known["code"]), label


def of_departement(departement: Departement) -> str:
    """« de la Mayenne », « du Nord », « d'Ille-et-Vilaine »."""
    return of(departement.name, _departements().get(departement.code, {}).get("typeLiaison"))
