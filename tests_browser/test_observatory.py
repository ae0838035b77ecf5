"""The observatory's dashboards in Chromium: charts drawn, their tables present, axe clean."""

import re

import pytest

from accounts.models import TerritoryAdmin
from accounts.services import send_login_link
from support.tests.factories import UserFactory
from tests_browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def drawn_bars(page) -> list[float]:
    return [float(w) for w in page.locator("rect.bars__bar").evaluate_all(
        "rects => rects.map(r => r.getAttribute('width'))"
    )]  # fmt: skip


def test_public_dashboards(page):
    page.goto("/observatoire/")
    assert page.get_by_role("heading", name=re.compile("^Observatoire")).is_visible()
    # The 2023 survey, shipped: respondents, headline figures, its illegible cell, warnings.
    survey = page.locator("section[aria-labelledby=enquete]")
    assert "234 répondants" in survey.inner_text()
    assert (
        "32 % des participants connaissent la plateforme aides-territoires" in survey.inner_text()
    )
    assert page.get_by_text("n.d. (valeur illisible dans la source : 681 %").first.is_visible()
    assert page.get_by_text(re.compile("possible erreur de recopie")).first.is_visible()
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
    assert page.get_by_role("heading", name="Activité de la plateforme").is_visible()
    assert page.locator("table caption", has_text="Demandes par structure").count() == 1
    assert_accessible(page)
    page.get_by_label("Du").fill("2026-12-31")
    page.get_by_label("Au").fill("2026-01-01")
    page.get_by_role("button", name="Afficher").click()
    assert page.get_by_text("La fin de la période précède son début.").is_visible()
    assert_accessible(page)
