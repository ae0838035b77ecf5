"""The communes of a national programme, from its official list: a CSV in the format of the
data.gouv.fr datasets of the ANCT (a column of INSEE codes, optionally an identifier and a
signing date). Codes of communes merged since are read through their former codes. Running
it again with the same file changes nothing; a commune gone from the list leaves the
programme."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction

from .models import Commune, CommuneAlias, Programme, ProgrammeMembership

CODE_COLUMNS = ("insee_com", "code_insee", "insee", "code_commune", "com_insee", "codgeo")
ID_COLUMNS = ("id_pvd", "id_acv", "id_vda", "id_programme", "id")
DATE_COLUMNS = ("date_signature", "date_convention", "date_entree")


class ProgrammeFileError(ValueError):
    """The file cannot be read as a programme list: nothing is written."""


@dataclass
class Summary:
    read: int = 0
    kept: int = 0
    new: int = 0
    removed: int = 0
    outside: int = 0  # communes of départements not served
    unknown: list[str] = field(default_factory=list)  # codes of no commune, even former


def rows_of(body: bytes) -> list[dict]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = body.decode("cp1252")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = {name.strip().lower(): name for name in reader.fieldnames or []}
    code = next((columns[c] for c in CODE_COLUMNS if c in columns), None)
    if code is None:
        raise ProgrammeFileError(
            f"aucune colonne de code INSEE ({', '.join(CODE_COLUMNS)}) parmi : "
            f"{', '.join(columns) or 'aucune colonne'}."
        )
    ident = next((columns[c] for c in ID_COLUMNS if c in columns), None)
    date = next((columns[c] for c in DATE_COLUMNS if c in columns), None)
    return [
        {
            "code": (row.get(code) or "").strip().zfill(5),
            "id": (row.get(ident) or "").strip()[:40] if ident else "",
            "date": _date(row.get(date) or "") if date else None,
        }
        for row in reader
        if (row.get(code) or "").strip()
    ]


def _date(value: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value.strip()[:10], pattern).date()
        except ValueError:
            continue
    return None


@transaction.atomic
def import_programme(
    programme: Programme,
    rows: list[dict],
    departements: list[str],
    source: str,
    source_date: datetime.date,
    progress=None,
) -> Summary:
    summary = Summary(read=len(rows))
    communes = set(Commune.objects.values_list("code", flat=True))
    former = dict(
        CommuneAlias.objects.exclude(code="").values_list("code", "commune_id")
    )  # a code of 2019 → today's commune
    departement_of = dict(Commune.objects.values_list("code", "departement_id"))
    wanted: dict[str, dict] = {}
    for row in rows:
        if progress:
            progress()
        code = row["code"] if row["code"] in communes else former.get(row["code"])
        if code is None:
            summary.unknown.append(row["code"])
        elif departement_of[code] not in departements:
            summary.outside += 1
        else:
            wanted.setdefault(code, row)
    existing = {
        m.commune_id: m
        for m in programme.memberships.filter(commune__departement_id__in=departements)
    }
    for code, row in wanted.items():
        values = {
            "external_id": row["id"],
            "signed_on": row["date"],
            "source": source[:500],
            "source_date": source_date,
        }
        membership = existing.get(code)
        if membership is None:
            ProgrammeMembership.objects.create(programme=programme, commune_id=code, **values)
            summary.new += 1
        elif any(getattr(membership, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(membership, name, value)
            membership.save()
            summary.kept += 1
        else:
            summary.kept += 1
    gone = [m.pk for code, m in existing.items() if code not in wanted]
    summary.removed, _ = ProgrammeMembership.objects.filter(pk__in=gone).delete()
    programme.members_known = True
    programme.source, programme.source_date = source[:500], source_date
    programme.save(update_fields=["members_known", "source", "source_date"])
    return summary
