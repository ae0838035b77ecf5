"""One engine, three doors: the results page, the API and the command give the same results."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from orientation.models import Journey
from orientation.privacy import redact

pytestmark = pytest.mark.django_db

REQUEST = {"commune": "53246", "q": "un pont communal se fissure"}


def api(client, **params):
    return client.get("/api/v1/orientation", params)


def test_api_shape_and_openapi(client):
    response = api(client, **REQUEST)
    assert response.status_code == 200
    document = client.get("/api/v1/openapi.json").json()
    OpenAPI.from_dict(document).validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )
    data = response.json()
    assert data["commune"] == {
        "code": "53246",
        "nom": "Saint-Pierre-des-Nids",
        "epci": {"code": "200042182", "nom": "CC du Mont des Avaloirs"},
    }
    assert [t["slug"] for t in data["understood"]["themes"]] == ["voirie"]
    first = data["results"][0]
    assert set(first) >= {"rank", "score", "structure", "offre", "raisons", "conditions"}
    assert first["structure"]["slug"] == "cerema"
    assert first["offre"]["slug"] == "cerema-programme-national-ponts"
    assert data["weak"] is False and data["entry_points"] == []


def test_command_gives_the_same_results_as_the_api(client):
    out = StringIO()
    call_command(
        "orient", "--commune", "53246", "--text", REQUEST["q"], "--format", "json", stdout=out
    )
    from_command = json.loads(out.getvalue())
    from_api = api(client, **REQUEST).json()
    assert from_command["results"] == from_api["results"]
    assert from_command["understood"] == from_api["understood"]


def test_results_page_shows_the_same_ranking(client):
    body = client.get(reverse("orientation:results"), REQUEST).content.decode()
    data = api(client, **REQUEST).json()
    positions = [
        body.index(r["offre"]["titre"].replace("'", "&#x27;")) for r in data["results"][:5]
    ]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"commune": "00000", "q": "pont"}, "Commune inconnue"),
        ({"commune": "53246", "q": ""}, "Décrivez votre projet"),
        ({"commune": "53246", "q": "pont", "theme": "nope"}, "Thème inconnu"),
    ],
)
def test_api_bad_input_is_a_400_in_french(client, params, message):
    response = api(client, **params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_command_bad_input_exits_non_zero():
    with pytest.raises(CommandError, match="Commune inconnue"):
        call_command("orient", "--commune", "99999", "--text", "pont")
    with pytest.raises(CommandError, match="Décrivez votre projet"):
        call_command("orient", "--commune", "53246", "--text", "  ")


def test_weak_case_through_the_api(client):
    data = api(client, commune="53107", q="organiser une fête de village").json()
    assert data["weak"] is True
    assert data["entry_points"][0]["structure"]["slug"] == "epci-245300389"


def test_journeys_are_recorded_without_personal_data(client):
    api(
        client,
        commune="53107",
        q="assainissement, écrivez à jean.dupont@mairie-gorron.fr ou 02 43 00 00 00",
    )
    journey = Journey.objects.latest("created_at")
    assert journey.source == "api"
    assert journey.commune_id == "53107" and journey.epci_id == "245300389"
    assert "eau-assainissement" in journey.themes
    assert "jean.dupont" not in journey.text and "02 43" not in journey.text
    assert "[courriel]" in journey.text and "[téléphone]" in journey.text
    assert journey.result_count > 0 and journey.weak is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("appelez le 06 12 34 56 78", "appelez le [téléphone]"),
        ("ou +33 6 12 34 56 78 svp", "ou [téléphone] svp"),
        ("tel 02.43.00.00.00.", "tel [téléphone]."),
        ("mail: maire@exemple.fr", "mail: [courriel]"),
        ("budget de 150000 euros en 2026", "budget de 150000 euros en 2026"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_journey_pages_without_javascript(client):
    start = client.get(reverse("orientation:start"), {"commune": "gorron"})
    assert start.status_code == 302 and start.url.endswith("?commune=53107")
    body = client.get(reverse("orientation:start"), {"commune": "saint-d"}).content.decode()
    assert "Plusieurs communes correspondent" in body and "Saint-Denis-de-Gastines" in body
    body = client.get(reverse("orientation:start"), {"commune": "Atlantide"}).content.decode()
    assert "Aucune commune ne correspond à « Atlantide »" in body and 'value="Atlantide"' in body
    body = client.get(reverse("orientation:project"), {"commune": "53107"}).content.decode()
    assert "Votre projet, en quelques mots" in body and "Étape 2 sur 3" in body
    body = client.get(
        reverse("orientation:details"), {"commune": "53107", "q": "pont"}
    ).content.decode()
    assert "Étape 3 sur 3" in body and 'name="q" value="pont"' in body
    assert "Passer cette étape" in body


def test_empty_project_keeps_the_form_and_explains(client):
    body = client.get(
        reverse("orientation:results"), {"commune": "53107", "q": " ", "theme": ""}
    ).content.decode()
    assert "Décrivez votre projet en quelques mots, ou choisissez un thème." in body
    assert 'aria-invalid="true"' in body


def test_unknown_commune_goes_back_to_step_one(client):
    response = client.get(reverse("orientation:results"), {"commune": "00000", "q": "pont"})
    assert response.status_code == 302 and response.url == reverse("orientation:start")


def test_more_results_behind_a_native_disclosure(client):
    body = client.get(
        reverse("orientation:results"),
        {"commune": "53271", "q": "remplacer les vieux lampadaires de la rue principale"},
    ).content.decode()
    assert "<details" in body and "autres propositions" in body


def test_following_a_result_is_recorded_once(client):
    client.get(reverse("orientation:results"), REQUEST)
    journey = Journey.objects.latest("created_at")
    url = reverse("orientation:choose", args=[journey.public_id, "cerema-programme-national-ponts"])
    response = client.get(url, {"rang": "1"})
    assert (
        response.status_code == 302 and response.url == "/offres/cerema-programme-national-ponts/"
    )
    client.get(reverse("orientation:choose", args=[journey.public_id, "cerema-adhesion-expertise"]))
    journey.refresh_from_db()
    assert (
        journey.clicked_offre.slug == "cerema-programme-national-ponts"
        and journey.clicked_rank == 1
    )


def test_free_text_is_escaped(client):
    body = client.get(
        reverse("orientation:results"), {"commune": "53107", "q": "<script>alert(1)</script> pont"}
    ).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
