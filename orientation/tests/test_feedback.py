"""« Cette réponse vous a-t-elle aidé ? »: anonymous, without JavaScript, rate-limited, with
the request text kept without personal data; the platform team reads and exports it."""

import csv
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from orientation.models import Feedback, Journey

pytestmark = pytest.mark.django_db

REQUEST = {"commune": "53248", "q": "traversée dangereuse dans le bourg"}


def _journey(client) -> Journey:
    body = client.get(reverse("orientation:results"), REQUEST).content.decode()
    assert "Votre avis" in body and "Cette réponse vous a-t-elle aidé ?" in body
    return Journey.objects.latest("created_at")


def test_a_no_with_the_structure_expected_is_kept_without_personal_data(client):
    journey = _journey(client)
    url = reverse("orientation:feedback", args=[journey.public_id])
    response = client.post(url, {"aide": "non"})
    body = response.content.decode()
    assert "Merci, c'est noté." in body
    assert "Qui attendiez-vous ?" in body and 'value="caue-53"' in body  # read only now
    assert Feedback.objects.get(journey=journey).helped is False
    response = client.post(
        url,
        {
            "aide": "non",
            "etape": "details",
            "attendu": "caue-53",
            "precision": "Le CAUE, joignable au 06 12 34 56 78 ou jean.dupont@mairie.fr",
        },
    )
    assert response.status_code == 200
    assert "Merci : votre avis est enregistré" in response.content.decode()
    feedback = Feedback.objects.get(journey=journey)
    assert not feedback.helped and feedback.expected_structure.slug == "caue-53"
    assert "06 12" not in feedback.comment and "dupont" not in feedback.comment
    assert "[téléphone]" in feedback.comment and "[courriel]" in feedback.comment


def test_the_last_word_counts_and_htmx_gets_only_the_thanks(client):
    journey = _journey(client)
    url = reverse("orientation:feedback", args=[journey.public_id])
    client.post(url, {"aide": "non"})
    response = client.post(url, {"aide": "oui"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.startswith('<section id="avis"') and "<html" not in body
    assert Feedback.objects.get(journey=journey).helped is True


def test_a_bad_answer_is_explained_in_french_and_nothing_is_lost(client):
    journey = _journey(client)
    url = reverse("orientation:feedback", args=[journey.public_id])
    response = client.post(url, {"aide": "peut-être"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    response = client.post(url, {})
    assert "Indiquez si la réponse vous a aidé : oui ou non." in response.content.decode()
    details = {"aide": "non", "etape": "details", "attendu": "inconnue", "precision": "x" * 301}
    body = client.post(url, details).content.decode()
    assert "Précisez en 300 caractères au plus." in body
    assert "Sélectionnez un choix valide" in body
    assert "x" * 301 in body  # what was typed comes back
    assert not Feedback.objects.exists()


def test_feedback_is_rate_limited_per_address(client, settings):
    cache.clear()
    settings.RATE_LIMIT_FEEDBACK_PER_IP = 2
    journey = _journey(client)
    url = reverse("orientation:feedback", args=[journey.public_id])
    statuses = [client.post(url, {"aide": "oui"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_an_unknown_journey_is_a_404(client):
    url = reverse("orientation:feedback", args=["00000000-0000-0000-0000-000000000000"])
    assert client.post(url, {"aide": "oui"}).status_code == 404


def test_the_form_without_javascript_is_a_page_of_its_own(client):
    journey = _journey(client)
    body = client.get(reverse("orientation:feedback", args=[journey.public_id])).content.decode()
    assert "<h1>Votre avis sur la réponse pour Saint-Pierre-sur-Erve</h1>" in body
    assert "Faire une nouvelle recherche" in body


def test_export_feedback_lists_weak_answers_and_noes(client):
    journey = _journey(client)
    client.post(reverse("orientation:feedback", args=[journey.public_id]), {"aide": "non"})
    client.get(reverse("orientation:results"), {"commune": "53248", "q": "xyz qwerty"})
    out = StringIO()
    call_command("export_feedback", "--departement", "53", stdout=out)
    rows = list(csv.DictReader(StringIO(out.getvalue()), delimiter=";"))
    texts = {row["demande"] for row in rows}
    assert {"traversée dangereuse dans le bourg", "xyz qwerty"} <= texts
    noes = [row for row in rows if row["avis"] == "non"]
    assert noes and noes[0]["intercommunalite"] == "CC des Coëvrons"
