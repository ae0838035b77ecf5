"""« Près de chez vous » on a phone: real 2019 projects of nearby communes for a salle des
fêtes, nearest first, reached with the keyboard; axe clean."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import shared_data
from peers.models import Realisation
from tests_browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_a_salle_des_fetes_request_shows_real_projects_nearby(page):
    path = shared_data("programmes/dotations-investissement-2019-mayenne.csv")
    call_command("import_dotations_2019", file=str(path), force=True, verbosity=0)
    try:
        page.goto("/orientation/resultats/?commune=53271&q=r%C3%A9nover+la+salle+des+f%C3%AAtes")
        section = page.locator("section[aria-labelledby=pres-titre]")
        expect(section).to_be_visible()
        items = section.locator("li")
        expect(items).to_have_count(3)
        text = section.inner_text()
        assert "salle des fêtes" in text and "2019" in text and "État — D" in text
        first = section.get_by_role("link").first
        first.focus()
        expect(first).to_be_focused()
        assert_accessible(page)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_contain_text("salle des fêtes")
        expect(page.get_by_text("Dotations d'investissement 2019")).to_be_visible()
        assert_accessible(page)
    finally:
        Realisation.objects.all().delete()  # the other browser tests see none
