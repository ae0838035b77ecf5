"""Open data (issue 18 §1): every file valid against its committed Table Schema (frictionless),
the CSV saying what the API says, files rebuilt when the data change, ETag and Last-Modified."""

import csv
import datetime
import io
import json

import frictionless
import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from agenda.models import Event
from conftest import shared_data
from directory.models import Offre, Structure
from opendata import exports
from territories.models import Departement

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    """The Mayenne directory, its 2019 réalisations and one published event."""
    call_command(
        "import_dotations_2019",
        file=str(shared_data("programmes/dotations-investissement-2019-mayenne.csv")),
        verbosity=0,
    )
    event = Event.objects.create(
        title="Réunion des secrétaires de mairie",
        description="Les nouveautés budgétaires de l'année.",
        for_secretaries=True,
        starts_at=timezone.now() + datetime.timedelta(days=10),
        place="Laval",
        departement=Departement.objects.get(code="53"),
        organiser=Structure.objects.get(slug="caue-53"),
        status=Event.Status.PUBLISHED,
    )
    return event


def download(client, path) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content)


def read_csv(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_every_file_is_valid_against_its_schema(client, data, tmp_path):
    package = json.loads(download(client, "/donnees/datapackage.json"))
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    (tmp_path / "schemas").mkdir()
    for resource in package["resources"]:
        (tmp_path / resource["path"]).write_bytes(download(client, f"/donnees/{resource['path']}"))
        if "schema" in resource:
            name = resource["schema"].split("/")[-1]
            schema = download(client, f"/donnees/schemas/{name}")
            (tmp_path / "schemas" / name).write_bytes(schema)

    report = frictionless.validate(tmp_path / "datapackage.json")

    errors = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
    assert report.valid, errors[:10]
    names = {task.name: task.stats.get("rows") for task in report.tasks}
    # Every table holds data: 41 structures, their offers, the Mayenne's 240 communes covered,
    # the 2019 réalisations, the event.
    assert names["structures-csv"] == Structure.objects.count()
    assert names["offres-csv"] == names["offres-json"] > 100
    assert names["couverture-53-csv"] > 240
    assert names["realisations-csv"] == 176  # 202 grants, 26 projects co-funded twice
    assert names["evenements-csv"] == names["evenements-json"] == 1
    assert package["licenses"][0]["name"] == "etalab-2.0"


def all_offers(client, **params) -> list[dict]:
    """Every offer the API lists for these parameters, page after page."""
    found, page = [], 1
    while True:
        answer = client.get("/api/v1/offres", {**params, "page_size": 100, "page": page}).json()
        found += answer["results"]
        if page >= answer["pages"]:
            return found
        page += 1


def test_the_csv_says_what_the_api_says(client, data):
    structures = {row["id"]: row for row in read_csv(download(client, "/donnees/structures.csv"))}
    assert set(structures) == set(Structure.objects.values_list("slug", flat=True))
    api = client.get("/api/v1/structures", {"page_size": 100}).json()
    assert api["pages"] == 1
    for item in api["results"]:
        row = structures[item["slug"]]
        assert (row["nom"], row["sigle"], row["typologie"]) == (
            item["nom"],
            item["sigle"],
            item["nature"],
        )
        assert row["site_web"] == item["site_web"]
        assert row["code_insee"] == (item["commune_siege"] or "")
        assert int(row["nb_offres"]) == item["nb_offres"]
        assert row["confiance"] == item["confiance"]["niveau"]
    assert all(
        structures[s]["nb_offres"] == "0"
        for s in set(structures) - {item["slug"] for item in api["results"]}
    )

    offres = {row["id"]: row for row in read_csv(download(client, "/donnees/offres.csv"))}
    from_api = {item["slug"]: item for item in all_offers(client)}
    assert set(offres) == set(from_api)
    for slug, item in from_api.items():
        row = offres[slug]
        assert row["nom"] == item["titre"] and row["structure_id"] == item["structure"]["slug"]
        assert row["thematiques"].split(",") == item["themes"] or not item["themes"]
        assert row["types"] == ",".join(item["aides"])
        assert row["phases"] == ",".join(item["phases"])
        assert row["frais"] == item["conditions"]["type"]
        territory = item["territoire"]
        codes = territory["regions"] + territory["departements"] + territory["epci"]
        assert row["zone_diffusion_code"] == ",".join(codes + territory["communes"])
        assert row["zone_diffusion_nom"] == territory["libelle"]
        assert row["reserve_aux_membres"] == ("oui" if item["reserve_aux_membres"] else "non")

    # The coverage is the API's answer for a commune, commune by commune.
    coverage = read_csv(download(client, "/donnees/couverture-53.csv"))
    for code in ("53130", "53249", "53001"):  # Laval, Villaines-la-Juhel, Ahuillé
        listed = {row["offre_id"] for row in coverage if row["code_insee"] == code}
        answer = all_offers(client, commune=code)
        for_communes = {item["slug"] for item in answer if item["pour_communes"]}
        assert listed == for_communes, code
    # An offer for members only says so on each of its rows (audit LOW).
    siaep = {r["acces_reserve"] for r in coverage if r["offre_id"].startswith("siaep-avaloirs")}
    assert siaep == {"oui"}
    assert {r["acces_reserve"] for r in coverage if r["offre_id"] == "caue-53-conseil-amont"} == {
        "non"
    }


def test_the_files_follow_the_data_and_answer_conditional_requests(client, data):
    first = client.get("/donnees/structures.csv")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in first["Content-Disposition"]
    assert client.get("/donnees/structures.csv", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/donnees/offres.json", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    caue = Structure.objects.get(slug="caue-53")
    caue.name = "CAUE de la Mayenne (nom changé)"
    caue.save()

    again = client.get("/donnees/structures.csv", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag
    assert "CAUE de la Mayenne (nom changé)" in b"".join(again.streaming_content).decode()

    # An event published later is in the next version too.
    data.title = "Réunion des secrétaires de mairie (date changée)"
    data.save()
    events = json.loads(download(client, "/donnees/evenements.json"))
    assert events[0]["intitule"].endswith("(date changée)")
    assert events[0]["publics"] == ["secretaires"] and events[0]["a_distance"] is False


def test_the_seats_are_points_of_the_located_structures(client, data):
    seats = json.loads(download(client, "/donnees/sieges.geojson"))
    located = Structure.objects.filter(latitude__isnull=False, longitude__isnull=False)
    assert {f["id"] for f in seats["features"]} == set(located.values_list("slug", flat=True))
    for feature in seats["features"]:
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -5.5 < longitude < 10 and 41 < latitude < 51.5, feature["id"]


def test_the_page_documents_every_column_in_french(client, data):
    page = client.get("/donnees/").content.decode()
    assert "Licence Ouverte / Open Licence version 2.0" in page
    assert 'href="/donnees/datapackage.json"' in page
    for name in ("structures", "offres", "couverture", "realisations", "evenements"):
        for field in exports.schema(name)["fields"]:
            assert f"<code>{field['name']}</code>" in page
            assert escape(field["description"]) in page
    assert client.get("/donnees/inconnu.csv").status_code == 404
    assert client.get("/donnees/schemas/inconnu.json").status_code == 404


def test_the_schemas_name_the_values_the_models_know():
    def enum(name, field):
        found = next(f for f in exports.schema(name)["fields"] if f["name"] == field)
        return found["constraints"]["enum"]

    assert enum("structures", "typologie") == list(Structure.Kind.values)
    assert enum("offres", "frais") == list(Offre.Cost.values)
    assert enum("offres", "zone_diffusion_type") == list(exports.ZONE_TYPE.values())
    for name in ("structures", "offres", "couverture", "realisations", "evenements"):
        for field in exports.schema(name)["fields"]:
            assert field["title"] and field["description"], (name, field["name"])


def test_an_empty_table_is_still_a_valid_table(tmp_path):
    """Launch day: no event yet. `evenements.json` is the header alone, valid (audit MED)."""
    assert not Event.objects.exists()
    built = exports.files()
    assert json.loads(built["evenements.json"]) == [
        [f["name"] for f in exports.schema("evenements")["fields"]]
    ]
    (tmp_path / "evenements.json").write_bytes(built["evenements.json"])
    (tmp_path / "evenements.csv").write_bytes(built["evenements.csv"])
    alone = {k: v for k, v in exports.schema("evenements").items() if k != "foreignKeys"}
    (tmp_path / "schema.json").write_text(json.dumps(alone))  # the table, without its package
    for name, options in (
        ("evenements.json", {}),
        ("evenements.csv", {"encoding": "utf-8-sig", "dialect": {"delimiter": ";"}}),
    ):
        resource = frictionless.Resource(
            {"name": "evenements", "path": name, "schema": "schema.json", **options},
            basepath=str(tmp_path),
        )
        report = frictionless.validate(resource)
        assert report.valid, report.flatten(["message"])[:3]
        assert report.tasks[0].stats.get("rows", 0) == 0
    package = json.loads(built["datapackage.json"])
    assert any("DGCL, traitement ANCT" in s["title"] for s in package["sources"])
