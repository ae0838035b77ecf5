"""The secretary's journey, page by page (the browser test walks the same one on a phone):
a results page becomes a project, two aids join its plan and its calendar, two requests
leave from it, the CAUE follows it and recommends, the project is shared, then finished."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from accounts.factories import member_of
from directory.models import Structure, Theme
from funding.factories import AidFactory
from outbox.models import OutgoingEmail
from projects.factories import ProjectFactory, commune_agent
from projects.models import FinancingLine, Follower, Project, Recommendation
from support.models import SupportRequest

pytestmark = pytest.mark.django_db

COMMUNE = "53199"  # Saint-Aubin-Fosse-Louvain, 209 inhabitants, CC du Bocage Mayennais


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _follow_link(client) -> str:
    page = client.get(
        reverse("orientation:results"),
        {"commune": COMMUNE, "q": "rénover la salle des fêtes et isoler sa toiture"},
    ).content.decode()
    return re.search(r'href="(/projets/nouveau/\?parcours=[0-9a-f-]+)"', page).group(1)


def _create(client) -> Project:
    link = _follow_link(client)
    form = client.get(link).content.decode()
    assert "rénover la salle des fêtes" in form and f'value="{COMMUNE}"' in form
    checked = re.findall(r'name="themes" value="(\d+)" checked', form)
    assert checked, "the themes the engine understood are checked"
    response = client.post(
        link,
        {
            "parcours": link.split("=")[1],
            "name": "Rénovation de la salle des fêtes",
            "description": "Rénover la salle des fêtes et isoler sa toiture.",
            "commune": COMMUNE,
            "maturity": "idee",
            "themes": checked,
            "budget": "180000",
        },
    )
    project = Project.objects.get(name="Rénovation de la salle des fêtes")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.journey is not None and list(
        project.communes.values_list("code", flat=True)
    ) == [COMMUNE]
    return project


def test_from_results_to_a_finished_project(client):
    secretary = commune_agent(COMMUNE, email="secretariat@mairie.example")
    client.force_login(secretary)
    project = _create(client)

    # Two aids from /financements/: lines « envisagé », deadlines in the calendar.
    energy = Theme.objects.get(slug="transition-energetique")
    aids = [AidFactory(themes=[energy]), AidFactory(name="Fonds de rénovation des salles")]
    for aid in aids:
        assert client.get(reverse("projects:add_aid", args=[aid.pk])).status_code == 200
        client.post(reverse("projects:add_aid", args=[aid.pk]), {"projet": project.public_id})
    assert project.financing.filter(status="envisage").count() == 2
    ics = Calendar.from_ical(client.get(_calendar_url(project)).content)
    summaries = sorted(str(e["summary"]) for e in ics.walk("VEVENT"))
    assert summaries == sorted(f"Clôture : {aid.name}" for aid in aids)

    # Two requests sent from the project are attached to it.
    for offre in ("caue-53-conseil-amont", "te53-energies-renouvelables"):
        response = client.post(reverse("support:new"), _request(offre, project))
        assert response.status_code == 302, response.content.decode()[:500]
    assert SupportRequest.objects.filter(dossier=project.public_id).count() == 2
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Aucune demande envoyée depuis ce projet" not in page

    # The CAUE is invited; its member is told at once.
    caue = Structure.objects.get(slug="caue-53")
    adviser = member_of(caue, email="conseil@caue.example")
    Structure.objects.filter(pk=caue.pk).update(has_receiving_member=True)
    act = lambda action: reverse("projects:act", args=[project.public_id, action])  # noqa: E731
    client.post(reverse("projects:invite", args=[project.public_id]), {"structure": caue.pk})
    assert OutgoingEmail.objects.filter(to="conseil@caue.example").exists()

    # The CAUE sets « en cours » and recommends; the commune marks it « faite ».
    client.force_login(adviser)
    assert project.name in client.get(reverse("projects:mine")).content.decode()
    follower = Follower.objects.get(project=project, structure=caue)
    client.post(act("suivi"), {"follower": follower.pk, "status": "en-cours"})
    client.post(
        act("recommander"),
        {
            "structure": caue.pk,
            "recommandation-kind": "ressource",
            "recommandation-title": "Fiche « salle des fêtes »",
        },
    )
    recommendation = Recommendation.objects.get(project=project)
    client.force_login(secretary)
    client.post(act("recommandation"), {"recommendation": recommendation.pk, "status": "faite"})
    recommendation.refresh_from_db()
    follower.refresh_from_db()
    assert (follower.status, recommendation.status) == ("en-cours", "faite")

    # The money moves, dated; an impossible move is refused in French.
    line = project.financing.first()
    client.post(act("ligne"), {"line": line.pk, "status": "demande", "on": "2026-11-02"})
    refused = client.post(act("ligne"), {"line": line.pk, "status": "verse", "on": "2026-11-03"})
    assert refused.status_code == 400
    assert "ne peut pas passer à « versé »" in refused.content.decode()
    line.refresh_from_db()
    assert line.status == FinancingLine.Status.REQUESTED and str(line.requested_on) == "2026-11-02"

    # Shared with the intercommunality, whose agents then see it; finished.
    client.post(act("partage"), {"shared_with_epci": "on"})
    epci_agent = member_of(Structure.objects.get(slug="epci-245300389"))
    client.force_login(epci_agent)
    assert client.get(project.get_absolute_url()).status_code == 200
    client.force_login(secretary)
    client.post(act("terminer"))
    project.refresh_from_db()
    assert project.state == Project.State.FINISHED

    # Finished, it becomes a réalisation (prefilled), with the CAUE as its helper.
    propose = reverse("spaces:propose_realisation") + f"?projet={project.public_id}"
    form = client.get(propose).content.decode()
    assert "Rénovation de la salle des fêtes" in form
    themes = re.findall(r'name="themes" value="(\d+)" checked', form)
    response = client.post(
        propose,
        {
            "commune_choice": COMMUNE,
            "title": "Rénovation de la salle des fêtes",
            "summary": "Isolation et toiture refaites.",
            "themes": themes,
            "year_start": "2026",
            "year_end": "2026",
            "total_cost": "175000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    project.refresh_from_db()
    realisation = project.realisation
    assert realisation.status == "pending"
    assert list(realisation.helpers.values_list("structure__slug", flat=True)) == ["caue-53"]


def _calendar_url(project):
    return reverse("projects:calendar", args=[project.public_id, project.calendar_token])


def _request(offre: str, project: Project) -> dict:
    return {
        "offre": offre,
        "offres": [offre],
        "commune": COMMUNE,
        "dossier": str(project.public_id),
        "project": project.description,
        "requester_name": "Camille Martin",
        "requester_role": "secretaire",
        "requester_email": "secretariat@mairie.example",
        "requester_phone": "",
        "consent": "on",
        "website": "",
    }


def test_a_form_with_mistakes_keeps_everything_and_says_what_to_fix(client):
    client.force_login(commune_agent(COMMUNE))
    response = client.post(
        reverse("projects:new"),
        {
            "name": "",
            "description": "Une aire de jeux",
            "commune": "Zzzville",
            "budget": "12 000 €",
            "other_communes": "Carelles\nNullepart",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Project.objects.exists()
    for message in (
        "Donnez un nom à votre projet.",
        "Aucune commune ne correspond à « Zzzville »",
        "Aucune commune ne correspond à « Nullepart »",
        "Saisissez un montant en euros",
    ):
        assert message in html
    assert "Une aire de jeux" in html and "Carelles" in html


def test_the_intercommunality_dashboard_counts_shared_projects_and_opens_them_to_its_agents(client):
    shared = ProjectFactory(communes=[COMMUNE], shared_with_epci=True, maturity="etude")
    ProjectFactory(communes=[COMMUNE])  # private: neither counted nor listed
    url = reverse("observatory:epci_dashboard", args=["245300389"])
    client.force_login(member_of(Structure.objects.get(slug="epci-245300389")))
    page = client.get(url).content.decode()
    assert "1 projet(s) que des communes" in page and shared.get_absolute_url() in page
    client.force_login(member_of(Structure.objects.get(slug="ddt-53")))
    page = client.get(url).content.decode()
    assert "1 projet(s) que des communes" in page and shared.name not in page


def test_lines_documents_and_milestones_are_added_or_refused_in_french(client):
    secretary = commune_agent(COMMUNE)
    project = ProjectFactory(communes=[COMMUNE], members=[secretary])
    client.force_login(secretary)
    act = lambda action: reverse("projects:act", args=[project.public_id, action])  # noqa: E731
    client.post(
        act("financement"),
        {"funder": "Région", "scheme": "Pays de la Loire Relance", "amount": "30000"},
    )
    client.post(
        act("document"),
        {"document-title": "Étude de faisabilité", "document-url": "exemple.fr/etude.pdf"},
    )
    refused = client.post(act("etape"), {"date": "31/02/2027", "label": "Permis"})
    html = refused.content.decode()
    assert refused.status_code == 400 and "Saisissez une date au format jj/mm/aaaa." in html
    assert 'value="Permis"' in html  # what was typed is kept
    assert project.financing.get().amount == 30000
    assert project.documents.get().url == "https://exemple.fr/etude.pdf"
    assert list(project.activities.values_list("text", flat=True)) == [
        "Document ajouté : Étude de faisabilité",
        "Ligne ajoutée au plan de financement : Région",
    ]


def test_a_money_step_dated_before_the_previous_one_is_refused_and_the_date_kept(client):
    secretary = commune_agent(COMMUNE)
    project = ProjectFactory(communes=[COMMUNE], members=[secretary])
    line = project.financing.create(funder="État", scheme="DETR", amount=50000)
    client.force_login(secretary)
    act = reverse("projects:act", args=[project.public_id, "ligne"])
    client.post(act, {"line": line.pk, "status": "demande", "on": "2026-10-01"})
    refused = client.post(act, {"line": line.pk, "status": "obtenu", "on": "2026-09-01"})
    html = refused.content.decode()
    assert refused.status_code == 400 and "précède l&#x27;étape d&#x27;avant (01/10/2026)" in html
    assert 'value="2026-09-01"' in html
    line.refresh_from_db()
    assert line.status == "demande"


def test_only_the_teams_requests_are_shown_with_the_project(client):
    secretary = commune_agent(COMMUNE, email="mairie@saint-aubin.example")
    project = ProjectFactory(communes=[COMMUNE], members=[secretary])
    from support.factories import SupportRequestFactory

    SupportRequestFactory(
        commune_id=COMMUNE, dossier=project.public_id, requester_email="mairie@saint-aubin.example"
    )
    SupportRequestFactory(
        commune_id=COMMUNE, dossier=project.public_id, requester_email="quelquun@ailleurs.example"
    )
    client.force_login(secretary)
    page = client.get(project.get_absolute_url()).content.decode()
    assert page.count("Agence technique") + page.count("ATD") >= 1
    from projects import pages

    assert len(pages.sent_from(project, list(project.communes.all()))) == 1


def test_a_finished_project_is_proposed_as_a_realisation_once(client):
    secretary = commune_agent(COMMUNE)
    project = ProjectFactory(communes=[COMMUNE], members=[secretary], state="termine")
    client.force_login(secretary)
    url = reverse("spaces:propose_realisation") + f"?projet={project.public_id}"
    building = Theme.objects.get(slug="architecture-batiment")
    data = {"commune_choice": COMMUNE, "title": "Salle rénovée", "summary": "Fait.",
            "themes": [building.pk], "year_start": "2026"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    client.post(url, data)  # the page reloaded
    project.refresh_from_db()
    assert project.realisation is not None
    from peers.models import Realisation

    assert Realisation.objects.filter(title="Salle rénovée").count() == 1


def test_projects_shared_with_the_intercommunality_make_pooling_suggestions():
    from observatory import pooling

    voirie = Theme.objects.get(slug="voirie")
    for code in ("53199", "53047"):  # two communes of the Bocage Mayennais
        project = ProjectFactory(communes=[code], shared_with_epci=True)
        project.themes.set([voirie])
    ProjectFactory(communes=["53131"]).themes.set([voirie])  # private: not a shared need
    found = [s for s in pooling.refresh(["245300389"]) if s.theme_id == voirie.pk]
    assert len(found) == 1
    assert found[0].communes == ["53047", "53199"] and found[0].named == ["53047", "53199"]
