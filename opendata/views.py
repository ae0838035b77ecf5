"""/donnees/: the open data page, its files (with ETag and Last-Modified) and their schemas."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from territories import site
from territories.models import Departement

from . import exports, store

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}


def published_names() -> set[str]:
    names = {"datapackage.json", "sieges.geojson"}
    for table in exports.tables():
        names |= {f"{table.stem}.csv", f"{table.stem}.json"}
    return names


def index(request):
    published = store.published()
    tables = [
        {
            "table": table,
            "schema": exports.schema(table.name),
            "files": [
                (f"{table.stem}.{fmt}", fmt.upper(), published.size(f"{table.stem}.{fmt}"))
                for fmt in ("csv", "json")
            ],
        }
        for table in exports.tables()
    ]
    documented = {}  # each schema documented once, the coverage's for every département
    for entry in tables:
        documented.setdefault(entry["table"].name, _documented(entry["schema"]))
    return render(
        request,
        "opendata/index.html",
        {
            "tables": tables,
            "schemas": documented.values(),
            "seats_size": published.size("sieges.geojson"),
            "built_at": published.built_at,
            "licence": exports.LICENCE,
            "guides": Departement.objects.filter(code__in=site.served_codes()),
        },
    )


TYPE_LABELS = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre décimal (point)",
    "boolean": "oui / non",
    "date": "date AAAA-MM-JJ",
    "datetime": "date et heure (UTC)",
    "list": "liste",
}


def _documented(schema: dict) -> dict:
    fields = [
        {
            **field,
            "type_label": TYPE_LABELS[field["type"]],
            "required": field.get("constraints", {}).get("required", False),
            "values": field.get("constraints", {}).get("enum", []),
        }
        for field in schema["fields"]
    ]
    return {**schema, "fields": fields}


def data_file(request, filename: str):
    if filename not in published_names():
        raise Http404("Fichier inconnu.")
    published = store.published()
    etag = f'"{published.version}"'
    last_modified = published.built_at.timestamp()
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(last_modified))
    if not_modified is not None:
        return not_modified
    extension = filename.rsplit(".", 1)[1]
    response = FileResponse(
        published.path(filename).open("rb"),
        content_type=MEDIA_TYPES[extension],
        as_attachment=extension == "csv",
        filename=filename,
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def schema_file(request, name: str):
    path = exports.SCHEMAS / f"{name}.json"
    if name not in {table.name for table in exports.tables()} or not path.exists():
        raise Http404("Schéma inconnu.")
    response = FileResponse(path.open("rb"), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response
