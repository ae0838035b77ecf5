"""Ordinary bad input gets a clear French answer, never a 500: NUL bytes, over-long values,
numbers that are not numbers or overflow, posts over the size limit; and every error page
the site can give is a French DSFR page."""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.factories import member_of, territory_admin
from core import error_pages
from orientation.models import Journey
from support.tests.test_request_form import valid
from territories.models import Commune

pytestmark = pytest.mark.django_db

FORM_ENCODED = "application/x-www-form-urlencoded"  # what a browser sends for a form


@pytest.fixture(autouse=True)
def _production_errors(settings):
    """The error handlers only answer with DEBUG off, as in production."""
    settings.DEBUG = False
    cache.clear()


def french_page(response, status: int, *phrases: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="fr"' in html and f"Erreur {status}" in html
    for phrase in phrases:
        assert phrase in html, phrase
    return html


def test_an_unknown_page_is_a_french_404(client):
    french_page(client.get("/nulle-part/"), 404, "Page introuvable")


def test_a_refused_page_is_a_french_403(client):
    client.force_login(get_user_model().objects.create_user("curieux@example.org"))
    french_page(client.get(reverse("observatory:activity")), 403, "Accès refusé")


def test_a_server_error_is_a_french_500_even_when_templates_fail():
    request = RequestFactory().get("/")
    french_page(error_pages.server_error(request), 500, "Erreur du service")
    with override_settings(
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}]
    ):
        response = error_pages.server_error(request)
    assert response.status_code == 500
    assert "Erreur du service" in response.content.decode()


def test_a_stale_form_gets_a_french_csrf_page():
    response = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"email": "a@b.fr"})
    french_page(response, 403, "Formulaire expiré", "Rechargez la page du formulaire")


@pytest.mark.parametrize(
    "url",
    [
        "/annuaire/?q=%00",
        "/orientation/resultats/?commune=53107&q=pont%00",
        "/communes/?q=%00",
        "/carte/?departement=53%00",
        "/structures/%00/",
        "/observatoire/?segment=%00",
    ],
)
def test_a_nul_byte_anywhere_in_a_page_address_is_a_french_400(client, url):
    french_page(client.get(url), 400, "caractère nul")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/offres?theme=%00",
        "/api/v1/structures/%00",
        "/api/v1/communes?q=%00",
        "/api/v1/orientation?commune=53107&q=%00",
    ],
)
def test_a_nul_byte_in_the_api_is_a_json_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "caractère nul" in response.json()["detail"]


def test_a_nul_byte_in_a_posted_form_is_a_french_400(client):
    response = client.post(reverse("support:new"), valid(project="Un projet\x00 nul"))
    french_page(response, 400, "caractère nul")


def test_a_value_longer_than_any_field_is_refused(client):
    response = client.get("/annuaire/", {"commune": "a" * 20_001})
    french_page(response, 400, "dépasse 20\u202f000 caractères, la longueur maximale.")


def test_a_long_commune_query_finds_nothing_instead_of_failing():
    assert Commune.objects.search("gorron " * 3000) == []
    assert Commune.objects.resolve("gorron " * 3000) == (None, [])


def test_a_long_commune_in_the_request_form_is_a_form_error(client):
    response = client.post(reverse("support:new"), valid(commune="Gorron" * 3000))
    assert response.status_code == 200
    assert (
        "Assurez-vous que cette valeur comporte au plus 100 caractères" in response.content.decode()
    )


@pytest.mark.parametrize("rank", ["²", "١", "99999999999999999999", "0", "-1", "2e17"])
def test_a_rank_that_is_not_a_small_number_is_a_french_400(client, rank):
    journey = Journey.objects.create(commune_id="53107")
    url = reverse("orientation:choose", args=[journey.public_id])
    french_page(client.get(url, {"offre": "te53-eclairage-public", "rang": rank}), 400, "« rang »")


@pytest.mark.parametrize("year", ["²", "99999999999999999999", "1"])
def test_an_observatory_year_that_is_not_a_year_is_a_french_400(client, year):
    french_page(client.get("/observatoire/", {"annee": year}), 400, "« annee »")


@pytest.mark.parametrize("pk", ["²", "99999999999999999999", "1e3"])
def test_the_platform_decision_refuses_a_bad_identifier(client, pk):
    client.force_login(territory_admin("53"))
    response = client.post(reverse("spaces:decide"), {"kind": "proposal", "pk": pk})
    french_page(response, 400, "« pk »")


def test_member_removal_refuses_a_bad_identifier(client):
    from directory.models import Structure

    structure = Structure.objects.get(slug="caue-53")
    client.force_login(member_of(structure, role="admin"))
    url = reverse("spaces:members", args=[structure.slug])
    french_page(client.post(url, {"remove": "99999999999999999999"}), 400, "« remove »")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/offres?page=9223372036854775807",
        "/api/v1/structures?page=99999999999999999999",
        "/api/v1/offres?page=2e17",
        "/api/v1/observatoire/enquetes/99999999999999999999",
        "/api/v1/observatoire/besoins?annee=99999999999999999999",
    ],
)
def test_api_numbers_are_bounded(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Paramètre(s) invalide(s)")


def test_the_last_api_page_answers_empty(client):
    response = client.get("/api/v1/offres", {"page": 10_000})
    assert response.status_code == 200 and response.json()["results"] == []


def test_a_post_over_the_size_limit_keeps_what_fits(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    data = valid(requester_name="Camille Martin", project="Refaire le pont. " + "x" * 60_000)
    response = client.post(
        reverse("support:new"), urlencode(data, doseq=True), content_type=FORM_ENCODED
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Votre envoi dépassait 49 Ko, la taille maximale acceptée" in html
    assert "Camille Martin" in html  # the fields before the long one are kept
    assert "Refaire le pont." in html  # and the start of the long one
    assert "au plus 5000 caractères" in html


def test_an_upload_over_the_size_limit_is_a_french_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = client.post(reverse("accounts:login"), {"email": "a" * 2_000})  # multipart
    french_page(response, 413, "Envoi trop volumineux", "La limite est de")


def test_the_size_limit_reads_as_a_person_writes_it(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default
    assert error_pages.limit_label() == "2,5 Mo"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
    assert error_pages.limit_label() == "10 Mo"


CONTROL_CHARACTERS = [chr(c) for c in [*range(1, 9), 11, 12, *range(14, 32), 127]]


@pytest.mark.parametrize("control", CONTROL_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_control_character_is_dropped_before_any_form_sees_it(client, control):
    """Issue 26 §3: stored, one made both Atom feeds answer 500 to everyone."""
    response = client.get(
        reverse("orientation:project"), {"commune": "53271", "q": f"pont{control} communal"}
    )
    assert response.status_code == 200
    assert response.context["form"]["q"].value() == "pont communal"


def test_a_line_break_counts_as_one_character_as_on_the_page(client):
    """Browsers send a textarea's line breaks as CR LF; the page's counter counts one. A text
    of 2 981 characters on screen, 20 of them line breaks, is not refused as 3 001."""
    text = "\r\n".join([("rénover la mairie " * 8)[:141]] * 21)
    assert len(text) == 3001 and len(text.replace("\r\n", "\n")) == 2981
    response = client.get(reverse("orientation:results"), {"commune": "53271", "q": text})
    assert response.status_code == 200 and "orientation" in response.context
    posted = client.post(reverse("orientation:project"), {"commune": "53271", "q": "a\r\nb\rc"})
    assert posted.wsgi_request.POST["q"] == "a\nb\nc"


@pytest.mark.parametrize("control", CONTROL_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_the_feeds_are_written_whatever_is_stored(client, control):
    from agenda.models import Event
    from directory.models import Structure
    from funding.models import Aid

    caue = Structure.objects.get(slug="caue-53")
    Event.objects.create(
        title=f"Formation{control}",
        description=f"Texte{control}",
        for_elected=True,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        departement_id="53",
        organiser=caue,
        status=Event.Status.PUBLISHED,
    )
    Aid.objects.create(
        name=f"Appel{control}",
        description=f"Texte{control}",
        source=Aid.Source.LOCAL,
        external_id="x",
        for_communes=True,
        scope=Aid.Scope.DEPARTEMENTAL,
        backer=caue,
        financers=[f"CAUE{control}"],
        status=Aid.Status.PUBLISHED,
    )
    for url in (reverse("agenda:atom"), reverse("funding:atom")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert control not in response.content.decode()


def test_a_nul_byte_in_the_session_cookie_is_as_no_cookie(client):
    """Issue 26: it gave a 500 on PostgreSQL (a text field cannot hold NUL)."""
    raw = {"HTTP_COOKIE": "sessionid=abcdefgh\x00ijklmnop; csrftoken=x\x00y"}  # a forger's
    assert client.get(reverse("directory:home"), **raw).status_code == 200
    assert client.get(reverse("funding:alert_new"), **raw).status_code == 200
    assert client.get(reverse("spaces:dashboard"), **raw).status_code == 302  # signed out


@pytest.mark.parametrize("number", ["1" * 30, "9223372036854775808"])
def test_a_number_over_any_identifier_is_a_french_400(client, number):
    """Issue 26: 30 digits in a multiple-choice field gave a 500 on SQLite (overflow)."""
    response = client.post(
        reverse("funding:alert_new"), {"email": "a@example.fr", "themes": [number]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    if connection.vendor == "sqlite":  # its integers overflow: the page says so
        assert "Un des champs de la requête est un nombre trop grand." in html
    else:  # PostgreSQL compares: the form says the choice is unknown
        assert "Sélectionnez un choix valide" in html
    assert client.get(reverse("agenda:list"), {"theme": number}).status_code < 500
