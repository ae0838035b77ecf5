"""Home → directory filter → structure → offer → commune page, on a phone-sized screen,
with axe-core on every page."""

import pytest
from playwright.sync_api import expect

from tests_browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_home_directory_structure_commune(page):
    page.goto("/")
    assert page.title().startswith("Qui peut aider votre commune")
    assert_accessible(page)

    page.get_by_role("link", name="Parcourir tout l'annuaire des structures").click()
    page.wait_for_url("**/annuaire/")
    assert_accessible(page)
    page.get_by_label("Thème").select_option("eau-assainissement")
    # htmx swaps the results in place and pushes the filtered URL.
    page.wait_for_url("**/annuaire/?*theme=eau-assainissement*")
    results = page.locator("#resultats")
    assert "ATD'EAU" in results.inner_text()
    assert "Laval Mayenne Aménagements" not in results.inner_text()

    page.get_by_role(
        "link", name="ATD'EAU — assistance technique départementale pour l'eau"
    ).click()
    page.wait_for_url("**/structures/atd-eau-53/")
    expect(page.get_by_text("à confirmer par la structure").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Assistance technique : assainissement").first.click()
    page.wait_for_url("**/offres/atd-eau-53-assistance-technique/")
    assert_accessible(page)

    page.goto("/communes/")
    field = page.get_by_label("Commune")
    field.fill("Gorron")
    field.press("Enter")
    page.wait_for_url("**/communes/53107/")
    assert page.get_by_role("heading", level=1).inner_text() == "Qui peut accompagner Gorron\u00a0?"
    assert page.get_by_role(
        "heading", name="Votre intercommunalité : CC du Bocage Mayennais"
    ).is_visible()
    assert_accessible(page)


def test_directory_works_without_javascript(browser, live_site):
    context = browser.new_context(base_url=live_site, java_script_enabled=False)
    page = context.new_page()
    page.goto("/annuaire/")
    page.select_option("#id_theme", "voirie")
    page.fill("#id_commune", "Gorron")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**/annuaire/?*theme=voirie*")
    assert "couvrant Gorron" in page.content()
    context.close()
