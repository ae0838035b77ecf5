"""A fiche and a results page on paper: the content stays, the menus and buttons go, and
external links say where they lead."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_fiche_and_the_results_print_their_content_only(page):
    page.goto("/structures/caue-53/")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".fr-header__menu")).to_be_hidden()
    expect(page.locator(".claim")).to_be_hidden()  # « C'est ma structure »
    after = page.evaluate(
        "() => { const a = document.querySelector('main a[href^=\"http\"]');"
        " return a ? getComputedStyle(a, '::after').content : ''; }"
    )
    assert after.startswith('" (http')
    page.goto("/orientation/resultats/?commune=53271&q=r%C3%A9nover+la+salle+des+f%C3%AAtes")
    expect(page.locator("ol.results").first).to_be_visible()
    expect(page.locator("form").first).to_be_hidden()
    # A result's details are printed open (the card folds them on screen).
    expect(page.locator("ol.results > li").first.get_by_text("Conditions :")).to_be_visible()
