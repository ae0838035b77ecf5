"""A newcomer's walk (issue 25 §2), on a phone (390 px) and a desktop (1280 px): every kind of
page of the sitemap fits the screen's width, has a plain title and starts with its heading,
and is axe-clean; the phone menu works without JavaScript; the intercommunality dashboard is
reachable; the project's text goes into the request form; a pasted paragraph of 3,000
characters goes through the page and the API."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import shared_data
from peers.models import Realisation
from territories.models import DatasetImport
from tests_browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

PAGES = {  # one page of each kind the sitemap lists, and the results and the observatory
    "accueil": "/",
    "résultats": "/orientation/resultats/?commune=53271&q=r%C3%A9nover+la+salle+des+f%C3%AAtes",
    "commune": "/communes/53130/",
    "intercommunalité": "/intercommunalites/200083392/",
    "département": "/departements/53/",
    "fiche": "/structures/caue-53/",
    "offre": "/offres/adil-53-information-logement/",
    "observatoire": "/observatoire/",
    "financements": "/financements/",
    "agenda": "/agenda/",
    "ressources": "/ressources/",
    "bien commencer": "/bien-commencer/",
    "réalisation": None,  # the first imported one
}
LONG_PROJECT = (
    "La toiture de l'église Saint-Étienne fuit depuis l'hiver dernier ; le conseil municipal a "
    "délibéré en septembre pour engager une étude préalable, et nous aimerions savoir qui peut "
    "nous aider à monter le dossier, à choisir un architecte et à trouver des financements. "
) * 20
LONG_PROJECT = LONG_PROJECT[:3000]


@pytest.fixture
def realisations():
    path = shared_data("programmes/dotations-investissement-2019-mayenne.csv")
    call_command("import_dotations_2019", file=str(path), force=True, verbosity=0)
    imported = Realisation.objects.filter(source=Realisation.Source.DOTATIONS_2019)
    yield f"/realisations/{imported.order_by('pk').first().pk}/"  # not one proposed by a test
    Realisation.objects.all().delete()  # the other browser tests see none
    DatasetImport.objects.filter(dataset="dotations-2019").delete()


def overflow(page) -> dict:
    """How far the page scrolls sideways, and the first elements that stick out."""
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          const out = [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
            .filter(e => !e.closest('.fr-table, .leaflet-container'))
            .slice(0, 3).map(e => e.tagName + '.' + e.className);
          return {extra: root.scrollWidth - root.clientWidth, out};
        }"""
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_every_kind_of_page_fits_the_screen_and_is_accessible(page, realisations, width):
    page.set_viewport_size({"width": width, "height": 844})
    for kind, path in PAGES.items():
        page.goto(path or realisations)
        page.wait_for_load_state("networkidle")  # the parts htmx loads are in place
        assert overflow(page) == {"extra": 0, "out": []}, f"{kind} à {width} px"
        title = page.title()
        assert "<" not in title and title.endswith("Carto'Ingé"), f"{kind} : titre {title!r}"
        headings = page.locator("main h1, main h2").all()
        assert headings and headings[0].evaluate("h => h.tagName") == "H1", f"{kind} : h1"
        assert_accessible(page)


def test_a_result_card_is_short_on_a_phone(page):
    """The three best answers of a block fit in about two phone screens; the details open."""
    page.goto(PAGES["résultats"])
    block = page.locator("section", has=page.locator("#bloc-accompagner"))
    height = block.evaluate("s => s.getBoundingClientRect().height")
    assert height < 2 * 844, f"{height} px pour le premier bloc"
    first = block.locator("ol.results > li").first
    expect(first.get_by_text("Conditions :")).to_be_hidden()
    first.locator("summary").focus()
    page.keyboard.press("Enter")  # a native disclosure: the keyboard opens it
    expect(first.get_by_text("Conditions :")).to_be_visible()
    assert_accessible(page)


def test_the_phone_menu_works_without_javascript(browser, live_site):
    context = browser.new_context(
        base_url=live_site, java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto("/")
    financements = page.get_by_role("link", name="Financements", exact=True)
    expect(financements).to_be_hidden()
    page.locator("header").get_by_role("link", name="Menu", exact=True).click()
    expect(financements).to_be_visible()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    financements.click()
    page.wait_for_url("**/financements/")
    context.close()


def test_the_intercommunality_dashboard_is_reached_from_its_page(page):
    page.goto(PAGES["intercommunalité"])
    page.get_by_role("link", name="Tableau de bord de CA Laval Agglomération").click()
    page.wait_for_url("**/compte/connexion/?next=/intercommunalites/200083392/tableau-de-bord/")


def test_the_project_goes_into_the_request_form_and_3000_characters_go_through(page):
    page.goto("/orientation/projet/?commune=53271")
    field = page.get_by_label("Votre projet, en quelques mots")
    field.fill(LONG_PROJECT)
    expect(page.locator("#id_q-compteur")).to_have_text("3 000 caractères sur 3 000.")
    field.press("End")
    field.type(" Merci.")  # past the limit: said, and nothing is cut
    expect(page.locator("#id_q-compteur")).to_contain_text("raccourcissez de 7 caractères")
    page.get_by_role("button", name="Voir qui peut m'aider").click()
    expect(page.get_by_text("raccourcissez-la à 3 000 caractères au plus")).to_be_visible()
    assert page.get_by_label("Votre projet, en quelques mots").input_value() == (
        LONG_PROJECT + " Merci."
    )  # given back whole
    assert_accessible(page)
    page.get_by_label("Votre projet, en quelques mots").fill(LONG_PROJECT)
    page.get_by_role("button", name="Voir qui peut m'aider").click()
    page.wait_for_url("**/orientation/resultats/?*")
    expect(page.locator("#bloc-accompagner")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Demander un accompagnement")).first.click()
    page.wait_for_url("**/demandes/nouvelle/?*")
    assert page.get_by_label("Votre projet, en quelques lignes").input_value() == LONG_PROJECT
    assert_accessible(page)
    api = page.request.get("/api/v1/orientation", params={"commune": "53271", "q": LONG_PROJECT})
    assert api.status == 200 and api.json()["results"]
