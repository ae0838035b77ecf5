from pathlib import Path

import pytest
from django.core.management import call_command
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from conftest import shared_data
from directory.models import Structure

pytestmark = pytest.mark.django_db

DOTATIONS = "programmes/dotations-investissement-2019-mayenne.csv"


@pytest.fixture(scope="module")
def openapi(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        document = Client().get("/api/v1/openapi.json").json()
    return OpenAPI.from_dict(document)


def get(client, openapi, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    openapi.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )
    return response.json()


def test_openapi_document_lists_the_endpoints(client):
    document = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/taxonomies", "/api/v1/structures", "/api/v1/structures/{slug}",
                 "/api/v1/offres", "/api/v1/offres/{slug}", "/api/v1/communes",
                 "/api/v1/communes/{code}"):  # fmt: skip
        assert path in document["paths"], path


def test_taxonomies(client, openapi):
    data = get(client, openapi, "/api/v1/taxonomies")
    assert len(data["themes"]) == 21
    assert {"slug": "technique", "nom": "Ingénierie technique"}.items() <= data["aides"][0].items()
    assert [p["slug"] for p in data["phases"]][0] == "emergence"
    assert any(n["slug"] == "epci" for n in data["natures"])


def test_structures_paginated_and_filtered(client, openapi):
    data = get(client, openapi, "/api/v1/structures", page_size=10)
    total = Structure.objects.count()
    assert (
        data["count"] == total and data["pages"] == -(-total // 10) and len(data["results"]) == 10
    )
    last = get(client, openapi, "/api/v1/structures", page_size=10, page=data["pages"])
    assert len(last["results"]) == total - 10 * (data["pages"] - 1)
    voirie = get(client, openapi, "/api/v1/structures", theme="voirie", commune="53246")
    slugs = {s["slug"] for s in voirie["results"]}
    assert "cerema" in slugs and "epci-200083392" not in slugs


def test_structure_detail_with_offers(client, openapi):
    data = get(client, openapi, "/api/v1/structures/territoire-energie-mayenne")
    assert data["nom"] == "Territoire d'énergie Mayenne"
    assert data["etat_fiche"] == "Fiche à confirmer par la structure"
    assert data["commune_siege"] == "53054"
    assert data["nb_offres"] == len(data["offres"]) == 6
    lighting = next(o for o in data["offres"] if o["slug"] == "te53-eclairage-public")
    assert lighting["territoire"]["departements"] == ["53"]
    assert lighting["reserve_aux_membres"] is True


def test_offres(client, openapi):
    data = get(client, openapi, "/api/v1/offres", aide="fonciere-immobiliere")
    assert {o["slug"] for o in data["results"]} >= {"epfl-portage-foncier"}
    one = get(client, openapi, "/api/v1/offres/cerema-programme-national-ponts")
    assert one["population_max"] == 9999 and one["conditions"]["type"] == "gratuit"


def test_commune_search_for_autocomplete(client, openapi):
    data = get(client, openapi, "/api/v1/communes", q="chateau-gontier")
    assert data[0]["code"] == "53062"
    assert data[0]["epci"] == {"code": "245300447", "nom": "CC du Pays de Château-Gontier"}
    assert get(client, openapi, "/api/v1/communes", q="53290", limit=50)
    assert len(get(client, openapi, "/api/v1/communes", q="saint", limit=3)) == 3


def test_commune_detail(client, openapi):
    data = get(client, openapi, "/api/v1/communes/53037")
    assert data["nom"] == "Bouessay"
    assert data["epci"]["code"] == "247200090"
    assert data["departement"] == {"code": "53", "nom": "Mayenne"}
    assert data["region"]["code"] == "52"
    assert data["centre"]["origine"] == "mairie"
    structures = {o["structure"]["slug"] for o in data["offres"]}
    assert "epci-247200090" in structures and "epci-200083392" not in structures
    aliases = get(client, openapi, "/api/v1/communes/53062")["autres_noms"]
    assert "Azé" in aliases and "Château-Gontier" in aliases


@pytest.mark.parametrize(
    "url",
    ["/api/v1/structures/inconnue", "/api/v1/offres/inconnue", "/api/v1/communes/99999"],
)
def test_unknown_ids_answer_json_404(client, openapi, url):
    data = get(client, openapi, url, status=404)
    assert "inconnue" in data["detail"]


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/api/v1/structures", {"page": "0"}, "page"),
        ("/api/v1/structures", {"page_size": "1000"}, "page_size"),
        ("/api/v1/offres", {"commune": "00000"}, "Commune inconnue"),
        ("/api/v1/communes", {"q": ""}, "q"),
    ],
)
def test_bad_parameters_answer_400_in_french(client, url, params, message):
    response = client.get(url, params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_api_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/api/v1/offres", {"page_size": 100})
    with django_assert_max_num_queries(14):
        client.get("/api/v1/communes/53130")


def test_the_realisations_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    call_command("import_dotations_2019", file=str(shared_data(DOTATIONS)), verbosity=0)
    # the page, the count, then their themes, funding and helpers: one query each
    with django_assert_num_queries(5):
        answer = client.get("/api/v1/realisations", {"page_size": 50}).json()
    assert len(answer["results"]) == 50 and all("themes" in r for r in answer["results"])


def test_structure_contacts_with_their_provenance(client, openapi):
    call_command(
        "import_annuaire",
        "--file",
        str(Path(__file__).parents[2] / "directory/tests/fixtures/annuaire-53.json"),
        verbosity=0,
    )
    data = get(client, openapi, "/api/v1/structures/ddt-53")
    phone = next(c for c in data["contacts"] if c["champ"] == "telephone")
    assert phone["valeur"] == "02 61 91 00 04" and phone["origine"] == "annuaire"
    assert phone["date"] == "2026-03-12" and phone["source_url"].startswith("https://")
    assert {c["champ"] for c in data["contacts"]} == {
        "telephone",
        "courriel",
        "adresse",
        "horaires",
    }
