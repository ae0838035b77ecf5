"""The « Financer » part of the results on a phone: open, dated aids with their reasons,
reached with the keyboard; axe clean."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from funding.models import Aid, AidAlert
from funding.tests.fake_api import TOKEN, serving
from tests_browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_renovating_the_school_lists_open_aids(page, settings):
    with serving() as server:
        settings.AIDES_TERRITOIRES_TOKEN = TOKEN
        settings.AIDES_TERRITOIRES_URL = server.base
        call_command("sync_aides_territoires", verbosity=0)
    try:
        page.goto("/orientation/resultats/?commune=53271&q=r%C3%A9nover+l%27%C3%A9cole")
        section = page.locator("section[aria-labelledby=aides-titre]")
        expect(section).to_be_visible()
        assert "clôture le 30/06/2099" in section.inner_text()
        assert "Appel à projets friches 2020" not in section.inner_text()  # closed
        link = section.get_by_role(
            "link",
            name="Rénover les bâtiments scolaires et sportifs (aide fictive de test)",
            exact=True,
        )
        link.focus()
        expect(link).to_be_focused()
        assert link.get_attribute("href").startswith(
            "https://aides-territoires.beta.gouv.fr/aides/"
        )
        assert_accessible(page)
        # /financements/ with the keyboard: a filter, then the list, axe clean
        page.goto("/financements/")
        assert_accessible(page)
        page.get_by_label("Nature de l'aide").focus()
        page.keyboard.press("ArrowDown")  # « Aide financière »
        page.get_by_role("button", name="Appliquer les filtres").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/financements/?*nature=financiere*")
        expect(
            page.get_by_role(
                "link",
                name="Rénover les bâtiments scolaires et sportifs (aide fictive de test)",
                exact=True,
            )
        ).to_be_visible()
        assert "Accompagnement en ingénierie" not in page.content()
        assert_accessible(page)
        # the commune page loads its open aids in place (a link without JavaScript)
        page.goto("/communes/53130/")
        expect(
            page.get_by_role("heading", name="Aides et appels à projets ouverts pour Laval")
        ).to_be_visible()
        expect(page.locator("#aides-transition-energetique")).to_be_visible()
        assert_accessible(page)
    finally:
        Aid.objects.all().delete()  # the other browser tests see no aid


def test_a_structure_publishes_a_call_and_a_mayor_asks_for_an_alert(page):
    """On a phone: a CAUE member fills the call form (its French errors are tested without a
    browser), the platform publishes it, then a town hall asks for an alert with the keyboard;
    axe clean."""
    from accounts.factories import member_of
    from directory.models import Structure
    from outbox.models import OutgoingEmail
    from tests_browser.conftest import sign_in

    caue = Structure.objects.get(slug="caue-53")
    member = member_of(caue, email="agent@caue53.example.org")
    try:
        sign_in(page, member.email)
        page.goto(f"/espace/structures/{caue.slug}/nouvel-appel/")
        page.get_by_label("Intitulé", exact=True).fill("Appel « Cœur de bourg »")
        page.get_by_label("Présentation").fill("Pour repenser le centre-bourg.")
        page.locator("label[for=id_for_communes]").click()
        page.locator("label[for=id_is_engineering]").click()
        page.get_by_label("Date limite de dépôt").fill("2099-03-31")
        page.locator("label", has_text="Aménagement").first.click()
        page.locator("label", has_text="Mayenne (53), tout le département").click()
        assert_accessible(page)
        page.get_by_role("button", name="Envoyer pour relecture").click()
        expect(page.get_by_text("transmis à l'équipe de la plateforme")).to_be_visible()
        expect(page.get_by_text("En relecture")).to_be_visible()
        aid = Aid.objects.get(name="Appel « Cœur de bourg »")
        aid.status = Aid.Status.PUBLISHED  # the queue's decision is tested without a browser
        aid.save()
        page.goto(aid.get_absolute_url())
        expect(page.get_by_role("heading", name="Appel « Cœur de bourg »")).to_be_visible()
        assert "clôture le 31/03/2099" in page.content()
        assert_accessible(page)

        for form in ("nouvel-evenement", "nouvelle-ressource"):  # the other forms of the space
            page.goto(f"/espace/structures/{caue.slug}/{form}/")
            expect(page.get_by_role("button", name="Envoyer pour relecture")).to_be_visible()
            assert_accessible(page)
        page.goto(f"/espace/realisations/nouvelle/?structure={caue.slug}")
        expect(page.get_by_role("button", name="Envoyer pour relecture")).to_be_visible()
        assert_accessible(page)

        page.goto("/financements/alertes/?commune=53130")
        email = page.get_by_label("Votre adresse électronique")
        email.focus()
        page.keyboard.type("mairie@example.fr")
        page.get_by_role("button", name="Demander l'alerte").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Plus qu'une étape")).to_be_visible()
        assert_accessible(page)
        body = OutgoingEmail.objects.filter(to="mairie@example.fr").latest("pk").body
        page.goto(re.search(r"/financements/alertes/confirmer/[^/\s]+/", body).group(0))
        assert_accessible(page)
        page.get_by_role("button", name="Je confirme").click()
        expect(page.get_by_text("Votre alerte est active")).to_be_visible()
    finally:
        Aid.objects.all().delete()
        AidAlert.objects.all().delete()
        member.delete()  # the other browser tests see the CAUE without a member
