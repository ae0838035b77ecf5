"""Import of the official referential from @etalab/decoupage-administratif.

`import_referential(data_dir, departements=["53"])` reads regions.json, departements.json,
epci.json and communes.json, validates them, then upserts inside one transaction: a re-run
updates and never duplicates; a malformed file raises ReferentialError and writes nothing.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from core.text import normalize

from .models import EPCI, Commune, CommuneAlias, Departement, PostalCode, Region

FILES = ("regions.json", "departements.json", "epci.json", "communes.json")
CHUNK = 900


class ReferentialError(Exception):
    """A source file cannot be imported; the message says which file, record and field."""


@dataclass
class Source:
    regions: list[dict]
    departements: list[dict]
    epcis: list[dict]
    communes: list[dict]
    fingerprint: str

    def current_communes(self) -> list[dict]:
        return [c for c in self.communes if c["type"] == "commune-actuelle"]

    def former_codes(self) -> dict[str, list[str]]:
        return {c["code"]: c.get("anciensCodes", []) for c in self.current_communes()}


@dataclass
class ImportSummary:
    regions: int = 0
    departements: int = 0
    epcis: int = 0
    communes_created: int = 0
    communes_updated: int = 0
    aliases: int = 0
    postal_codes: int = 0
    not_in_source: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def _load_json(path: Path) -> list[dict]:
    if not path.exists():
        raise ReferentialError(f"{path.name} : fichier introuvable ({path}).")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReferentialError(f"{path.name} : JSON illisible ({error}).") from error
    if not isinstance(data, list):
        raise ReferentialError(f"{path.name} : une liste d'enregistrements est attendue.")
    return data


def _require(file: str, index: int, record, fields: dict[str, type]) -> None:
    if not isinstance(record, dict):
        raise ReferentialError(f"{file}, enregistrement n° {index + 1} : objet JSON attendu.")
    for name, kind in fields.items():
        value = record.get(name)
        if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
            label = record.get("code", f"n° {index + 1}")
            raise ReferentialError(
                f"{file}, enregistrement {label} : champ « {name} » manquant ou invalide."
            )


def read_source(data_dir: Path) -> Source:
    """Read and validate the four files; raise ReferentialError on the first problem."""
    data_dir = Path(data_dir)
    raw = {name: _load_json(data_dir / name) for name in FILES}
    digest = hashlib.sha256()
    for name in FILES:
        digest.update((data_dir / name).read_bytes())
    for i, record in enumerate(raw["regions.json"]):
        _require("regions.json", i, record, {"code": str, "nom": str})
    region_codes = {r["code"] for r in raw["regions.json"]}
    for i, record in enumerate(raw["departements.json"]):
        _require("departements.json", i, record, {"code": str, "nom": str, "region": str})
        if record["region"] not in region_codes:
            raise ReferentialError(
                f"departements.json, enregistrement {record['code']} : "
                f"région « {record['region']} » inconnue."
            )
    departement_codes = {d["code"] for d in raw["departements.json"]}
    for i, record in enumerate(raw["communes.json"]):
        _require("communes.json", i, record, {"code": str, "nom": str, "type": str})
        if record["type"] == "commune-actuelle":
            _require("communes.json", i, record, {"departement": str, "region": str})
            if record["departement"] not in departement_codes:
                raise ReferentialError(
                    f"communes.json, enregistrement {record['code']} : "
                    f"département « {record['departement']} » inconnu."
                )
            population = record.get("population")
            if population is not None and (not isinstance(population, int) or population < 0):
                raise ReferentialError(
                    f"communes.json, enregistrement {record['code']} : "
                    "champ « population » invalide."
                )
    for i, record in enumerate(raw["epci.json"]):
        _require("epci.json", i, record, {"code": str, "nom": str, "type": str, "membres": list})
        for member in record["membres"]:
            if not isinstance(member, dict) or not isinstance(member.get("code"), str):
                raise ReferentialError(
                    f"epci.json, enregistrement {record['code']} : membre sans code."
                )
    return Source(
        regions=raw["regions.json"],
        departements=raw["departements.json"],
        epcis=raw["epci.json"],
        communes=raw["communes.json"],
        fingerprint=digest.hexdigest(),
    )


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_referential(source: Source, departements: list[str] | None, progress=None):
    """Upsert the referential for `departements` (None: all of France).

    Régions and départements are always imported whole (they are few). Communes are those of
    the chosen départements; an EPCI is imported when one of them belongs to it, even if its
    seat is elsewhere, with the imported communes as members.
    """
    tick = progress or (lambda step: None)
    summary = ImportSummary()
    current = source.current_communes()
    if departements is not None:
        unknown = sorted(set(departements) - {d["code"] for d in source.departements})
        if unknown:
            raise ReferentialError(f"Département(s) inconnu(s) : {', '.join(unknown)}.")
        current = [c for c in current if c["departement"] in set(departements)]
    selected_codes = {c["code"] for c in current}
    epcis, epci_of = _epcis_of(source, selected_codes if departements is not None else None)
    with transaction.atomic():
        summary.regions, summary.departements = _upsert_regions_and_departements(source)
        tick("départements")
        summary.epcis = _upsert_epcis(source, epcis)
        tick("EPCI")
        summary.communes_created, summary.communes_updated = _upsert_communes(current, epci_of)
        tick("communes")
        summary.postal_codes, summary.aliases = _replace_other_names(source, current)
        tick("autres noms")
        scope = Commune.objects.all()
        if departements is not None:
            scope = scope.filter(departement_id__in=departements)
        summary.not_in_source = sorted(set(scope.values_list("code", flat=True)) - selected_codes)
    return summary


def _epcis_of(source: Source, selected_codes: set[str] | None) -> tuple[list[dict], dict]:
    """The EPCI having one of the selected communes (None: all), and each member's EPCI."""
    epci_of: dict[str, str] = {}
    epcis = []
    for record in source.epcis:
        members = [m["code"] for m in record["membres"]]
        if selected_codes is None or selected_codes.intersection(members):
            epcis.append(record)
            for code in members:
                epci_of[code] = record["code"]
    return epcis, epci_of


def _upsert_regions_and_departements(source: Source) -> tuple[int, int]:
    Region.objects.bulk_create(
        [Region(code=r["code"], name=r["nom"]) for r in source.regions],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name"],
    )
    Departement.objects.bulk_create(
        [
            Departement(code=d["code"], name=d["nom"], region_id=d["region"])
            for d in source.departements
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "region"],
    )
    return len(source.regions), len(source.departements)


def _upsert_epcis(source: Source, epcis: list[dict]) -> int:
    """The EPCI, and the départements of their members (all of them, even outside the
    selection: an EPCI may straddle two départements)."""
    EPCI.objects.bulk_create(
        [
            EPCI(
                code=e["code"],
                name=e["nom"],
                kind=e["type"],
                population=e.get("populationMunicipale"),
            )
            for e in epcis
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind", "population"],
    )
    departement_of = {c["code"]: c["departement"] for c in source.current_communes()}
    links = EPCI.departements.through
    for chunk in _chunks([e["code"] for e in epcis]):
        links.objects.filter(epci_id__in=chunk).delete()
    links.objects.bulk_create(
        [
            links(epci_id=e["code"], departement_id=dep)
            for e in epcis
            for dep in sorted(
                {departement_of[m["code"]] for m in e["membres"] if m["code"] in departement_of}
            )
        ]
    )
    return len(epcis)


def _upsert_communes(current: list[dict], epci_of: dict[str, str]) -> tuple[int, int]:
    """(created, updated)."""
    codes = {c["code"] for c in current}
    existing = set()
    for chunk in _chunks(sorted(codes)):
        existing.update(Commune.objects.filter(code__in=chunk).values_list("code", flat=True))
    Commune.objects.bulk_create(
        [
            Commune(
                code=c["code"],
                name=c["nom"],
                search_name=normalize(c["nom"]),
                departement_id=c["departement"],
                region_id=c["region"],
                epci_id=epci_of.get(c["code"]),
                arrondissement=c.get("arrondissement", ""),
                siren=c.get("siren", ""),
                population=c.get("population"),
            )
            for c in current
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "search_name",
            "departement",
            "region",
            "epci",
            "arrondissement",
            "siren",
            "population",
        ],
        batch_size=2000,
    )
    return len(codes - existing), len(codes & existing)


def _replace_other_names(source: Source, current: list[dict]) -> tuple[int, int]:
    """Postal codes and other names (delegated, associated, former communes), replaced:
    (postal codes, other names)."""
    codes = {c["code"] for c in current}
    for chunk in _chunks(sorted(codes)):
        PostalCode.objects.filter(commune_id__in=chunk).delete()
        CommuneAlias.objects.filter(commune_id__in=chunk).delete()
    postal_codes = [
        PostalCode(code=postal, commune_id=c["code"])
        for c in current
        for postal in sorted(set(c.get("codesPostaux", [])))
    ]
    PostalCode.objects.bulk_create(postal_codes, batch_size=2000)
    aliases = _aliases(source, codes)
    CommuneAlias.objects.bulk_create(aliases, batch_size=2000)
    return len(postal_codes), len(aliases)


def _aliases(source: Source, selected_codes: set[str]) -> list[CommuneAlias]:
    """Delegated/associated communes and former communes, as other names of a current one."""
    names = {c["code"]: c["nom"] for c in source.current_communes()}
    kinds = {"commune-deleguee": CommuneAlias.Kind.DELEGUEE, "commune-associee": "associee"}
    seen: dict[str, set[str]] = defaultdict(set)
    aliases = []
    for record in source.communes:
        parent = record.get("chefLieu")
        if record["type"] not in kinds or parent not in selected_codes:
            continue
        key = normalize(record["nom"])
        if key == normalize(names[parent]) or key in seen[parent]:
            continue
        seen[parent].add(key)
        aliases.append(
            CommuneAlias(
                commune_id=parent,
                name=record["nom"],
                search_name=key,
                code=record["code"],
                kind=kinds[record["type"]],
            )
        )
    return aliases
