"""The map draws the communes and the structure seats; its table alternative is accessible."""

import pytest
from playwright.sync_api import expect

from tests_browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def no_tiles(settings):
    # No network here: the map must stay useful without a tile layer.
    settings.MAP_TILE_URL = ""


def test_map_renders_shapes_and_markers_without_tiles(page, no_tiles):
    page.goto("/carte/?theme=numerique-donnees&commune=53107")
    page.wait_for_selector("#carte[data-ready='true']")
    assert page.locator("#carte path.leaflet-interactive").count() == 240
    # seats grouped by commune, each with its name and count in sight
    assert page.locator("#carte .leaflet-marker-icon").count() >= 5
    assert page.locator("#carte .seat-label", has_text="Laval, ").count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="Voir les mêmes informations sous forme de tableau").click()
    page.wait_for_url("**/carte/tableau/?*")
    assert page.locator("tbody tr").count() == 240
    page.get_by_role("link", name="Toutes les offres").click()
    page.wait_for_url("**tri=offres*")
    assert_accessible(page)


def test_a_tap_on_a_commune_opens_a_popup_then_its_page(page, no_tiles):
    """A tap never leaves the map by accident: it opens the commune's figures and its link."""
    page.goto("/carte/")
    page.wait_for_selector("#carte[data-ready='true']")
    page.locator("#carte path.leaflet-interactive").nth(120).click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("offres propres")
    assert "/carte/" in page.url
    link = popup.get_by_role("link")
    expect(link).to_be_visible()
    link.focus()  # by the keyboard: the popup may sit at the edge of a phone's screen
    page.keyboard.press("Enter")
    page.wait_for_url("**/communes/*/")
    assert "Qui peut accompagner" in page.get_by_role("heading", level=1).inner_text()
