"""The orientation widget (issue 18 §2): the journey under /widget/, framable only by the
partners of the setting, every other page still refusing frames; its parameters; the
« Intégrer » page's snippet."""

import re

import pytest

from orientation.models import Journey
from territories.models import Commune

pytestmark = pytest.mark.django_db

LAVAL_AGGLO = "200083392"
PARTNER = "https://www.partenaire.example"


def ancestors(response) -> str:
    return re.search(r"frame-ancestors ([^;]*)", response["Content-Security-Policy"]).group(1)


def test_only_the_widget_may_be_framed_and_only_by_partners(client, settings):
    settings.WIDGET_FRAME_ANCESTORS = [PARTNER, "javascript:alert(1)"]
    widget = client.get("/widget/orientation/")
    assert widget.status_code == 200
    assert ancestors(widget) == f"'self' {PARTNER}"  # a malformed origin is left out
    assert "X-Frame-Options" not in widget
    for path in ("/", "/orientation/", "/annuaire/", "/integrer/", "/donnees/"):
        page = client.get(path)
        assert ancestors(page) == "'none'" and page["X-Frame-Options"] == "DENY", path

    settings.WIDGET_FRAME_ANCESTORS = ["*"]
    assert ancestors(client.get("/widget/orientation/")) == "*"
    settings.WIDGET_FRAME_ANCESTORS = []
    assert ancestors(client.get("/widget/orientation/")) == "'self'"


def test_the_widget_journey_of_an_intercommunality_with_a_theme(client):
    start = client.get(f"/widget/orientation/?epci={LAVAL_AGGLO}&theme=voirie")
    html = start.content.decode()
    assert "fr-header" not in html and "fr-footer" not in html
    assert '<base target="_blank">' in html
    communes = Commune.objects.filter(epci_id=LAVAL_AGGLO).count()
    assert html.count("<option value=") == communes + 1  # and « Choisissez votre commune »
    assert 'name="theme" value="voirie"' in html and 'target="_self"' in html

    # A commune outside the intercommunality is not found there.
    outside = client.get(f"/widget/orientation/?epci={LAVAL_AGGLO}&commune=Gorron")
    assert outside.status_code == 200
    assert (
        "Aucune commune de cette intercommunalité ne correspond à « Gorron » : choisissez la "
        "vôtre dans la liste." in outside.content.decode()
    )

    chosen = client.get(f"/widget/orientation/?epci={LAVAL_AGGLO}&theme=voirie&commune=53130")
    assert chosen.status_code == 302
    assert chosen["Location"].startswith("/widget/orientation/projet/?")
    assert "theme=voirie" in chosen["Location"] and f"epci={LAVAL_AGGLO}" in chosen["Location"]

    project = client.get(chosen["Location"]).content.decode()
    assert '<option value="voirie" selected>' in project
    assert 'action="/widget/orientation/resultats/"' in project
    assert f'href="/widget/orientation/?theme=voirie&amp;epci={LAVAL_AGGLO}"' in project

    results = client.get(
        "/widget/orientation/resultats/",
        {"commune": "53130", "q": "un pont communal se fissure", "epci": LAVAL_AGGLO},
    )
    page = results.content.decode()
    assert results.status_code == 200 and "fr-header" not in page
    assert "Cette réponse vous a-t-elle aidé" not in page  # no form posting from a frame
    assert 'href="/widget/orientation/projet/?commune=53130' in page  # « Modifier »
    assert "/structures/" in page  # the fiches, on the full site (in a new tab)
    assert Journey.objects.latest("created_at").source == Journey.Source.WIDGET


def test_the_widget_of_a_departement_and_of_a_commune(client):
    found = client.get("/widget/orientation/", {"departement": "53", "commune": "Gorron"})
    assert found.status_code == 302 and "commune=53107" in found["Location"]
    assert "departement=53" in found["Location"]
    elsewhere = client.get("/widget/orientation/", {"departement": "72", "commune": "Gorron"})
    assert "Aucune commune ne correspond à « Gorron »" in elsewhere.content.decode()
    direct = client.get("/widget/orientation/", {"commune": "53130"})
    assert direct.status_code == 302 and direct["Location"].startswith(
        "/widget/orientation/projet/"
    )


def test_the_embed_page_composes_the_snippet(client, settings):
    settings.SITE_URL = "https://cartoinge.example.gouv.fr"
    settings.WIDGET_FRAME_ANCESTORS = [PARTNER]
    page = client.get(
        "/integrer/", {"portee": "epci", "code": LAVAL_AGGLO, "theme": "voirie", "hauteur": "900"}
    ).content.decode()
    assert (
        f"&lt;iframe src=&quot;https://cartoinge.example.gouv.fr/widget/orientation/?epci="
        f"{LAVAL_AGGLO}&amp;amp;theme=voirie&quot;" in page
    )
    assert "height=&quot;900&quot;" in page and "data-cartoinge" in page
    assert "https://cartoinge.example.gouv.fr/widget/cartoinge-widget.js" in page
    assert PARTNER in page  # who may show it today
    assert f'src="/widget/orientation/?epci={LAVAL_AGGLO}&amp;theme=voirie"' in page  # preview

    wrong = client.get("/integrer/", {"portee": "epci", "code": "123", "hauteur": "50"})
    text = wrong.content.decode()
    assert "Aucune intercommunalité de code « 123 »" in text
    assert "Indiquez une hauteur d&#x27;au moins 400 pixels." in text
    assert "/widget/orientation/&quot;" in text  # the plain snippet, still there

    settings.WIDGET_FRAME_ANCESTORS = []
    assert "aucun ne l'est encore" in client.get("/integrer/").content.decode()

    script = client.get("/widget/cartoinge-widget.js")
    assert script["Content-Type"].startswith("text/javascript")
    assert "cartoinge:hauteur" in script.content.decode()
