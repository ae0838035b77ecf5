"""The « Financer » part of the results on a phone: open, dated aids with their reasons,
reached with the keyboard; axe clean."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from funding.models import Aid
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
            "link", name="Rénover les bâtiments scolaires et sportifs (aide fictive de test)"
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
        expect(page.get_by_text("Rénover les bâtiments scolaires et sportifs")).to_be_visible()
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
