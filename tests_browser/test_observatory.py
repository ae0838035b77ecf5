"""The observatory's dashboards in Chromium: charts drawn, their tables present, axe clean."""

import re

import pytest
from playwright.sync_api import expect

from accounts.factories import UserFactory
from accounts.models import TerritoryAdmin
from accounts.services import send_login_link
from tests_browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def drawn_bars(page) -> list[float]:
    return [
        float(w)
        for w in page.locator("rect.bars__bar").evaluate_all(
            "rects => rects.map(r => r.getAttribute('width'))"
        )
    ]


def test_public_dashboards(page):
    page.goto("/observatoire/")
    expect(page.get_by_role("heading", name=re.compile("^Observatoire"))).to_be_visible()
    # The 2023 survey, shipped: respondents, headline figures, its illegible cell, warnings.
    survey = page.locator("section[aria-labelledby=enquete]")
    assert "234 répondants" in survey.inner_text()
    assert (
        "32 % des participants connaissent la plateforme aides-territoires" in survey.inner_text()
    )
    expect(page.get_by_text("n.d. (valeur illisible dans la source : 681 %").first).to_be_visible()
    expect(page.get_by_text(re.compile("possible erreur de recopie")).first).to_be_visible()
    bars = drawn_bars(page)
    assert len(bars) == 40 and max(bars) == 96.0 and min(bars) > 0  # % drawn on a 0–100 scale
    assert page.locator("table caption", has_text="Besoins exprimés").count() == 1
    # Every cell coloured by its level (the seed directory now covers every theme of every EPCI
    # of the Mayenne at least twice: no gap to show there).
    assert page.locator("table.heatmap td[class*='heat--']").count() > 0
    assert_accessible(page)
    page.get_by_label("Répondants", exact=True).select_option("petites-communes")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**segment=petites-communes*")
    # needs by commune size: the illegible cell drawn empty and written « n.d. »
    assert page.locator(".bars__value", has_text="n.d.").count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="Couverture par intercommunalité").click()
    page.wait_for_url("**/observatoire/couverture/*")
    page.get_by_text("les types d'aide").click()  # the DSFR label covers its radio
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**axe=aides*")
    assert page.locator("table.heatmap tbody tr").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="Évolution des enquêtes").click()
    page.wait_for_url("**/observatoire/evolution/*")
    assert page.locator("table thead th", has_text="2023").count() == 1
    assert_accessible(page)


def test_activity_dashboard_for_the_territory_admin(page):
    admin = UserFactory(email="ddt.observatoire@example.gouv.fr")
    TerritoryAdmin.objects.get_or_create(user=admin, departement_id="53")
    page.goto(f"/compte/connexion/{send_login_link(admin.email)}/")
    page.get_by_role("button", name="Me connecter").click()
    page.wait_for_url("**/compte/")
    page.goto("/observatoire/activite/")
    expect(page.get_by_role("heading", name="Activité de la plateforme")).to_be_visible()
    assert page.locator("table caption", has_text="Demandes par structure").count() == 1
    assert_accessible(page)
    page.get_by_label("Du").fill("2026-12-31")
    page.get_by_label("Au").fill("2026-01-01")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_text("La fin de la période précède son début.")).to_be_visible()
    assert_accessible(page)


def test_an_intercommunality_dashboard_with_the_keyboard(page):
    """An agent of Laval Agglomération reads its dashboard on a phone, axe clean, and marks a
    mutualisation suggestion « en cours » with the keyboard."""
    from accounts.factories import member_of
    from directory.models import Structure
    from orientation.models import Journey
    from territories.models import Commune

    for commune in Commune.objects.filter(epci_id="200083392").order_by("code")[:2]:
        Journey.objects.create(
            commune=commune, epci_id="200083392", themes=["paysage"], aides=["strategie"]
        )
    agent = member_of(Structure.objects.get(epci_id="200083392"), email="agent@agglo.example")
    sign_in(page, agent.email)
    page.goto("/intercommunalites/200083392/tableau-de-bord/")
    expect(
        page.get_by_role("heading", name="Tableau de bord : CA Laval Agglomération")
    ).to_be_visible()
    expect(page.get_by_text("2 communes — piste : étude mutualisée")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Marquer la piste Paysage").focus()
    page.keyboard.press("ArrowDown")  # « En cours » is the first choice; then « Réalisée »
    page.get_by_role("button", name="Enregistrer l'état de la piste Paysage").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Piste « Paysage » :")).to_be_visible()
    assert_accessible(page)
