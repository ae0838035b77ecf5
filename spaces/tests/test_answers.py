"""The platform team reads the weak answers and the « non », by theme and intercommunality,
in its own territory only, and downloads them."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory, territory_admin
from orientation.models import Journey

pytestmark = pytest.mark.django_db

URL = "/espace/plateforme/reponses/"


def _weak_and_no(client):
    client.get(reverse("orientation:results"), {"commune": "53248", "q": "xyz qwerty"})
    client.get(reverse("orientation:results"), {"commune": "53248", "q": "ralentir les voitures"})
    journey = Journey.objects.latest("created_at")
    client.post(reverse("orientation:feedback", args=[journey.public_id]), {"aide": "non"})
    client.get(reverse("orientation:results"), {"commune": "53248", "q": "replanter des haies"})


def test_the_platform_team_sees_weak_answers_and_noes_by_theme_and_epci(client):
    _weak_and_no(client)
    client.force_login(territory_admin("53"))
    body = client.get(URL).content.decode()
    assert "xyz qwerty" in body and "ralentir les voitures" in body
    assert "replanter des haies" not in body  # a good answer nobody complained about
    assert "Par intercommunalité" in body and "CC des Coëvrons" in body
    voirie = client.get(URL, {"theme": "voirie"}).content.decode()
    assert "ralentir les voitures" in voirie and "xyz qwerty" not in voirie
    csv = client.get(URL, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "ralentir les voitures" in csv.content.decode()


def test_another_territory_sees_nothing_of_the_mayenne(client):
    _weak_and_no(client)
    client.force_login(territory_admin("35"))
    body = client.get(URL).content.decode()
    assert "xyz qwerty" not in body and "Aucun parcours à revoir." in body


def test_a_member_of_the_public_cannot_read_them(client):
    assert client.get(URL).status_code == 302  # to the sign-in page
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403
