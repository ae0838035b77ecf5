"""The guichet de l'ingénierie of each département, from the ANCT's public file of its
delegates (`anct-carto/annuaire_delegues_anct`, `data/data_contacts.csv`). Only institutional
columns are read: the service's name, its generic address, its switchboard, its page and the
row's date. The names, functions and personal addresses of the delegates are never read; an
address that looks like a person's (« prénom.nom@ ») is dropped.

Per département, the guichet is the row with a page (the guide or the guichet's page), the
DDT's first, else the DDT, else the préfecture."""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from core.validators import french_phone
from territories.models import Departement

from .models import Guichet

SOURCE_TITLE = "ANCT, annuaire des délégués territoriaux (data_contacts.csv)"
SOURCE_URL = "https://github.com/anct-carto/annuaire_delegues_anct/blob/main/data/data_contacts.csv"
COLUMNS = ("insee_dep", "fiche_lib_admin", "fiche_mel", "fiche_telephone", "site_web")
# Generic prefixes of the State's services: « ddt@ », « pref-mail@ », « sp-gex@ »…
PERSONAL = re.compile(r"^[a-z]+(?:-[a-z]+)?\.[a-z]+(?:-[a-z]+)?@", re.IGNORECASE)
GENERIC = re.compile(
    r"^(ddt|ddtm|pref|prefecture|sp|sous|secretaire|bureau)(?=[.\-_@0-9])", re.IGNORECASE
)


class GuichetError(Exception):
    """The file cannot be read as the ANCT's: nothing was written."""


@dataclass(frozen=True)
class Row:
    departement: str
    service: str
    email: str
    phone: str
    url: str
    date: datetime.date | None


def looks_personal(email: str) -> bool:
    return bool(PERSONAL.match(email)) and not GENERIC.match(email)


def _valid(value: str, check) -> str:
    try:
        check(value)
    except ValidationError:
        return ""
    return value


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def read(text: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GuichetError(f"Colonnes absentes : {', '.join(missing)}.")
    rows = []
    for raw in reader:
        email = " ".join((raw["fiche_mel"] or "").split()).lower()
        if email and (looks_personal(email) or not _valid(email, EmailValidator())):
            email = ""
        phone = " ".join((raw["fiche_telephone"] or "").split())
        rows.append(
            Row(
                departement=(raw["insee_dep"] or "").strip().zfill(2),
                service=" ".join((raw["fiche_lib_admin"] or "").split()),
                email=email,
                phone=_valid(phone, french_phone),
                url=_valid("".join((raw["site_web"] or "").split()), URLValidator()),
                date=_date(raw.get("Date mise à jour") or ""),
            )
        )
    return rows


def _rank(row: Row) -> tuple:
    service = row.service.lower()
    return (
        not row.email,
        not row.url,
        "territoires" not in service,  # the DDT (or DDTM)
        not service.startswith("préfecture"),
    )


def choose(rows: list[Row]) -> dict[str, Row]:
    """The guichet of each département: one row, with a generic address."""
    chosen: dict[str, Row] = {}
    for row in sorted(rows, key=_rank):
        if row.email and row.departement not in chosen:
            chosen[row.departement] = row
    return chosen


def import_guichets(text: str, departements: list[str] | None = None) -> tuple[int, int]:
    """Create or update the guichets (of `departements` only, if given): (created, updated)."""
    chosen = choose(read(text))
    known = set(Departement.objects.values_list("code", flat=True))
    created = updated = 0
    for code, row in sorted(chosen.items()):
        if code not in known or (departements and code not in departements):
            continue
        _, was_created = Guichet.objects.update_or_create(
            departement_id=code,
            defaults={
                "service": row.service,
                "email": row.email,
                "phone": row.phone,
                "url": row.url,
                "source_title": SOURCE_TITLE,
                "source_url": SOURCE_URL,
                "source_date": row.date,
            },
        )
        created += was_created
        updated += not was_created
        cache.delete(f"guichet:{code}")  # `directory.reach.guichet` reads it from now on
    return created, updated
