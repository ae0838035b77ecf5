"""Reaching a person from any page: the human fallback of the results, and « Signaler une
erreur » on a fiche, on a phone, axe-core on every page."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.factories import UserFactory, territory_admin
from accounts.models import Claim, Membership
from directory.models import ErrorReport, Structure
from outbox.models import OutgoingEmail
from tests_browser.conftest import assert_accessible, sign_in

ANNUAIRE_FIXTURE = Path(__file__).parents[1] / "directory/tests/fixtures/annuaire-53.json"

pytestmark = pytest.mark.browser


def test_a_result_leads_to_the_contacts_of_its_structure(page):
    page.goto("/orientation/resultats/?commune=53107&q=diagnostic+de+notre+assainissement")
    page.locator("ol.results > li summary").first.click()  # the card's details
    link = page.get_by_role("link", name="Fiche et contacts de la structure").first
    link.click()
    page.wait_for_url(re.compile(r"/structures/[^/]+/#contacts$"))
    expect(page.locator("#contacts")).to_be_visible()


def test_a_weak_answer_leads_to_the_departmental_team(page):
    page.goto("/orientation/resultats/?commune=53107&q=xyz+qwerty")
    page.get_by_role(
        "link", name="Poser ma question au guichet de l'ingénierie de la préfecture"
    ).click()
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
    expect(page.get_by_text("Décrivez l'erreur en quelques mots.")).to_be_visible()
    page.get_by_label("Qu'est-ce qui est inexact ou manquant ?").fill("Le site internet a changé.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(
        page.get_by_role("heading", name="Merci, votre signalement est transmis")
    ).to_be_visible()
    assert_accessible(page)
    assert ErrorReport.objects.filter(description="Le site internet a changé.").exists()
    page.get_by_role("link", name="Revenir à la fiche").click()
    expect(page.get_by_text("Une correction est en cours d'examen")).to_be_visible()


def test_an_agent_takes_over_the_fiche_of_its_structure(page):
    """Signed in by the e-mailed link, an agent says « C'est ma structure »: the address on
    the structure's domain is only a hint; the platform team checks and accepts (issue 26)."""
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
    page.wait_for_url("**/structures/caue-53/")
    expect(page.get_by_text("transmise à l'équipe de la plateforme")).to_be_visible()
    assert_accessible(page)
    team = territory_admin("53", email="equipe.53@example.gouv.fr")
    try:
        sign_in(page, team.email)
        page.goto("/espace/plateforme/#rattachements")
        expect(page.get_by_text("adresse sur le domaine du site de la structure")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Accepter : direction@caue53.com").click()
        expect(page.get_by_text("Rattachement accepté.")).to_be_visible()
        assert Membership.objects.get(user__email="direction@caue53.com").role == "admin"
    finally:  # the other browser tests expect the CAUE's fiche without member
        Membership.objects.filter(structure__slug="caue-53").delete()
        Claim.objects.filter(structure__slug="caue-53").delete()
        team.delete()


def test_contacts_of_a_fiche_and_a_member_who_publishes_theirs(page):
    """From a result to the fiche's contacts (the institutional ones, with their source and
    date), then an agent of the DDT publishes their own details, with the keyboard only."""
    cache.clear()
    call_command("import_annuaire", "--file", str(ANNUAIRE_FIXTURE), verbosity=0)
    page.goto("/structures/ddt-53/#contacts")
    contacts = page.locator("#contacts")
    assert "02 61 91 00 04" in contacts.inner_text()
    assert "Annuaire de l'administration (service-public.fr)" in contacts.inner_text()
    assert "Du lundi au jeudi : 8 h 30 – 12 h 00, 13 h 30 – 17 h 00" in contacts.inner_text()
    assert_accessible(page)
    agent = UserFactory(email="agent.urbanisme@ddt53.example")
    Membership.objects.create(user=agent, structure=Structure.objects.get(slug="ddt-53"))
    sign_in(page, agent.email)
    page.goto("/espace/structures/ddt-53/")
    assert_accessible(page)
    page.get_by_label("Nom affiché").focus()
    page.keyboard.type("Claire Exemple")
    page.keyboard.press("Tab")
    page.keyboard.type("chargée de mission urbanisme")
    page.get_by_role("button", name="Publier mes coordonnées sur la fiche").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Vos coordonnées sont publiées sur la fiche.")).to_be_visible()
    page.goto("/structures/ddt-53/")
    assert "Claire Exemple, chargée de mission urbanisme" in contacts.inner_text()
    assert_accessible(page)


def test_the_offer_page_buttons_show_their_words_on_a_phone(page):
    """A DSFR button with an icon in a group shrinks to its icon unless the group says where the
    icon goes: « Demander un accompagnement » was a bare envelope on a phone."""
    page.goto("/offres/ddt-53-conseil-aux-territoires/?commune=53130")
    button = page.get_by_role("link", name="Demander un accompagnement")
    assert button.bounding_box()["width"] > 150
    expect(page.locator("#contacts")).to_be_visible()
    assert_accessible(page)
