"""« Qui peut m'aider ? »: commune → project → results, with the mouse, with the keyboard only
and without JavaScript; axe-core on every page of the journey."""

import pytest
from playwright.sync_api import expect

from tests_browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_journey_with_the_mouse(page):
    page.goto("/")
    page.get_by_label("Votre commune").fill("Villaines-la-Juhel")
    page.get_by_role("button", name="Qui peut m'aider ?").click()
    page.wait_for_url("**/orientation/projet/?commune=53271")
    assert_accessible(page)
    page.get_by_label("Votre projet, en quelques mots").fill(
        "remplacer les vieux lampadaires de la rue principale"
    )
    page.get_by_role("button", name="Préciser ma demande (facultatif)").click()
    page.wait_for_url("**/orientation/precisions/?*")
    assert_accessible(page)
    page.get_by_label("Où en est votre projet ? (facultatif)").select_option("travaux")
    page.get_by_role("button", name="Voir qui peut m'aider").click()
    page.wait_for_url("**/orientation/resultats/?*phase=travaux*")
    assert_accessible(page)
    first = page.locator("ol.results > li").first
    assert "Territoire d'énergie Mayenne" in first.inner_text()
    assert "Pourquoi :" in first.inner_text()  # the reason in one line; the others in « details »
    first.get_by_text("Présentation, conditions, contacts").click()
    assert "couvre tout le département : Mayenne" in first.inner_text()
    # « Voir plus »: htmx puts the other results in place and gives them the focus.
    shown = page.locator("ol.results > li").count()
    page.get_by_role("link", name="autres propositions").click()
    expect(page.locator("#suite")).to_be_focused()
    assert page.locator("ol.results > li").count() > shown
    assert "suite=1" not in page.url  # the shareable URL stays the first page's
    assert_accessible(page)
    first.get_by_role("link", name="Fiche de l'offre").click()
    page.wait_for_url("**/offres/te53-eclairage-public/?commune=53271")
    # Back to the results: the URL holds the whole request.
    page.go_back()
    page.wait_for_url("**/orientation/resultats/?*")
    assert "Territoire d'énergie Mayenne" in page.locator("ol.results > li").first.inner_text()


def tab_to(page, element_id: str, limit: int = 25) -> None:
    """Press Tab until the element has the focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == element_id


def test_journey_with_the_keyboard_only(page):
    page.goto("/orientation/")
    page.keyboard.press("Tab")  # first stop: the skip links
    assert page.evaluate("document.activeElement.textContent.trim()") == "Contenu"
    page.keyboard.press("Enter")
    tab_to(page, "commune")
    page.keyboard.type("Gorron")
    page.keyboard.press("Enter")
    page.wait_for_url("**/orientation/projet/?commune=53107")
    tab_to(page, "id_q")
    page.keyboard.type("diagnostic de notre assainissement collectif")
    page.keyboard.press("Tab")  # the theme select
    page.keyboard.press("Tab")  # the submit button
    assert page.evaluate("document.activeElement.textContent.trim()") == "Voir qui peut m'aider"
    page.keyboard.press("Enter")
    page.wait_for_url("**/orientation/resultats/?*")
    assert "ATD'EAU" in page.locator("ol.results > li").first.inner_text()
    outline = page.evaluate(
        "() => { const a = document.querySelector('.results a'); a.focus();"
        " return getComputedStyle(a).outlineStyle; }"
    )
    assert outline != "none"


def test_journey_without_javascript(browser, live_site):
    context = browser.new_context(base_url=live_site, java_script_enabled=False)
    page = context.new_page()
    page.goto("/orientation/")
    page.fill("#commune", "saint-d")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("link", name="Saint-Denis-de-Gastines").click()
    page.wait_for_url("**/orientation/projet/?commune=53211")
    page.get_by_role("button", name="Voir qui peut m'aider").click()  # empty: explained
    assert "Décrivez votre projet en quelques mots" in page.content()
    page.fill("#id_q", "planter des haies bocagères")
    page.get_by_role("button", name="Voir qui peut m'aider").click()
    page.wait_for_url("**/orientation/resultats/?*")
    assert "Département de la Mayenne" in page.locator("ol.results").first.inner_text()
    page.get_by_role("link", name="autres propositions").click()  # a plain link: a new page
    page.wait_for_url("**/orientation/resultats/?*suite=1*#suite")
    assert page.locator("#suite ol.results").count() >= 1  # the rest, under the first blocks
    context.close()


def test_weak_request_shows_the_generalist_doors(page):
    page.goto("/orientation/resultats/?commune=53107&q=organiser+une+f%C3%AAte+de+village")
    assert page.get_by_role(
        "heading", name="Votre demande ne relève pas d'une structure d'ingénierie territoriale"
    ).is_visible()
    assert "Bocage Mayennais" in page.locator(".entry-points").inner_text()
    assert_accessible(page)


def test_the_pages_keep_to_the_app_s_own_content_security_policy(browser, live_site):
    """Without the tests' CSP bypass: no script or library tries what the policy refuses
    (htmx, for one, injects a <style> unless told not to)."""
    context = browser.new_context(base_url=live_site, viewport={"width": 390, "height": 844})
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append((page.url, message.text))
            if "Content Security Policy" in message.text
            else None
        ),
    )
    for url in ("/", "/carte/?departement=53", "/communes/53107/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.goto("/orientation/resultats/?commune=53271&q=remplacer+les+vieux+lampadaires")
    page.get_by_role("link", name="autres propositions").click()  # htmx, under the policy
    # htmx swaps the rest in, then the page's script moves the focus: wait for the focus
    # (with expect, which runs under a CSP without 'unsafe-eval'; wait_for_function does not).
    expect(page.locator("#suite")).to_be_focused()
    assert "suite=1" not in page.url  # fetched in place, not a new page
    context.close()
    assert not refused, refused


def test_two_requests_that_used_to_fail_on_a_phone(page):
    """A dangerous crossing goes to the Département's roads, with advice first; a DETR file
    goes to the préfecture, in the « Financer » block the request asks for."""
    page.goto("/")
    page.get_by_label("Votre commune").fill("Saint-Pierre-sur-Erve")
    page.get_by_role("button", name="Qui peut m'aider ?").click()
    page.wait_for_url("**/orientation/projet/?commune=53248")
    page.get_by_label("Votre projet, en quelques mots").fill("traversée dangereuse dans le bourg")
    page.get_by_role("button", name="Voir qui peut m'aider").click()
    page.wait_for_url("**/orientation/resultats/?*")
    advice = page.locator("section", has=page.locator("#bloc-accompagner"))
    assert (
        "Département de la Mayenne — routes" in advice.locator("ol.results > li").first.inner_text()
    )
    first = advice.locator("ol.results > li").first
    first.get_by_text("Présentation, conditions, contacts").click()
    assert "Fiabilité" in first.inner_text()
    assert_accessible(page)
    page.goto("/orientation/resultats/?commune=53143&q=monter+un+dossier+DETR")
    headings = page.locator("h2[id^='bloc-']").all_inner_texts()
    assert headings[0].startswith("Financer")
    funding = page.locator("section", has=page.locator("#bloc-financer"))
    assert "Préfecture de la Mayenne" in funding.locator("ol.results > li").first.inner_text()
    assert_accessible(page)


def test_saying_whether_the_answer_helped(page):
    page.goto("/orientation/resultats/?commune=53248&q=traversée+dangereuse+dans+le+bourg")
    page.locator("label[for=id_aide_1]").click()  # DSFR draws the radio on its label
    page.get_by_role("button", name="Envoyer mon avis").click()
    page.get_by_label("Qui attendiez-vous ? (facultatif)").select_option("caue-53")
    page.get_by_role("button", name="Envoyer ces précisions").click()
    thanks = page.get_by_text("Merci : votre avis est enregistré")
    expect(thanks).to_be_visible()
    assert "resultats" in page.url  # put in place by htmx, no new page
    assert_accessible(page)
