"""The secretary of a 209-inhabitant commune, on a phone and with the keyboard only, turns a
results page into a project, adds two aids, sends two requests from it and invites the
CAUE; a CAUE member follows it and recommends; the commune marks the recommendation done,
shares the project with its intercommunality and, finished, publishes it as a réalisation.
axe-core on every page."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from accounts.factories import UserFactory
from accounts.models import Membership
from directory.models import Structure, Theme
from funding.factories import AidFactory
from projects.factories import commune_agent
from projects.models import Follower, Project, Recommendation
from support.models import SupportRequest
from tests_browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

SECRETARY = "secretariat.saint-aubin@example.fr"
ADVISER = "conseil.projets@caue53.example.org"
COMMUNE = "53199"  # Saint-Aubin-Fosse-Louvain, 209 inhabitants


def press(page, locator) -> None:
    """Reach a control with the keyboard and use it."""
    locator.focus()
    page.keyboard.press("Enter")


def test_a_commune_project_from_results_to_realisation(page):
    cache.clear()
    commune_agent(COMMUNE, email=SECRETARY)
    energy = Theme.objects.get(slug="transition-energetique")
    building = Theme.objects.get(slug="architecture-batiment")
    deadline = timezone.localdate() + timezone.timedelta(days=40)
    aids = [
        AidFactory(name=f"Rénovation énergétique des bâtiments publics {n}", themes=[energy, building],
                   submission_deadline=deadline)
        for n in (1, 2)
    ]  # fmt: skip
    sign_in(page, SECRETARY)

    # 1. The results page → 2. the prefilled form → the project: two steps.
    page.goto(f"/orientation/resultats/?commune={COMMUNE}&q=isoler+la+salle+des+fêtes")
    press(page, page.get_by_role("link", name="Suivre ce projet dans mon espace"))
    page.wait_for_url("**/projets/nouveau/?parcours=*")
    assert page.get_by_label("Commune porteuse").input_value() == COMMUNE
    assert_accessible(page)
    page.get_by_label("Nom du projet").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Isolation de la salle des fêtes")
    press(page, page.get_by_role("button", name="Créer le projet"))
    page.wait_for_url(re.compile(r".*/projets/[0-9a-f-]{36}/$"))
    project = Project.objects.get(name="Isolation de la salle des fêtes")
    expect(page.get_by_role("heading", name="Isolation de la salle des fêtes")).to_be_visible()
    assert_accessible(page)

    # Two aids into the financing plan; their deadlines into the project's calendar.
    for aid in aids:
        press(page, page.get_by_role("button", name=f"Ajouter au plan de financement : {aid.name}"))
        expect(page.get_by_text("L'aide est ajoutée au plan de financement")).to_be_visible()
    calendar = page.locator("#calendrier ~ p a, section:has(#calendrier) a[href$='.ics']").first
    address = calendar.get_attribute("href")  # with the site's address (SITE_URL), to subscribe
    ics = page.request.get("/" + address.split("://", 1)[1].split("/", 1)[1]).text()
    assert all(f"Clôture : {aid.name}" in ics.replace("\r\n ", "") for aid in aids)

    # Requests to two structures, from the project.
    for n in range(2):
        helper = page.locator("section:has(#aide) li").nth(n * 3)  # each helper and its buttons
        press(page, helper.get_by_role("link", name=re.compile("^Demander un accompagnement")))
        page.wait_for_url("**/demandes/nouvelle/?*")
        assert page.get_by_label("Votre adresse électronique").input_value() == SECRETARY
        page.get_by_label("Vos prénom et nom").focus()
        page.keyboard.type("Dominique Petit")
        page.get_by_label("Votre fonction").select_option("secretaire")
        consent = page.locator("input[name=consent]")
        consent.focus()
        page.keyboard.press("Space")
        press(page, page.get_by_role("button", name="Envoyer ma demande"))
        page.wait_for_url("**/demandes/envoyee/*/")
        page.goto(project.get_absolute_url())
    assert SupportRequest.objects.filter(dossier=project.public_id).count() == 2

    # The CAUE is invited; the list said before whether it receives requests.
    caue = Structure.objects.get(slug="caue-53")
    Membership.objects.get_or_create(user=UserFactory(email=ADVISER), structure=caue)
    press(page, page.get_by_role("link", name="Inviter une structure"))
    page.wait_for_url("**/inviter/")
    assert_accessible(page)
    invite = page.get_by_label("Structure à inviter")
    invite.select_option(str(caue.pk))
    press(page, page.get_by_role("button", name="Inviter la structure"))
    expect(page.get_by_role("status").get_by_text(re.compile("invitée|inscrite"))).to_be_visible()
    assert_accessible(page)

    # A file (the quote for the roof) among the project's documents, private to the project.
    press(page, page.get_by_text("Ajouter un document (un fichier ou un lien)"))
    page.get_by_label(re.compile("^Fichier")).set_input_files(
        files=[
            {
                "name": "Devis isolation.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.7\n%%EOF\n",
            }
        ]
    )
    press(page, page.get_by_role("button", name="Ajouter le document"))
    expect(page.get_by_text("Le document est ajouté")).to_be_visible()
    expect(page.get_by_role("link", name="Devis isolation")).to_be_visible()
    assert_accessible(page)

    # A CAUE member sets « en cours » and recommends.
    page.context.clear_cookies()
    sign_in(page, ADVISER)
    page.goto("/projets/")
    press(page, page.get_by_role("link", name="Isolation de la salle des fêtes").first)
    page.wait_for_url(re.compile(r".*/projets/[0-9a-f-]{36}/$"))
    assert_accessible(page)
    page.get_by_label("Votre suivi").select_option("en-cours")
    press(page, page.get_by_role("button", name="Enregistrer").first)
    expect(
        page.get_by_role("status").get_by_text(re.compile("Suivi de .* : En cours"))
    ).to_be_visible()
    page.get_by_label("Une ressource").focus()
    page.keyboard.press("Space")
    page.get_by_label("Intitulé", exact=True).fill("Guide de l'isolation des salles communales")
    press(page, page.get_by_role("button", name="Recommander"))
    expect(page.get_by_text("Votre recommandation est transmise à la commune")).to_be_visible()
    assert Follower.objects.get(project=project, structure=caue).status == "en-cours"

    # The commune marks it done, shares the project with its intercommunality, finishes it.
    page.context.clear_cookies()
    sign_in(page, SECRETARY)
    page.goto(project.get_absolute_url())
    recommendation = Recommendation.objects.get(project=project)
    page.locator(f"#reco-{recommendation.pk}").select_option("faite")
    press(page, page.get_by_role("button", name=f"Enregistrer : {recommendation.title}"))
    expect(
        page.get_by_role("status").get_by_text(re.compile("Recommandation .* : faite"))
    ).to_be_visible()
    share = page.get_by_label("Partager avec l'intercommunalité")
    share.focus()
    page.keyboard.press("Space")
    press(page, page.get_by_role("button", name="Enregistrer le partage"))
    expect(page.get_by_text("Le partage du projet est enregistré")).to_be_visible()
    press(page, page.get_by_role("button", name="Marquer le projet comme terminé"))
    expect(page.get_by_text("Le projet est terminé")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Publier comme réalisation"))
    page.wait_for_url("**/espace/realisations/nouvelle/?projet=*")
    assert_accessible(page)
    assert page.get_by_label("Intitulé").input_value() == "Isolation de la salle des fêtes"
    press(page, page.get_by_role("button", name="Envoyer pour relecture"))
    page.wait_for_url("**/compte/")
    project.refresh_from_db()
    assert project.state == "termine" and project.realisation is not None

    # The intercommunality's agent sees it counted and listed on the dashboard.
    page.context.clear_cookies()
    agent = "agent.projets@bocage-mayennais.example.fr"
    Membership.objects.get_or_create(
        user=UserFactory(email=agent), structure=Structure.objects.get(slug="epci-245300389")
    )
    sign_in(page, agent)
    page.goto("/intercommunalites/245300389/tableau-de-bord/")
    expect(page.get_by_role("link", name="Isolation de la salle des fêtes")).to_be_visible()
    assert_accessible(page)
