"""The open data files: one table per resource, as rows whose keys are the committed Table
Schema's fields (`opendata/schemas/<name>.json`), written as CSV and JSON, plus a GeoJSON of
the structures' seats and the `datapackage.json` that describes them all.

The rows are built here from the database; `files` writes them, and `store` keeps them on disk
for one version of the data (`version()`)."""

import datetime
import hashlib
import io
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from agenda.models import Event
from core.spreadsheets import CsvWriter
from directory.index import get_index
from directory.models import Offre, Structure
from directory.selectors import OffreFilters, filter_offres, offres_with_details, territory_label
from peers.models import Realisation
from territories import site
from territories.models import Commune

SCHEMAS = Path(__file__).resolve().parent / "schemas"
PRODUCER = "carto-inge"
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
ZONE_TYPE = {
    Offre.Scope.FRANCE: "pays",
    Offre.Scope.REGIONS: "region",
    Offre.Scope.DEPARTEMENTS: "departement",
    Offre.Scope.EPCIS: "epci",
    Offre.Scope.COMMUNES: "commune",
}


@cache
def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


def columns(name: str) -> list[str]:
    return [field["name"] for field in schema(name)["fields"]]


@dataclass(frozen=True)
class Table:
    """One published table: its schema's name and the file name it is published under."""

    name: str  # the schema
    stem: str  # the file, without its extension
    title: str
    departement: str = ""  # the coverage of one département

    def rows(self) -> list[dict]:
        if self.departement:
            return coverage_rows(self.departement)
        return ROWS[self.name]()


def tables() -> list[Table]:
    """Every published table, the coverage once per département the site serves."""
    found = [Table(name, name, schema(name)["title"]) for name in ROWS]
    found += [
        Table("couverture", f"couverture-{code}", f"Couverture des communes du {code}", code)
        for code in site.served_codes()
    ]
    return found


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value).isoformat()
    return value.isoformat()


def _utc(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sources(record) -> list[str]:
    return [source.url or source.titre for source in record.source_list]


def _confidence(record) -> dict:
    confidence = record.confidence
    return {
        "confiance": confidence.level,
        "informations_du": _date(confidence.information_date),
    }


def _end(path: str, updated) -> dict:
    return {"lien_source": absolute(path), "date_maj": _date(updated), "source": PRODUCER}


def _answer_times(structure) -> dict:
    times = structure.answer_times  # published once enough requests were answered
    return {
        "demandes_repondues_12_mois": structure.answered_requests,
        "delai_premiere_reponse_median_jours": times[0] if times else None,
        "delai_premiere_reponse_p90_jours": times[1] if times else None,
    }


def structure_rows() -> list[dict]:
    current = Q(offres__in=filter_offres_pks())
    structures = (
        Structure.objects.select_related("seat_commune")
        .defer("seat_commune__geometry")
        .annotate(n=Count("offres", filter=current, distinct=True))
        .order_by("name", "pk")
    )
    return [
        {
            "id": s.slug,
            "nom": s.name,
            "sigle": s.acronym,
            "typologie": s.kind,
            "typologie_libelle": s.get_kind_display(),
            "presentation_resume": s.description,
            "siren": s.siren,
            "code_insee": s.seat_commune_id or "",
            "commune": s.seat_town,
            "adresse": s.postal_address,
            "latitude": s.latitude,
            "longitude": s.longitude,
            "site_web": s.website,
            "page_contact": s.contact_url,
            "courriel": s.contact_email,
            "telephone": s.contact_phone,
            "horaires_ouverture": s.opening_hours,
            "epci_siren": s.epci_id or "",
            "etat_fiche": s.get_validation_display(),
            "fiche_verifiee_le": _date(s.validated_at),
            **_confidence(s),
            "sources": _sources(s),
            "nb_offres": s.n,
            **_answer_times(s),
            **_end(s.get_absolute_url(), s.updated_at),
        }
        for s in structures
    ]


def filter_offres_pks():
    """The published offers, as the directory and the API list them (none past its end)."""
    return filter_offres(OffreFilters()).values("pk")


def offre_rows() -> list[dict]:
    offres = (
        offres_with_details()
        .filter(pk__in=filter_offres_pks())
        .prefetch_related("programmes")
        .order_by("slug")
    )
    rows = []
    for o in offres:
        codes = [r.code for r in o.regions.all()]
        codes += [d.code for d in o.departements.all()]
        codes += [e.code for e in o.epcis.all()]
        codes += [c.code for c in o.communes.all()]
        profiles = (["communes"] if o.for_communes else []) + (
            ["intercommunalites"] if o.for_epcis else []
        )
        rows.append(
            {
                "id": o.slug,
                "structure_id": o.structure.slug,
                "nom": o.title,
                "presentation_resume": o.summary,
                "thematiques": [t.slug for t in o.themes.all()],
                "types": [h.slug for h in o.help_kinds.all()],
                "phases": [p.slug for p in o.phases.all()],
                "frais": o.cost,
                "frais_libelle": o.get_cost_display(),
                "frais_autres": o.conditions_details,
                "profils": profiles,
                "population_min": o.population_min,
                "population_max": o.population_max,
                "reserve_aux_membres": o.members_only,
                "programmes": [p.slug for p in o.programmes.all()],
                "zone_diffusion_type": ZONE_TYPE[o.scope],
                "zone_diffusion_code": codes,
                "zone_diffusion_nom": territory_label(o),
                "modes_orientation": o.how_to_ask,
                "validite_debut": _date(o.valid_from),
                "validite_fin": _date(o.valid_until),
                **_confidence(o),
                "sources": _sources(o),
                **_end(o.get_absolute_url(), o.updated_at),
            }
        )
    return rows


def coverage_rows(departement: str) -> list[dict]:
    """THE coverage rule of the orientation (`DirectoryIndex.available`), commune by commune."""
    index = get_index()
    communes = Commune.objects.filter(departement_id=departement).defer("geometry").order_by("code")
    slugs = dict(Offre.objects.values_list("pk", "slug"))
    structures = dict(Offre.objects.values_list("pk", "structure__slug"))
    rows = []
    for commune in communes:
        for pk in sorted(index.available(commune), key=slugs.__getitem__):
            rows.append(
                {
                    "offre_id": slugs[pk],
                    "structure_id": structures[pk],
                    "code_insee": commune.code,
                    "commune": commune.name,
                    "epci_siren": commune.epci_id or "",
                    "departement": commune.departement_id,
                    "acces_reserve": index.offers[pk].members_only,
                }
            )
    rows.sort(key=lambda row: (row["offre_id"], row["code_insee"]))
    return rows


def realisation_rows() -> list[dict]:
    realisations = (
        Realisation.objects.filter(status=Realisation.Status.PUBLISHED)
        .select_related("commune", "epci", "departement")
        .defer("commune__geometry", "epci__geometry", "departement__geometry")
        .prefetch_related(
            "themes",
            "funding",
            Prefetch("helpers__structure", queryset=Structure.objects.only("slug")),
        )
        .order_by("pk")
    )
    rows = []
    for r in realisations:
        departement = r.departement_id or (r.commune.departement_id if r.commune_id else "")
        rows.append(
            {
                "id": r.pk,
                "intitule": r.title,
                "resume": r.summary,
                "code_insee": r.commune_id or "",
                "commune": r.commune.name if r.commune_id else "",
                "epci_siren": r.epci_id or "",
                "departement": departement or "",
                "latitude": r.latitude,
                "longitude": r.longitude,
                "thematiques": [t.slug for t in r.themes.all()],
                "annee": r.year_start,
                "annee_fin": r.year_end,
                "cout_total": r.total_cost,
                "financements": " | ".join(_funding(line) for line in r.funding.all()),
                "accompagnateurs": [h.structure.slug for h in r.helpers.all()],
                "origine": r.source,
                "sources": [s.get("url") or s.get("titre", "") for s in r.sources or []],
                **_end(reverse("peers:detail", args=[r.pk]), r.updated_at),
            }
        )
    return rows


def _funding(line) -> str:
    text = f"{line.backer} — {line.scheme}"
    return f"{text} : {line.amount} €" if line.amount is not None else text


def event_rows() -> list[dict]:
    events = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .select_related("organiser")
        .only("organiser__slug", *EVENT_FIELDS)
        .prefetch_related("themes")
        .order_by("starts_at", "pk")
    )
    return [
        {
            "id": e.pk,
            "intitule": e.title,
            "presentation": e.description,
            "debut": _utc(e.starts_at),
            "fin": _utc(e.ends_at),
            "publics": [
                public
                for public, wanted in (
                    ("elus", e.for_elected),
                    ("secretaires", e.for_secretaries),
                    ("agents", e.for_agents),
                )
                if wanted
            ],
            "thematiques": [t.slug for t in e.themes.all()],
            "a_distance": e.online,
            "lieu": e.place,
            "departement": e.departement_id or "",
            "inscription": e.registration_url,
            "cout": e.cost,
            "organisateur_id": e.organiser.slug,
            **_end(e.get_absolute_url(), e.updated_at),
        }
        for e in events
    ]


EVENT_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "for_elected",
    "for_secretaries",
    "for_agents",
    "online",
    "place",
    "departement",
    "registration_url",
    "cost",
    "status",
    "updated_at",
)

ROWS = {
    "structures": structure_rows,
    "offres": offre_rows,
    "realisations": realisation_rows,
    "evenements": event_rows,
}


# Writing


def csv_text(name: str, rows: list[dict]) -> str:
    """The CSV a French spreadsheet opens as it is: UTF-8 with its byte order mark, « ; »
    between columns, lists joined by their schema's delimiter, booleans as « oui »/« non »."""
    fields = schema(name)["fields"]
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(field["name"] for field in fields)
    for row in rows:
        writer.writerow(_cell(field, row[field["name"]]) for field in fields)
    return out.getvalue()


def _cell(field: dict, value) -> str:
    if value is None:
        return ""
    if field["type"] == "list":
        return field["delimiter"].join(value)
    if field["type"] == "boolean":
        return "oui" if value else "non"
    return value if isinstance(value, str) else str(value)


def json_text(name: str, rows: list[dict]) -> str:
    """A list of objects; with no row, the header alone (`[["titre", …]]`), the one form of an
    empty table a Table Schema reader accepts (an empty list has no columns to read)."""
    if not rows:
        rows = [[field["name"] for field in schema(name)["fields"]]]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def seats_geojson(structures: list[dict]) -> str:
    """The structures' seats as points (those whose seat is located)."""
    features = [
        {
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {
                key: row[key]
                for key in ("id", "nom", "sigle", "typologie", "commune", "code_insee", "site_web")
            }
            | {"lien_source": row["lien_source"]},
        }
        for row in structures
        if row["latitude"] is not None and row["longitude"] is not None
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def datapackage(files: dict[str, bytes], created: datetime.datetime) -> dict:
    """The Data Package describing the files (relative paths: it is read beside them)."""
    resources = []
    for table in tables():
        for fmt in ("csv", "json"):
            filename = f"{table.stem}.{fmt}"
            resource = {
                "name": f"{table.stem}-{fmt}",
                "type": "table",
                "title": f"{table.title} ({fmt.upper()})",
                "path": filename,
                "format": fmt,
                "mediatype": "text/csv" if fmt == "csv" else "application/json",
                "schema": f"schemas/{table.name}.json",
                "licenses": [LICENCE],
            }
            if fmt == "csv":  # (frictionless checks no size nor hash of a JSON table)
                resource |= {
                    "encoding": "utf-8-sig",
                    "dialect": {"delimiter": ";"},
                    "bytes": len(files[filename]),
                    "hash": "sha256:" + hashlib.sha256(files[filename]).hexdigest(),
                }
            else:
                resource |= {"encoding": "utf-8"}
            resources.append(resource)
    resources.append(
        {
            "name": "sieges-geojson",
            "title": "Sièges des structures (GeoJSON)",
            "path": "sieges.geojson",
            "format": "geojson",
            "mediatype": "application/geo+json",
            "bytes": len(files["sieges.geojson"]),
            "hash": "sha256:" + hashlib.sha256(files["sieges.geojson"]).hexdigest(),
            "licenses": [LICENCE],
        }
    )
    return {
        "name": "carto-inge",
        "title": "Carto'Ingé — annuaire de l'ingénierie territoriale",
        "description": (
            "Qui peut accompagner les projets des communes et des intercommunalités : "
            "structures publiques, offres de service, couverture des communes, réalisations "
            "et agenda. Chaque enregistrement porte ses sources et sa date."
        ),
        "homepage": absolute(reverse("opendata:index")),
        "created": _utc(created),
        "licenses": [LICENCE],
        "sources": [
            {"title": "Carto'Ingé", "path": absolute("/")},
            # The réalisations are the ANCT's open data, whose licence asks for this credit.
            {
                "title": "Réalisations : dotations d'investissement de l'État 2019, DGCL, "
                "traitement ANCT (Licence Ouverte 2.0)",
                "path": "https://github.com/anct-carto/dotations_investissement_2019",
            },
        ],
        "resources": resources,
    }


def files() -> dict[str, bytes]:
    """Every published file by its name, built now."""
    built: dict[str, bytes] = {}
    structures = None
    for table in tables():
        rows = table.rows()
        if table.name == "structures":
            structures = rows
        built[f"{table.stem}.csv"] = csv_text(table.name, rows).encode("utf-8")
        built[f"{table.stem}.json"] = json_text(table.name, rows).encode("utf-8")
    built["sieges.geojson"] = seats_geojson(structures or []).encode("utf-8")
    package = datapackage(built, timezone.now())
    built["datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
    return built
