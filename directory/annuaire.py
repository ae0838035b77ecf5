"""Institutional contacts from the Annuaire de l'administration (service-public.fr / DILA,
Licence Ouverte 2.0): switchboard, generic address, contact form, postal address and opening
hours of the préfecture, the DDT, the Département, the EPCI, the CAF and the other local
services it lists.

Two published shapes are read, with the same fields:
- the national export of the local services (« Base de données locales de Service-public »,
  data.gouv.fr): `{"service": [ {...}, ... ]}`, nested fields as JSON;
- the Opendatasoft API `api-lannuaire-administration` (records page `{"results": [...]}` or
  JSON export `[...]`), where nested fields are JSON texts to decode.

A record is matched to a structure by its annuaire identifier once known, else by SIREN (an
EPCI's is its code in the referential), else by service type (`Structure.annuaire_type`) and
département, the seat commune deciding between several. Named people (`affectation_personne`)
are never read. A field a person typed (the structure, the platform team) is never overwritten.
"""

import datetime
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from core.validators import french_phone
from history.services import record as record_change

from . import contacts
from .models import Structure

SOURCE_TITLE = "Annuaire de l'administration (service-public.fr)"
ODS_EXPORT = (
    "https://api-lannuaire.service-public.fr/api/explore/v2.1/catalog/datasets/"
    "api-lannuaire-administration/exports/json"
)
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


class AnnuaireError(Exception):
    """The file cannot be read as the annuaire: nothing was written."""


@dataclass(frozen=True)
class Record:
    id: str
    name: str
    type: str
    insee: str
    siren: str
    contact_phone: str
    contact_email: str
    contact_url: str
    postal_address: str
    opening_hours: str
    url: str
    modified: datetime.date | None
    rejected: tuple[str, ...] = ()  # values that did not pass our rules, said in the summary

    @property
    def departement(self) -> str:
        code = self.insee
        if code.startswith(("97", "98")):
            return code[:3]
        return code[:2]

    @property
    def is_branch(self) -> bool:
        """« Caisse d'allocations familiales - Château-Gontier » is one of its desks."""
        return " - " in self.name


@dataclass
class Summary:
    read: int = 0
    in_scope: int = 0
    matched: int = 0
    updated: int = 0
    unchanged: int = 0
    fields_updated: int = 0
    fields_kept: int = 0  # typed by a person, left as they are
    ambiguous: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)  # structures expecting a record
    rejected: list[str] = field(default_factory=list)
    unmatched_types: Counter = field(default_factory=Counter)


# Reading ---------------------------------------------------------------------------------


def _decoded(value):
    """The Opendatasoft API gives nested fields as JSON texts."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _as_list(value) -> list:
    value = _decoded(value)
    if value in (None, ""):
        return []
    return value if isinstance(value, list) else [value]


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value) -> datetime.date | None:
    text = _text(value)
    for pattern in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text[:25], pattern).date()
        except ValueError:
            continue
    return None


def _hour(value: str) -> str:
    """« 08:30:00 » → « 8 h 30 »."""
    match = re.match(r"^(\d{1,2}):(\d{2})", _text(value))
    return f"{int(match[1])} h {match[2]}" if match else ""


def _hours(ranges, comment) -> str:
    lines = []
    for entry in _as_list(ranges):
        if not isinstance(entry, dict):
            continue
        first = _text(entry.get("nom_jour_debut")).lower()
        last = _text(entry.get("nom_jour_fin")).lower()
        if first not in DAYS:
            continue
        days = first if last in ("", first) else f"du {first} au {last}"
        pairs = [
            (_hour(entry.get(f"valeur_heure_debut_{n}")), _hour(entry.get(f"valeur_heure_fin_{n}")))
            for n in (1, 2)
        ]
        slots = [f"{start} – {end}" for start, end in pairs if start and end]
        line = f"{days[:1].upper()}{days[1:]} : {', '.join(slots) or 'sur rendez-vous'}"
        if _text(entry.get("commentaire")):
            line += f" ({_text(entry['commentaire'])})"
        lines.append(line)
    if _text(comment):
        lines.append(_text(comment))
    return "\n".join(lines)[:1000]


def _address(addresses) -> str:
    """The postal address when there is one (where letters go), else the desk's."""
    entries = [a for a in _as_list(addresses) if isinstance(a, dict)]
    chosen = next(
        (a for a in entries if _text(a.get("type_adresse")) == "Adresse postale"),
        next(iter(entries), None),
    )
    if chosen is None:
        return ""
    lines = [
        _text(chosen.get(key))
        for key in ("complement1", "complement2", "numero_voie", "service_distribution")
    ]
    town = " ".join(
        filter(None, [_text(chosen.get("code_postal")), _text(chosen.get("nom_commune"))])
    )
    return "\n".join(filter(None, [*lines, town]))[:300]


def _first_valid(values, check, label: str, rejected: list[str]) -> str:
    for value in values:
        value = _text(value.get("valeur") if isinstance(value, dict) else value)
        if not value:
            continue
        try:
            check(value)
        except ValidationError:
            rejected.append(f"{label} « {value} »")
            continue
        return value
    return ""


def parse(raw: dict) -> Record | None:
    """One record of either published shape; None when it has no type or no commune."""
    pivot = [p for p in _as_list(raw.get("pivot")) if isinstance(p, dict)]
    kind = _text(pivot[0].get("type_service_local")) if pivot else ""
    insee = _text(raw.get("code_insee_commune"))
    if not insee and pivot:
        insee = next(iter(_as_list(pivot[0].get("code_insee_commune"))), "")
    if not kind or not re.match(r"^\d[\dAB]\d{3}$", insee or ""):
        return None
    rejected: list[str] = []
    return Record(
        id=_text(raw.get("id")),
        name=_text(raw.get("nom")),
        type=kind,
        insee=insee,
        siren=_text(raw.get("siren")),
        contact_phone=_first_valid(
            _as_list(raw.get("telephone")), french_phone, "téléphone", rejected
        ),
        contact_email=_first_valid(
            _as_list(raw.get("adresse_courriel")), EmailValidator(), "courriel", rejected
        ),
        contact_url=_first_valid(
            _as_list(raw.get("formulaire_contact")), URLValidator(), "formulaire", rejected
        ),
        postal_address=_address(raw.get("adresse")),
        opening_hours=_hours(raw.get("plage_ouverture"), raw.get("commentaire_plage_ouverture")),
        url=_text(raw.get("url_service_public")),
        modified=_date(raw.get("date_modification")),
        rejected=tuple(rejected),
    )


def records_of(data) -> list[dict]:
    if isinstance(data, dict) and isinstance(data.get("service"), list):
        return data["service"]  # the national export
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]  # a page of the Opendatasoft API
    if isinstance(data, list):
        return data  # the Opendatasoft JSON export
    raise AnnuaireError(
        'Format non reconnu : un export de l\'annuaire ({"service": […]}) ou de son API '
        '({"results": […]} ou […]) est attendu.'
    )


# Matching --------------------------------------------------------------------------------


def _siren(structure: Structure) -> str:
    return structure.siren or (structure.epci_id or "")


def _expected_type(structure: Structure) -> str:
    return structure.annuaire_type or ("epci" if structure.epci_id else "")


def match(structure: Structure, records: list[Record]) -> tuple[Record | None, int]:
    """The record for this structure, and how many candidates there were (> 1 unresolved:
    ambiguous, nothing applied)."""
    if structure.annuaire_id:
        known = [r for r in records if r.id == structure.annuaire_id]
        if known:
            return known[0], 1
    kind = _expected_type(structure)
    siren = _siren(structure)
    if siren:  # a SIREN is decisive: another body's record never stands in for it
        candidates = [r for r in records if r.siren == siren]
        if len(candidates) > 1 and kind:
            candidates = [r for r in candidates if r.type == kind] or candidates
    elif kind:
        departement = structure.home_departement
        candidates = [r for r in records if r.type == kind and r.departement == departement]
    else:
        candidates = []
    if len(candidates) > 1 and structure.seat_commune_id:
        candidates = [r for r in candidates if r.insee == structure.seat_commune_id] or candidates
    if len(candidates) > 1:
        candidates = [r for r in candidates if not r.is_branch] or candidates
    return (candidates[0], 1) if len(candidates) == 1 else (None, len(candidates))


# Applying --------------------------------------------------------------------------------


def apply(structure: Structure, found: Record, summary: Summary, today: datetime.date) -> None:
    changed = []
    for name in contacts.FIELDS:
        value = getattr(found, name)
        current = getattr(structure, name)
        if contacts.typed_by_a_person(structure, name):
            if value and value != current:
                summary.fields_kept += 1
            continue
        was_annuaire = structure.contact_sources.get(name, {}).get("origine") == contacts.ANNUAIRE
        if value and value != current:
            setattr(structure, name, value)
            changed.append(name)
        elif not value and current and was_annuaire:
            setattr(structure, name, "")  # the annuaire no longer gives it
            changed.append(name)
    if changed:
        contacts.mark(
            structure,
            changed,
            contacts.ANNUAIRE,
            title=f"{SOURCE_TITLE} : {found.name}",
            url=found.url,
            date=found.modified or today,
        )
    if changed or structure.annuaire_id != found.id:
        structure.annuaire_id = found.id
        structure.save(update_fields=[*changed, "contact_sources", "annuaire_id", "updated_at"])
    if changed:
        summary.updated += 1
        summary.fields_updated += len(changed)
        labels = ", ".join(contacts.FIELDS[name].lower() for name in changed)
        record_change(
            None,
            structure,
            "coordonnées reprises de l'annuaire",
            labels,
            [structure.home_departement],
        )
    else:
        summary.unchanged += 1


def import_annuaire(data, departements: list[str], progress=None, today=None) -> Summary:
    """Apply the annuaire's records of `departements` to the structures that expect one.
    The caller wraps it in a transaction."""
    tick = progress or (lambda: None)
    today = today or datetime.date.today()
    summary = Summary()
    raws = records_of(data)
    summary.read = len(raws)
    records = []
    for raw in raws:
        tick()
        parsed = parse(raw) if isinstance(raw, dict) else None
        if parsed is None or parsed.departement not in departements:
            continue
        records.append(parsed)
    summary.in_scope = len(records)
    used = set()
    structures = Structure.objects.select_related("seat_commune").order_by("slug")
    for structure in structures:
        if not (_expected_type(structure) or _siren(structure) or structure.annuaire_id):
            continue
        if structure.home_departement not in departements:
            continue
        found, candidates = match(structure, records)
        if found is None:
            if candidates > 1:
                summary.ambiguous.append(f"{structure.slug} ({candidates} fiches possibles)")
            else:
                summary.not_found.append(structure.slug)
            continue
        summary.matched += 1
        used.add(found.id)
        summary.rejected += [f"{found.name} : {value}" for value in found.rejected]
        apply(structure, found, summary, today)
    summary.unmatched_types = Counter(r.type for r in records if r.id not in used)
    return summary
