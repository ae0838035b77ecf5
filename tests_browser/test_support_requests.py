"""A mayor asks two structures for help; a structure member signs in with the e-mailed link,
takes the request and re-routes it; the mayor sees the new status. axe-core on every page."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from accounts.factories import UserFactory
from accounts.models import Membership
from outbox.models import OutgoingEmail
from support.models import SupportRequest
from support.routing import route
from tests_browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

MAYOR = "mairie.gorron@example.fr"
AGENT = "agent.atd@example.org"


def last_link(email: str, pattern: str) -> str:
    body = OutgoingEmail.objects.filter(to=email).latest("pk").body
    return re.search(pattern, body).group(0)


def test_request_to_two_structures_then_taken_and_rerouted(page):
    cache.clear()  # rate limits counted by earlier tests in this process
    page.goto(
        "/orientation/resultats/?commune=53107&q=diagnostic+de+notre+assainissement+collectif"
    )
    first = page.locator("ol.results > li").first
    structure_name = first.locator("p").first.inner_text()
    first.get_by_role("link", name=re.compile("^Demander un accompagnement")).click()
    page.wait_for_url("**/demandes/nouvelle/?*")
    assert page.get_by_label("Votre commune").input_value() == "53107"
    assert_accessible(page)
    # The chosen offer is ticked; send it to another structure as well.
    boxes = page.locator("input[name=offres]")
    assert boxes.first.is_checked()
    page.locator(f"label[for={boxes.nth(1).get_attribute('id')}]").click()  # DSFR: the label
    page.get_by_label("Votre projet, en quelques lignes").fill(
        "Diagnostic de notre assainissement collectif : la station date de 1985."
    )
    page.get_by_label("Vos prénom et nom").fill("Camille Martin")
    page.get_by_label("Votre fonction").select_option("maire")
    page.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    page.get_by_text(re.compile("^J'accepte que ces informations")).click()
    page.get_by_role("button", name="Envoyer ma demande").click()
    # A bad address: explained next to the field, nothing typed is lost.
    expect(page.get_by_text("Saisissez une adresse électronique valide")).to_be_visible()
    assert page.get_by_label("Vos prénom et nom").input_value() == "Camille Martin"
    assert_accessible(page)
    page.get_by_label("Votre adresse électronique").fill(MAYOR)
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url("**/demandes/envoyee/*/")
    expect(page.get_by_role("heading", name="Votre demande est envoyée")).to_be_visible()
    assert_accessible(page)
    requests = SupportRequest.objects.filter(requester_email=MAYOR)
    assert requests.count() == 2
    request = requests.get(structure__name__in=[structure_name.split(". ", 1)[-1].split(" (")[0]])
    follow_links = re.findall(
        r"/demandes/suivi/[^/\s]+/", OutgoingEmail.objects.filter(to=MAYOR).latest("pk").body
    )
    assert len(follow_links) == 2

    # A member of the first structure signs in with the link sent by e-mail.
    Membership.objects.create(user=UserFactory(email=AGENT), structure=request.structure)
    page.goto("/compte/connexion/")
    assert_accessible(page)
    page.get_by_label("Votre adresse électronique").fill(AGENT)
    page.get_by_role("button", name="Recevoir mon lien de connexion").click()
    page.wait_for_url("**/compte/connexion/envoyee/")
    page.goto(last_link(AGENT, r"/compte/connexion/[^/\s]+/"))
    page.get_by_role("button", name="Me connecter").click()
    page.wait_for_url("**/compte/")
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir les demandes reçues").click()
    page.wait_for_url("**/espace/demandes/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Diagnostic de notre assainissement")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Prendre en charge").click()
    expect(page.get_by_text("Vous avez pris en charge la demande")).to_be_visible()
    page.get_by_label("Structure plus adaptée").select_option(index=1)
    page.get_by_label("Message pour le demandeur et la structure (facultatif)").fill(
        "Une structure plus proche de votre projet va vous répondre."
    )
    page.get_by_role("button", name="Réorienter").click()
    page.wait_for_url("**/espace/demandes/")
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.REROUTED

    # The mayor, on their own device, sees the new status on the follow page.
    page.context.clear_cookies()
    for link in follow_links:
        page.goto(link)
        if "Réorientée" in page.locator("main").inner_text():
            break
    expect(page.get_by_text("Réorientée vers une autre structure").first).to_be_visible()
    expect(page.get_by_text("Une structure plus proche de votre projet")).to_be_visible()
    assert_accessible(page)


def test_launch_day_a_request_to_a_structure_without_member_reaches_the_team(page, settings):
    """Nobody has joined yet: the page says who will answer before sending, with the keyboard
    only, on a phone; the e-mail goes to the platform team."""
    cache.clear()
    settings.PLATFORM_EMAIL = "equipe-plateforme@example.gouv.fr"
    page.goto("/demandes/nouvelle/?offre=te53-eclairage-public&commune=53271")
    notice = page.locator("#transmission")
    assert "ne reçoit pas encore les demandes par Carto'Ingé" in notice.inner_text()
    assert "vous répond sous 5 jours ouvrés" in notice.inner_text()
    assert_accessible(page)
    page.get_by_label("Votre projet, en quelques lignes").focus()
    page.keyboard.type("Remplacer les lampadaires de la rue principale par des LED.")
    page.keyboard.press("Tab")  # to the theme, then on through the form
    page.get_by_label("Vos prénom et nom").focus()
    page.keyboard.type("Dominique Petit")
    page.get_by_label("Votre fonction").focus()
    page.keyboard.press("ArrowDown")  # the first role
    page.get_by_label("Votre adresse électronique").focus()
    page.keyboard.type("secretariat.villaines@example.fr")
    consent = page.locator("input[name=consent]")
    consent.focus()
    page.keyboard.press("Space")
    assert consent.is_checked()
    page.get_by_role("button", name="Envoyer ma demande").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/demandes/envoyee/*/")
    assert "ne reçoit pas encore les demandes par Carto'Ingé" in page.content().replace(
        "&#x27;", "'"
    )
    request = SupportRequest.objects.get(requester_email="secretariat.villaines@example.fr")
    team = route(
        request.structure, "53"
    )  # its admins if an earlier test made some, else the address
    assert team.emails and not team.direct
    for email in team.emails:
        assert OutgoingEmail.objects.filter(to=email, body__contains=request.commune.name).exists()
    assert_accessible(page)
