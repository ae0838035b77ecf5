"""Who sees and does what on a project: every role, every kind of action, both ways."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory, member_of, territory_admin
from accounts.models import CommuneAccess, Membership
from directory.models import Structure
from projects.factories import ProjectFactory, commune_agent
from projects.models import Follower, Milestone, Project

pytestmark = pytest.mark.django_db

CARRIERS = ["53199", "53047"]  # Saint-Aubin-Fosse-Louvain and Carelles (Bocage Mayennais)


@pytest.fixture
def world():
    creator = UserFactory()
    project = ProjectFactory(communes=CARRIERS, members=[creator])
    caue = Structure.objects.get(slug="caue-53")
    Follower.objects.create(project=project, structure=caue)
    pending = UserFactory()
    CommuneAccess.objects.create(user=pending, commune_id="53199", role="maire")
    accounts = {
        "creator": creator,
        "commune A": commune_agent("53199"),
        "commune B": commune_agent("53047"),
        "third commune": commune_agent("53131"),
        "access not confirmed": pending,
        "invited CAUE": member_of(caue),
        "structure not invited": member_of(Structure.objects.get(slug="soliha-53")),
        "carriers' EPCI": member_of(Structure.objects.get(slug="epci-245300389")),
        "DDT": member_of(Structure.objects.get(slug="ddt-53")),
        "platform team 53": territory_admin("53"),
        "platform team 72": territory_admin("72"),
        "superuser": UserFactory(is_superuser=True),
        "anonymous": None,
    }
    return project, accounts


# role → (sees it, edits it, advises) when the project is private, then when shared with
# the intercommunality and the State's services.
PRIVATE = {
    "creator": "VE-", "commune A": "VE-", "commune B": "VE-", "third commune": "---",
    "access not confirmed": "---", "invited CAUE": "V-A", "structure not invited": "---",
    "carriers' EPCI": "---", "DDT": "---", "platform team 53": "---",
    "platform team 72": "---", "superuser": "VE-", "anonymous": "---",
}  # fmt: skip
SHARED = {**PRIVATE, "carriers' EPCI": "V--", "DDT": "V--", "platform team 53": "V--"}


def _rights(client, project, user) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    seen = client.get(project.get_absolute_url()).status_code == 200
    edits = client.get(reverse("projects:edit", args=[project.public_id])).status_code == 200
    milestone = client.post(
        reverse("projects:act", args=[project.public_id, "etape"]),
        {"date": "2027-03-01", "label": "Dépôt du permis"},
    )
    wrote = Milestone.objects.filter(project=project).delete()[0] > 0
    assert edits == wrote, milestone.status_code
    follower = Follower.objects.get(project=project)
    client.post(
        reverse("projects:act", args=[project.public_id, "suivi"]),
        {"follower": follower.pk, "status": "en-cours"},
    )
    follower.refresh_from_db()
    advised = follower.status == "en-cours"
    Follower.objects.filter(pk=follower.pk).update(status="nouveau")
    return ("V" if seen else "-") + ("E" if edits else "-") + ("A" if advised else "-")


@pytest.mark.parametrize("shared", [False, True], ids=["prive", "partage"])
def test_each_role_sees_edits_and_advises_only_what_it_may(client, world, shared):
    project, accounts = world
    project.shared_with_epci = project.shared_with_state = shared
    project.save()
    expected = SHARED if shared else PRIVATE
    found = {role: _rights(client, project, user) for role, user in accounts.items()}
    assert found == expected


def test_a_project_nobody_may_see_is_a_404_not_a_403(client, world):
    project, accounts = world
    client.force_login(accounts["third commune"])
    for url in (
        project.get_absolute_url(),
        reverse("projects:export", args=[project.public_id]),
        reverse("projects:edit", args=[project.public_id]),
    ):
        assert client.get(url).status_code == 404


def test_the_calendar_opens_with_its_token_only(client, world):
    project, _ = world
    url = reverse("projects:calendar", args=[project.public_id, project.calendar_token])
    assert client.get(url).status_code == 200
    wrong = reverse("projects:calendar", args=[project.public_id, "x" * 32])
    assert client.get(wrong).status_code == 404


def test_internal_notes_stay_between_the_structures(client, world):
    project, accounts = world
    client.force_login(accounts["invited CAUE"])
    url = reverse("projects:act", args=[project.public_id, "message"])
    caue = Structure.objects.get(slug="caue-53").pk
    client.post(
        url, {"body": "Entre nous : le bâtiment est classé ?", "internal": "on", "structure": caue}
    )
    client.post(url, {"body": "Nous pouvons venir sur place en mars.", "structure": caue})
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Entre nous" in page and "venir sur place" in page
    client.force_login(accounts["commune A"])
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Entre nous" not in page and "venir sur place" in page


def test_the_lists_of_a_structure_and_of_a_guichet(client, world):
    project, accounts = world
    caue_list = reverse("projects:structure_list", args=["caue-53"])
    client.force_login(accounts["invited CAUE"])
    assert project.name in client.get(caue_list).content.decode()
    assert project.name not in client.get(caue_list, {"statut": "termine"}).content.decode()
    client.force_login(accounts["structure not invited"])
    assert client.get(caue_list).status_code == 404
    guichet = reverse("projects:departement_list", args=["53"])
    client.force_login(accounts["DDT"])
    assert project.name not in client.get(guichet).content.decode()  # not shared
    project.shared_with_state = True
    project.save()
    assert project.name in client.get(guichet).content.decode()
    client.force_login(accounts["platform team 72"])
    assert client.get(guichet).status_code == 404


def test_the_api_gives_a_project_to_whom_may_see_it_in_the_export_format(client, world):
    project, accounts = world
    url = f"/api/v1/projets/{project.public_id}"
    assert client.get(url).status_code == 401
    client.force_login(accounts["third commune"])
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/projets").json()["count"] == 0
    client.force_login(accounts["commune B"])
    found = client.get(url).json()
    assert found["id"] == str(project.public_id) and found["format"] == "carto-inge/projet/1"
    assert [c["insee"] for c in found["porteurs"]["communes"]] == ["53047", "53199"]
    assert found["porteurs"]["communes"][0]["siren"]  # the SIREN of the commune
    assert client.get("/api/v1/projets").json()["count"] == 1
    export = client.get(reverse("projects:export", args=[project.public_id])).json()
    assert export == found
    # The same project in the public schema of « Les communs » (projets 0.1.0).
    communs = found["communs"]
    assert communs["format"].endswith("/projets/0.1.0") and communs["id"] == found["id"]
    assert communs["phase"] in {"Idée", "Étude", "Opération"}
    assert {c["codeInsee"] for c in communs["collectivites"]} == {"53047", "53199"}
    assert all(c["type"] == "Commune" and len(c["siren"]) == 9 for c in communs["collectivites"])
    assert not any("referent" in key.lower() for key in communs)  # never a person
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/projets/{public_id}" in paths


def test_who_only_sees_a_shared_project_cannot_write_in_it(client, world):
    project, accounts = world
    project.shared_with_epci = project.shared_with_state = True
    project.save()
    url = reverse("projects:act", args=[project.public_id, "message"])
    for role in ("carriers' EPCI", "DDT", "platform team 53"):
        client.force_login(accounts[role])
        assert client.post(url, {"body": "Bonjour"}).status_code == 404
    assert not project.notes.exists()


def test_a_project_opened_by_someone_unconfirmed_stays_a_private_draft(client):
    stranger = UserFactory()  # signed in, no confirmed access to any commune
    client.force_login(stranger)
    client.post(
        reverse("projects:new"),
        {
            "name": "Projet au nom d'une autre commune",
            "description": "Rien.",
            "commune": "53130",
            "maturity": "idee",
        },
    )
    project = Project.objects.get(name="Projet au nom d'une autre commune")
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Votre accès à la commune n&#x27;est pas encore confirmé" in page
    invite = reverse("projects:invite", args=[project.public_id])
    caue = Structure.objects.get(slug="caue-53")
    assert client.post(invite, {"structure": caue.pk}).status_code == 302
    share = reverse("projects:act", args=[project.public_id, "partage"])
    refused = client.post(share, {"shared_with_state": "on"})
    member = reverse("projects:act", args=[project.public_id, "equipe"])
    client.post(member, {"email": "quelquun@example.org"})
    project.refresh_from_db()
    assert refused.status_code == 400 and not project.shared_with_state
    assert not project.followers.exists() and project.members.count() == 1
    assert "pas encore confirmé" in refused.content.decode()


def test_unsharing_takes_the_project_away_from_who_took_it_up(client, world):
    project, accounts = world
    project.shared_with_epci = True
    project.save()
    client.force_login(accounts["carriers' EPCI"])
    epci = Structure.objects.get(slug="epci-245300389")
    client.post(
        reverse("projects:act", args=[project.public_id, "rejoindre"]), {"structure": epci.pk}
    )
    assert project.followers.filter(structure=epci, invited=False).exists()
    client.force_login(accounts["commune A"])
    client.post(reverse("projects:act", args=[project.public_id, "partage"]), {})
    assert not project.followers.filter(structure=epci).exists()
    assert project.followers.filter(structure__slug="caue-53").exists()  # invited: stays
    client.force_login(accounts["carriers' EPCI"])
    assert client.get(project.get_absolute_url()).status_code == 404


def test_the_team_removes_people_and_changes_the_calendar_address(client, world):
    project, accounts = world
    client.force_login(accounts["commune A"])
    old = reverse("projects:calendar", args=[project.public_id, project.calendar_token])
    client.post(reverse("projects:act", args=[project.public_id, "calendrier"]))
    assert client.get(old).status_code == 404
    member = project.members.get(user=accounts["creator"])
    client.post(reverse("projects:act", args=[project.public_id, "retirer"]), {"membre": member.pk})
    client.force_login(accounts["creator"])
    assert client.get(project.get_absolute_url()).status_code == 404


def test_an_adviser_of_two_structures_on_the_dossier_chooses_which_one_speaks(client, world):
    project, accounts = world
    soliha = Structure.objects.get(slug="soliha-53")
    Follower.objects.create(project=project, structure=soliha)
    both = accounts["invited CAUE"]
    Membership.objects.create(user=both, structure=soliha)
    client.force_login(both)
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'id="recommandation-structure"' in page and "Au nom de" in page
    client.post(
        reverse("projects:act", args=[project.public_id, "recommander"]),
        {
            "structure": soliha.pk,
            "recommandation-kind": "contact",
            "recommandation-title": "Le conseiller habitat",
        },
    )
    assert project.recommendations.get().structure == soliha
