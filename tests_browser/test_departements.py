"""A national instance on a phone, with the keyboard: the home page's « Votre département »
leads to the département's page; the platform team's checklist of its starting directory.
axe-core on every page."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from accounts.factories import UserFactory
from accounts.models import TerritoryAdmin
from tests_browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

ADMIN = "animation.ingenierie@mayenne.example.gouv.fr"


def test_a_visitor_picks_their_departement_on_a_national_instance(page, settings):
    settings.SITE_DEPARTEMENTS = ["all"]
    page.goto("/")
    assert_accessible(page)
    page.get_by_label("Votre département").select_option("72")
    page.get_by_role("button", name="Voir l'ingénierie de ce département").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/departements/72/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sarthe")
    assert_accessible(page)


def test_the_platform_team_reads_what_remains_to_do(page):
    cache.clear()
    admin = UserFactory(email=ADMIN)
    TerritoryAdmin.objects.get_or_create(user=admin, departement_id="53")
    sign_in(page, ADMIN)
    page.goto("/espace/plateforme/")
    page.get_by_text("L'annuaire de départ de chaque département").click()
    page.get_by_role("link", name="Mayenne (53)").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/espace/plateforme/departements/53/")
    expect(page.get_by_role("heading", name="Ce qui reste à faire")).to_be_visible()
    expect(page.get_by_role("row", name="Syndicat départemental d'énergie")).to_contain_text("fait")
    assert_accessible(page)
