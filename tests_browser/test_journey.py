"""Home → directory filter → structure → commune page, with the mouse and then the keyboard,
on a phone-sized screen, with axe-core on every page."""

import pytest

from tests_browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_home_directory_structure_commune(page):
    page.goto("/")
    assert page.title().startswith("Qui peut aider votre commune ?")
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
    assert page.get_by_text("Fiche à confirmer par la structure").first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Assistance technique : assainissement").first.click()
    page.wait_for_url("**/offres/atd-eau-53-assistance-technique/")
    assert_accessible(page)

    page.goto("/")
    field = page.get_by_label("Saisissez votre commune")
    field.fill("Gorron")
    field.press("Enter")
    page.wait_for_url("**/communes/53107/")
    assert page.get_by_role("heading", level=1).inner_text() == "Qui peut accompagner Gorron ?"
    assert page.get_by_role(
        "heading", name="Votre intercommunalité : CC du Bocage Mayennais"
    ).is_visible()
    assert_accessible(page)


def test_same_journey_with_the_keyboard_only(page):
    page.goto("/")
    page.keyboard.press("Tab")  # first stop: the skip links
    assert page.evaluate("document.activeElement.textContent.trim()") == "Contenu"
    page.keyboard.press("Enter")
    # From the main content, tab to the commune field and type.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "accueil-commune":
            break
    assert page.evaluate("document.activeElement.id") == "accueil-commune"
    page.keyboard.type("Saint-Pierre-des-Nids")
    page.keyboard.press("Enter")
    page.wait_for_url("**/communes/53246/")
    # Choose a theme with the keyboard and submit.
    page.focus("#filtre-theme")
    page.keyboard.press("End")  # not every browser opens the list: select by value then
    page.select_option("#filtre-theme", "voirie")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Afficher"
    page.keyboard.press("Enter")
    page.wait_for_url("**/communes/53246/?theme=voirie")
    assert "Programme national Ponts" in page.content()
    focused_outline = page.evaluate(
        "() => { const a = document.querySelector('.offre-rows a'); a.focus();"
        " return getComputedStyle(a).outlineStyle; }"
    )
    assert focused_outline != "none"


def test_directory_works_without_javascript(browser, live_site):
    context = browser.new_context(base_url=live_site, java_script_enabled=False)
    page = context.new_page()
    page.goto("/annuaire/")
    page.select_option("#id_theme", "voirie")
    page.fill("#id_commune", "Gorron")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**/annuaire/?*theme=voirie*")
    assert "couvrant Gorron" in page.content()
    page.goto("/")
    page.fill("#accueil-commune", "aze")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/communes/53062/")
    context.close()
