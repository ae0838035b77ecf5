"""The « Financer » part of the results: open aids covering the commune and the project's
themes, each with its backer, its deadline and why; never a closed one."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from funding.models import Aid

from .fake_api import TOKEN, serving

pytestmark = pytest.mark.django_db

SCHOOL = {"commune": "53271", "q": "rénover l'école"}  # Villaines-la-Juhel


@pytest.fixture
def synced(settings):
    with serving() as server:
        settings.AIDES_TERRITOIRES_TOKEN = TOKEN
        settings.AIDES_TERRITOIRES_URL = server.base
        call_command("sync_aides_territoires", verbosity=0)


def test_renovating_the_school_shows_dated_open_aids_and_why(client, synced):
    html = client.get("/orientation/resultats/", SCHOOL).content.decode()
    assert "Financer : aides et appels à projets ouverts" in html
    assert "Rénover les bâtiments scolaires et sportifs" in html
    assert "clôture le 30/06/2099" in html and "jusqu'à 40 %" in html
    assert "couvre Villaines-la-Juhel (Pays de la Loire)" in html
    assert "Fonds de concours pour les écoles" not in html  # Laval Agglomération's only
    assert "Chèque rénovation des particuliers" not in html  # not for communes


def test_a_closed_aid_is_never_proposed_and_a_near_deadline_is_marked(client, synced):
    aid = Aid.objects.get(external_id="900001")
    aid.submission_deadline = timezone.localdate() + timezone.timedelta(days=12)
    aid.save()
    html = client.get("/orientation/resultats/", SCHOOL).content.decode()
    assert 'fr-badge--warning fr-badge--sm">clôture dans 12 jours' in html
    aid.submission_deadline = timezone.localdate() - timezone.timedelta(days=1)
    aid.save()
    html = client.get("/orientation/resultats/", SCHOOL).content.decode()
    assert "Rénover les bâtiments scolaires et sportifs" not in html


def test_without_any_aid_the_results_page_is_unchanged(client):
    html = client.get("/orientation/resultats/", SCHOOL).content.decode()
    assert "Financer : aides et appels à projets ouverts" not in html
