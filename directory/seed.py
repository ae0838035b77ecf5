"""Load the readable seed files of the directory (TOML) into the database.

Every record is validated before anything is written; each problem is reported with the file,
the record and the field, and a single problem means nothing is written at all. A structure
that has confirmed its own fiche is never overwritten by the seed.
"""

import datetime
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.db import models, transaction
from django.forms import modelform_factory

from core.errors import ProblemsError
from territories.models import EPCI, Commune, Departement, Programme, Region

from . import contacts
from .forms import https_by_default
from .models import HelpKind, Offre, OffreContact, Phase, Structure, Theme
from .provenance import UNDATED, normalised, parse_date

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAXONOMY_KEYS = {"slug", "name", "description", "survey_label"}
STRUCTURE_KEYS = {
    "slug", "name", "acronym", "kind", "description", "seat_town", "seat_commune", "website",
    "contact_url", "contact_email", "contact_phone", "epci", "sources", "notes", "offres",
    "generalist", "survey_label", "identified", "postal_address", "opening_hours",
    "contact_source", "siren", "annuaire_type",
}  # fmt: skip
CONTACT_KEYS = ["contact_url", "contact_email", "contact_phone", "postal_address", "opening_hours"]
OFFRE_CONTACT_KEYS = {
    "epci", "label", "contact_phone", "contact_email", "contact_url", "postal_address", "sources",
}  # fmt: skip
OFFRE_KEYS = {
    "slug", "title", "summary", "themes", "aides", "phases", "for_communes", "for_epcis",
    "population_min", "population_max", "members_only", "territory", "cost",
    "conditions_details", "how_to_ask", "sources", "valid_from", "valid_until", "contacts",
    "programmes",
}  # fmt: skip
SOURCE_KEYS = {"titre", "url", "date", "secondaire"}
TERRITORY_KEYS = {"france", "regions", "departements", "epcis", "communes", "arrondissements"}


class SeedError(ProblemsError):
    """The seed files are refused: nothing was written."""


@dataclass
class SeedSummary:
    themes: int = 0
    aides: int = 0
    phases: int = 0
    structures_created: int = 0
    structures_updated: int = 0
    structures_kept: list[str] = field(default_factory=list)
    offres: int = 0


def _read_toml(path: Path, problems: list[str]) -> dict:
    try:
        with open(path, "rb") as stream:
            return tomllib.load(stream)
    except tomllib.TOMLDecodeError as error:
        problems.append(f"{path.name} : syntaxe TOML invalide ({error}).")
    except OSError as error:
        problems.append(f"{path} : fichier illisible ({error}).")
    return {}


def fingerprint(taxonomies: Path, structures_dir: Path) -> str:
    digest = hashlib.sha256(Path(taxonomies).read_bytes())
    for path in sorted(Path(structures_dir).glob("*.toml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# The fields each record's model form checks: the models' own rules (required, lengths, web
# and e-mail addresses, phone, choices, population limits in `Offre.clean`).
STRUCTURE_FIELDS = [
    "name", "acronym", "kind", "description", "seat_town", "website", "contact_url",
    "contact_email", "contact_phone", "survey_label", "generalist", "identified",
    "postal_address", "opening_hours", "siren", "annuaire_type",
]  # fmt: skip
OFFRE_FIELDS = [
    "title", "summary", "cost", "conditions_details", "how_to_ask", "for_communes", "for_epcis",
    "population_min", "population_max", "members_only", "valid_from", "valid_until",
]  # fmt: skip
StructureRecordForm = modelform_factory(
    Structure, fields=STRUCTURE_FIELDS, formfield_callback=https_by_default
)
OffreRecordForm = modelform_factory(Offre, fields=OFFRE_FIELDS)
OffreContactRecordForm = modelform_factory(
    OffreContact,
    fields=["label", "contact_phone", "contact_email", "contact_url", "postal_address"],
    formfield_callback=https_by_default,
)


def _toml_type(model_field) -> tuple[type, str] | None:
    """The TOML type a field's value must have: the form would read `generalist = "non"` as
    true and `name = 12` as a text."""
    if isinstance(model_field, models.DateField):
        return datetime.date, "date attendue (AAAA-MM-JJ, sans guillemets)."
    if isinstance(model_field, models.BooleanField):
        return bool, "true ou false attendu."
    if isinstance(model_field, models.IntegerField):
        return int, "nombre entier attendu."
    if isinstance(model_field, models.CharField | models.TextField):
        return str, "texte attendu."
    return None


def _with_value(message: str, value) -> str:
    """« Saisissez une URL valide. » about `caue53` → « saisissez une URL valide (« caue53 »). »"""
    message = message.rstrip(".")
    message = message[:1].lower() + message[1:]
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value) not in message:
        message += f" (« {value} »)"
    return message + "."


class Validator:
    """Collects every problem of the seed instead of stopping at the first one. A record's own
    fields are checked by its model form, so the seed, the structure space and the admin share
    the models' rules; the validator adds what only the files have: types, unknown keys,
    identifiers, taxonomies, territories, sources."""

    def __init__(self, taxonomies: dict):
        self.problems: list[str] = []
        self.by_field: list[tuple[str, str]] = []  # (field, message), for forms
        self.themes = {t.get("slug") for t in taxonomies.get("themes", [])}
        self.aides = {t.get("slug") for t in taxonomies.get("aides", [])}
        self.phases = {t.get("slug") for t in taxonomies.get("phases", [])}
        self.structure_slugs: dict[str, str] = {}
        self.offre_slugs: dict[str, str] = {}

    @classmethod
    def for_database(cls) -> "Validator":
        """The rules against the referential only (the territory of a proposed offer)."""
        return cls({})

    # The referential, read only when a territory is checked.
    @cached_property
    def programmes(self):
        return set(Programme.objects.values_list("slug", flat=True))

    @cached_property
    def regions(self):
        return set(Region.objects.values_list("code", flat=True))

    @cached_property
    def departements(self):
        return set(Departement.objects.values_list("code", flat=True))

    @cached_property
    def epcis(self):
        return set(EPCI.objects.values_list("code", flat=True))

    @cached_property
    def communes(self):
        return set(Commune.objects.values_list("code", flat=True))

    @cached_property
    def arrondissements(self):
        return set(
            Commune.objects.exclude(arrondissement="").values_list("arrondissement", flat=True)
        )

    def problem(self, where: str, field_name: str, message: str) -> None:
        self.problems.append(f"{where}, champ « {field_name} » : {message}")
        self.by_field.append((field_name, message))

    def model_fields(self, where: str, record: dict, form_class) -> None:
        """The record's own fields through its model form; absent keys take the model's
        defaults, as the loader does."""
        data = {}
        for name in form_class._meta.fields:
            model_field = form_class._meta.model._meta.get_field(name)
            value = record.get(name)
            if value is None:
                if model_field.has_default():
                    data[name] = model_field.get_default()
                continue
            expected = _toml_type(model_field)
            if expected and not isinstance(value, expected[0]):
                self.problem(where, name, expected[1])
                continue
            if expected and expected[0] is int and isinstance(value, bool):
                self.problem(where, name, expected[1])
                continue
            if isinstance(model_field, models.URLField) and not value.startswith(
                ("https://", "http://")
            ):
                self.problem(where, name, f"adresse complète attendue (https://…) : « {value} ».")
                continue
            data[name] = value.strip() if isinstance(value, str) else value
        form = form_class(data=data)
        if form.is_valid():
            return
        for name, errors in form.errors.items():
            for message in errors:
                self.problem(where, name, _with_value(message, data.get(name)))

    def slug(self, where, record, seen: dict, file_name: str):
        value = record.get("slug")
        if not isinstance(value, str) or not SLUG.match(value):
            self.problem(where, "slug", "identifiant attendu (minuscules, chiffres, tirets).")
            return
        if value in seen:
            self.problem(where, "slug", f"« {value} » déjà utilisé dans {seen[value]}.")
        seen[value] = file_name

    def unknown_keys(self, where, record, allowed):
        for key in sorted(set(record) - allowed):
            self.problem(where, key, "champ inconnu (faute de frappe ?).")

    def slug_list(self, where, record, name, known: set, label: str, allow_empty=False):
        values = record.get(name, [] if allow_empty else None)
        if not isinstance(values, list) or not (values or allow_empty):
            self.problem(where, name, f"liste non vide attendue ({label}).")
            return
        for value in values:
            if value not in known:
                self.problem(where, name, f"{label} inconnu « {value} ».")

    def sources(self, where, record, label: str, required: bool):
        """Each source a table: a title or an address, the date the source gives (or « non
        datée »), and whether it is secondary (press, a copy of a document)."""
        value = record.get("sources")
        if value is None and not required:
            return
        if not isinstance(value, list) or not value:
            self.problem(where, "sources", f"liste non vide des sources {label} attendue.")
            return
        for position, entry in enumerate(value, start=1):
            name = f"sources[{position}]"
            if not isinstance(entry, dict):
                self.problem(where, name, 'table attendue : { url = "…", date = "2024-05" }.')
                continue
            self.unknown_keys(where, entry, SOURCE_KEYS)
            url, titre = entry.get("url", ""), entry.get("titre", "")
            if not (isinstance(url, str) and isinstance(titre, str)) or not (url or titre):
                self.problem(where, name, "un titre ou une adresse (url) est attendu.")
            elif url and not url.startswith(("https://", "http://")):
                self.problem(where, name, f"adresse complète attendue (https://…) : « {url} ».")
            if "date" not in entry:
                self.problem(
                    where, name, f"date attendue (AAAA, AAAA-MM, AAAA-MM-JJ ou « {UNDATED} »)."
                )
            else:
                try:
                    parse_date(entry["date"])
                except ValueError as error:
                    self.problem(where, name, f"{error}.")
            if not isinstance(entry.get("secondaire", False), bool):
                self.problem(where, name, "secondaire : true ou false attendu.")

    def structure(self, file_name: str, record: dict):
        where = f"{file_name}, structure « {record.get('slug', '?')} »"
        self.unknown_keys(where, record, STRUCTURE_KEYS)
        self.slug(where, record, self.structure_slugs, file_name)
        self.model_fields(where, record, StructureRecordForm)
        seat = record.get("seat_commune")
        if seat is not None and (
            not isinstance(seat, str) or not re.match(r"^\d[\dAB]\d{3}$", seat)
        ):
            self.problem(where, "seat_commune", f"code INSEE invalide « {seat} ».")
        epci = record.get("epci")
        if epci is not None and epci not in self.epcis:
            self.problem(where, "epci", f"EPCI « {epci} » absent du référentiel importé.")
        self.sources(where, record, "de la fiche", required=True)
        self.contact_source(where, record)
        offres = record.get("offres")
        if not isinstance(offres, list) or not offres:
            self.problem(where, "offres", "au moins une offre de service est attendue.")
            return
        identified = record.get("identified", True) is not False
        for offre in offres:
            self.offre(file_name, offre, identified)

    def contact_source(self, where, record):
        """Coordinates come with the one source that gives them: a table like a source."""
        given = [name for name in CONTACT_KEYS if record.get(name)]
        value = record.get("contact_source")
        if given and value is None:
            self.problem(
                where,
                "contact_source",
                "la source des coordonnées est attendue "
                '(contact_source = { url = "…", date = "2026-03" }).',
            )
        elif value is not None:
            self.sources(where, {"sources": [value]}, "des coordonnées", required=True)

    def offre_contacts(self, where, record):
        entries = record.get("contacts")
        if entries is None:
            return
        if not isinstance(entries, list):
            self.problem(where, "contacts", "liste de tables [[offres.contacts]] attendue.")
            return
        for entry in entries:
            if not isinstance(entry, dict):
                self.problem(where, "contacts", "table [[offres.contacts]] attendue.")
                continue
            inner = f"{where}, contact « {entry.get('label', '?')} »"
            self.unknown_keys(inner, entry, OFFRE_CONTACT_KEYS)
            self.model_fields(inner, entry, OffreContactRecordForm)
            if entry.get("epci") not in self.epcis:
                self.problem(inner, "epci", f"EPCI « {entry.get('epci')} » absent du référentiel.")
            if not any(entry.get(name) for name in CONTACT_KEYS):
                self.problem(inner, "contacts", "au moins une coordonnée est attendue.")
            self.sources(inner, entry, "du contact", required=True)

    def offre(self, file_name: str, record: dict, identified: bool = True):
        if not isinstance(record, dict):
            self.problems.append(f"{file_name} : chaque offre doit être une table [[offres]].")
            return
        where = f"{file_name}, offre « {record.get('slug', '?')} »"
        self.unknown_keys(where, record, OFFRE_KEYS)
        self.slug(where, record, self.offre_slugs, file_name)
        self.model_fields(where, record, OffreRecordForm)
        # An unidentified structure's offer carries no guessed theme, help or phase.
        for name, known, label in (
            ("themes", self.themes, "thème"),
            ("aides", self.aides, "type d'aide"),
            ("phases", self.phases, "phase"),
        ):
            self.slug_list(where, record, name, known, label, allow_empty=not identified)
        self.sources(where, record, "de l'offre", required=False)
        self.slug_list(where, record, "programmes", self.programmes, "programme", allow_empty=True)
        self.offre_contacts(where, record)
        self.territory(where, record.get("territory"))

    def territory(self, where, territory):
        if not isinstance(territory, dict) or len(territory) != 1:
            self.problem(
                where,
                "territory",
                "une seule clé parmi france, regions, departements, arrondissements, epcis, "
                "communes.",
            )
            return
        ((key, value),) = territory.items()
        if key not in TERRITORY_KEYS:
            self.problem(where, "territory", f"clé inconnue « {key} ».")
            return
        if key == "france":
            if value is not True:
                self.problem(where, "territory.france", "true attendu.")
            return
        known = {
            "regions": self.regions,
            "departements": self.departements,
            "epcis": self.epcis,
            "communes": self.communes,
            "arrondissements": self.arrondissements,
        }[key]
        if not isinstance(value, list) or not value:
            self.problem(where, f"territory.{key}", "liste non vide de codes attendue.")
            return
        for code in value:
            if code not in known:
                self.problem(where, f"territory.{key}", f"code « {code} » absent du référentiel.")


def read_seed(taxonomies_path: Path, structures_dir: Path) -> tuple[dict, list[tuple[str, dict]]]:
    problems: list[str] = []
    taxonomies = _read_toml(Path(taxonomies_path), problems)
    files = sorted(Path(structures_dir).glob("*.toml"))
    if not files:
        problems.append(f"{structures_dir} : aucun fichier de structure (*.toml).")
    records = [(path.name, _read_toml(path, problems)) for path in files]
    if problems:
        raise SeedError(problems)
    validator = Validator(taxonomies)
    for group, model_keys in (
        ("themes", TAXONOMY_KEYS),
        ("aides", TAXONOMY_KEYS),
        ("phases", TAXONOMY_KEYS),
    ):
        seen: dict[str, str] = {}
        entries = taxonomies.get(group)
        if not isinstance(entries, list) or not entries:
            validator.problems.append(f"{Path(taxonomies_path).name} : section [[{group}]] vide.")
            continue
        for entry in entries:
            where = f"{Path(taxonomies_path).name}, {group} « {entry.get('slug', '?')} »"
            validator.unknown_keys(where, entry, model_keys)
            validator.slug(where, entry, seen, Path(taxonomies_path).name)
            if not isinstance(entry.get("name"), str) or not entry["name"].strip():
                validator.problem(where, "name", "obligatoire.")
    for file_name, record in records:
        validator.structure(file_name, record)
    if validator.problems:
        raise SeedError(validator.problems)
    return taxonomies, records


def _upsert_taxonomy(model, entries: list[dict]) -> int:
    for position, entry in enumerate(entries):
        defaults = {
            "name": entry["name"],
            "description": entry.get("description", ""),
            "position": position,
        }
        if model is Theme:
            defaults["survey_label"] = entry.get("survey_label", "")
        model.objects.update_or_create(slug=entry["slug"], defaults=defaults)
    return len(entries)


def _sources(value) -> list[dict]:
    return [normalised(entry) for entry in value or []]


def load_seed(taxonomies_path: Path, structures_dir: Path) -> SeedSummary:
    taxonomies, records = read_seed(taxonomies_path, structures_dir)
    summary = SeedSummary()
    with transaction.atomic():
        summary.themes = _upsert_taxonomy(Theme, taxonomies["themes"])
        summary.aides = _upsert_taxonomy(HelpKind, taxonomies["aides"])
        summary.phases = _upsert_taxonomy(Phase, taxonomies["phases"])
        write_records([record for _, record in records], summary)
    return summary


def write_records(records: list[dict], summary: SeedSummary, template: str = "") -> None:
    """Create or update validated structure records and their offers. A fiche its structure
    has confirmed is never overwritten; from a national template (`template`, see
    `directory.onboarding`), only a fiche nobody has edited since is rewritten."""
    themes = {t.slug: t for t in Theme.objects.all()}
    aides = {t.slug: t for t in HelpKind.objects.all()}
    phases = {t.slug: t for t in Phase.objects.all()}
    seats = [record["seat_commune"] for record in records if record.get("seat_commune")]
    communes = Commune.objects.in_bulk(seats)
    for record in records:
        existing = Structure.objects.filter(slug=record["slug"]).first()
        # From a template, only a fiche still as a template made it is rewritten (a correction
        # of the template reaches it); one a person took over (`Structure.taken_over`) or
        # wrote is left alone.
        if existing and (existing.is_verified or (template and not existing.template)):
            summary.structures_kept.append(existing.slug)
            continue
        seat = communes.get(record.get("seat_commune"))
        structure, created = Structure.objects.update_or_create(
            slug=record["slug"],
            defaults={
                "name": record["name"],
                "acronym": record.get("acronym", ""),
                "kind": record["kind"],
                "description": record["description"].strip(),
                "seat_town": record.get("seat_town") or (seat.name if seat else ""),
                "seat_commune": seat,
                "website": record.get("website", ""),
                "latitude": seat.latitude if seat else None,
                "longitude": seat.longitude if seat else None,
                "epci_id": record.get("epci"),
                "sources": _sources(record.get("sources")),
                "generalist": record.get("generalist", False),
                "identified": record.get("identified", True),
                "survey_label": record.get("survey_label", ""),
                "siren": record.get("siren", ""),
                "annuaire_type": record.get("annuaire_type", ""),
                "from_seed": not template,
                "template": template,
            },
        )
        seed_contacts(structure, record)
        if created:
            summary.structures_created += 1
        else:
            summary.structures_updated += 1
        slugs = [o["slug"] for o in record["offres"]]
        structure.offres.exclude(slug__in=slugs).delete()
        for position, data in enumerate(record["offres"]):
            summary.offres += 1
            upsert_offre(structure, position, data, themes, aides, phases)


def seed_contacts(structure: Structure, record: dict) -> None:
    """The coordinates the seed gives, with their source. Coordinates that came from elsewhere
    (the annuaire, the structure) stay when the seed says nothing of them."""
    given = [name for name in CONTACT_KEYS if record.get(name)]
    if not given:
        return
    source = normalised(record["contact_source"])
    for name in given:
        if not contacts.typed_by_a_person(structure, name):
            setattr(structure, name, record[name].strip())
    contacts.mark(
        structure,
        [n for n in given if not contacts.typed_by_a_person(structure, n)],
        contacts.SEED,
        title=source.get("titre", ""),
        url=source.get("url", ""),
        date=source.get("date", UNDATED),
    )
    structure.save()


def upsert_offre(structure, position, data, themes, aides, phases):
    territory = data["territory"]
    ((scope_key, codes),) = territory.items()
    if scope_key == "arrondissements":  # stored as the list of its communes
        scope_key = "communes"
        codes = list(
            Commune.objects.filter(arrondissement__in=codes).values_list("code", flat=True)
        )
    offre, _ = Offre.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "structure": structure,
            "title": data["title"],
            "summary": data["summary"].strip(),
            "for_communes": data.get("for_communes", True),
            "for_epcis": data.get("for_epcis", True),
            "population_min": data.get("population_min"),
            "population_max": data.get("population_max"),
            "members_only": data.get("members_only", False),
            "scope": scope_key,
            "cost": data["cost"],
            "conditions_details": data.get("conditions_details", "").strip(),
            "how_to_ask": data.get("how_to_ask", "").strip(),
            "sources": _sources(data.get("sources")),
            "valid_from": data.get("valid_from"),
            "valid_until": data.get("valid_until"),
            "position": position,
        },
    )
    offre.themes.set([themes[s] for s in data.get("themes", [])])
    offre.help_kinds.set([aides[s] for s in data.get("aides", [])])
    offre.phases.set([phases[s] for s in data.get("phases", [])])
    offre.regions.set(codes if scope_key == "regions" else [])
    offre.departements.set(codes if scope_key == "departements" else [])
    offre.epcis.set(codes if scope_key == "epcis" else [])
    offre.communes.set(codes if scope_key == "communes" else [])
    offre.programmes.set(Programme.objects.filter(slug__in=data.get("programmes", [])))
    offre.contacts.all().delete()
    for entry in data.get("contacts", []):
        OffreContact.objects.create(
            offre=offre,
            epci_id=entry["epci"],
            label=entry["label"],
            contact_phone=entry.get("contact_phone", ""),
            contact_email=entry.get("contact_email", ""),
            contact_url=entry.get("contact_url", ""),
            postal_address=entry.get("postal_address", "").strip(),
            sources=_sources(entry.get("sources")),
        )
    return offre
