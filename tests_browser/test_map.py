"""The map draws the communes and the structure seats; its table alternative is accessible."""

import pytest

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
    assert page.locator("#carte .leaflet-marker-icon").count() > 10
    assert_accessible(page)
    page.get_by_role("link", name="Voir les mêmes informations sous forme de tableau").click()
    page.wait_for_url("**/carte/tableau/?*")
    assert page.locator("tbody tr").count() == 240
    page.get_by_role("link", name="Nombre d'offres").click()
    page.wait_for_url("**tri=offres*")
    assert_accessible(page)


def test_clicking_a_commune_opens_its_page(page, no_tiles):
    page.goto("/carte/")
    page.wait_for_selector("#carte[data-ready='true']")
    page.locator("#carte path.leaflet-interactive").nth(0).click(force=True)
    page.wait_for_url("**/communes/*/")
    assert "Qui peut accompagner" in page.get_by_role("heading", level=1).inner_text()
