"""Reaching a person from any page: the human fallback of the results, and « Signaler une
erreur » on a fiche, on a phone, axe-core on every page."""

import re

import pytest
from django.core.cache import cache

from directory.models import ErrorReport
from outbox.models import OutgoingEmail
from tests_browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_a_weak_answer_leads_to_the_departmental_team(page):
    page.goto("/orientation/resultats/?commune=53107&q=xyz+qwerty")
    page.get_by_role("link", name="Poser ma question à l'équipe départementale").click()
    page.wait_for_url("**/demandes/nouvelle/?*offre=ddt-53-conseil-aux-territoires*")
    assert "Direction départementale des territoires" in page.locator("#transmission").inner_text()
    assert_accessible(page)


def test_reporting_an_error_on_a_fiche(page):
    cache.clear()
    page.goto("/structures/caue-53/")
    page.get_by_role("link", name="Signaler une erreur sur cette fiche").click()
    page.wait_for_url("**/structures/caue-53/signaler/")
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer le signalement").click()  # empty: explained
    assert page.get_by_text("Décrivez l'erreur en quelques mots.").is_visible()
    page.get_by_label("Qu'est-ce qui est inexact ou manquant ?").fill("Le site internet a changé.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert page.get_by_role("heading", name="Merci, votre signalement est transmis").is_visible()
    assert_accessible(page)
    assert ErrorReport.objects.filter(description="Le site internet a changé.").exists()
    page.get_by_role("link", name="Revenir à la fiche").click()
    assert page.get_by_text("Une correction est en cours d'examen").is_visible()


def test_an_agent_takes_over_the_fiche_of_its_structure(page):
    """Signed in by the e-mailed link, an address on the structure's domain: « C'est ma
    structure » makes the agent its administrator at once."""
    cache.clear()
    page.goto("/structures/caue-53/")
    page.get_by_role("link", name="C'est ma structure : me connecter").click()
    page.wait_for_url(re.compile(r"/compte/connexion/\?next="))
    page.get_by_label("Votre adresse électronique").fill("direction@caue53.com")
    page.get_by_role("button", name="Recevoir mon lien de connexion").click()
    page.wait_for_url("**/compte/connexion/envoyee/")
    body = OutgoingEmail.objects.filter(to="direction@caue53.com").latest("pk").body
    page.goto(re.search(r"/compte/connexion/[^/\s]+/", body).group(0))
    page.get_by_role("button", name="Me connecter").click()
    page.wait_for_url("**/structures/caue-53/")
    assert_accessible(page)
    page.get_by_role("button", name="C'est ma structure").click()
    page.wait_for_url("**/espace/structures/caue-53/")
    assert page.get_by_text("vous êtes maintenant administrateur de la structure").is_visible()
    assert_accessible(page)
