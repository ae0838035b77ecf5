"""The permission matrix: every role × every action, on pages, API and admin alike. A refusal
looks like a missing object (404) or a sign-in (302), never like a leak."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory, member_of, territory_admin
from accounts.models import CommuneAccess
from agenda.models import Event
from directory.models import Offre, Structure
from funding.models import Aid
from library.models import Resource
from peers.models import Realisation
from support.factories import SupportRequestFactory
from support.models import SupportRequest

pytestmark = pytest.mark.django_db

ROLES = [
    "visiteur", "demandeur", "elu", "membre", "membre-autre", "admin-structure",
    "admin-territoire", "admin-autre-territoire", "superutilisateur", "agent-epci", "agent-ddt",
]  # fmt: skip

ALLOWED = {  # action → roles allowed
    "lire la demande (espace)": {"membre", "admin-structure", "admin-territoire", "superutilisateur"},
    "traiter la demande": {"membre", "admin-structure", "admin-territoire", "superutilisateur"},
    "lire la demande (API)": {
        "demandeur", "elu", "membre", "admin-structure", "admin-territoire", "superutilisateur",
    },
    "modifier la fiche": {"membre", "admin-structure", "admin-territoire", "superutilisateur"},
    "modifier une offre": {"membre", "admin-structure", "admin-territoire", "superutilisateur"},
    "gérer les membres": {"admin-structure", "admin-territoire", "superutilisateur"},
    "file de modération": {"admin-territoire", "admin-autre-territoire", "superutilisateur"},
    "publier un appel à projets": {
        "membre", "admin-structure", "admin-territoire", "superutilisateur",
    },
    "modifier un appel à projets": {
        "membre", "admin-structure", "admin-territoire", "superutilisateur",
    },
    "relire un appel à projets": {"admin-territoire", "superutilisateur"},
    "proposer une réalisation de sa commune": {"elu"},
    "proposer une réalisation accompagnée": {"membre", "admin-structure"},
    "publier une réalisation": {"admin-territoire", "superutilisateur"},
    "annoncer une formation": {"membre", "admin-structure", "admin-territoire", "superutilisateur"},
    "publier une formation": {"admin-territoire", "superutilisateur"},
    "proposer une ressource": {"membre", "admin-structure", "admin-territoire", "superutilisateur"},
    "publier une ressource": {"admin-territoire", "superutilisateur"},
    "administration Django": {"superutilisateur"},
    "tableau de bord de l'intercommunalité": {
        "agent-epci", "agent-ddt", "admin-territoire", "superutilisateur",
    },
}  # fmt: skip


@pytest.fixture
def world():
    request = SupportRequestFactory(requester_email="maire@example.fr")  # ATD eau 53, Gorron
    structure = request.structure
    other = Structure.objects.get(slug="caue-53")
    users = {
        "visiteur": None,
        "demandeur": UserFactory(email="maire@example.fr"),
        "elu": UserFactory(email="adjoint@example.fr"),
        "membre": member_of(structure, email="membre@example.org"),
        "membre-autre": member_of(other, email="caue@example.org"),
        "admin-structure": member_of(structure, role="admin", email="chef@example.org"),
        "admin-territoire": territory_admin("53", email="ddt53@example.gouv.fr"),
        "admin-autre-territoire": territory_admin("72", email="ddt72@example.gouv.fr"),
        "superutilisateur": UserFactory(
            email="root@example.gouv.fr", is_superuser=True, is_staff=True
        ),
        "agent-epci": member_of(
            Structure.objects.get(epci=request.commune.epci_id), email="agent@epci.example"
        ),
        "agent-ddt": member_of(Structure.objects.get(slug="ddt-53"), email="agent@ddt53.example"),
    }
    CommuneAccess.objects.create(
        user=users["elu"], commune=request.commune, role="adjoint", status="approved"
    )
    users["membre"].is_staff = True  # even with the staff flag, no admin for members
    users["membre"].save()
    return request, structure, users


def attempt(client, action, request, structure):
    offre = Offre.objects.filter(structure=structure).first()
    if action == "lire la demande (espace)":
        return client.get(reverse("support:inbox_detail", args=[request.public_id]))
    if action == "traiter la demande":
        client.post(reverse("support:inbox_action", args=[request.public_id]), {"action": "take"})
        request.refresh_from_db()
        taken = request.status == SupportRequest.Status.TAKEN
        SupportRequest.objects.filter(pk=request.pk).update(status="nouvelle")
        return 200 if taken else 403
    if action == "lire la demande (API)":
        return client.get(f"/api/v1/demandes/{request.public_id}")
    if action == "modifier la fiche":
        return client.get(reverse("spaces:manage_structure", args=[structure.slug]))
    if action == "modifier une offre":
        return client.get(reverse("spaces:manage_offre", args=[offre.slug]))
    if action == "gérer les membres":
        return client.get(reverse("spaces:members", args=[structure.slug]))
    if action == "file de modération":
        return client.get(reverse("spaces:platform"))
    if action == "publier un appel à projets":
        return client.get(reverse("spaces:new_aid", args=[structure.slug]))
    if action in ("modifier un appel à projets", "relire un appel à projets"):
        aid = Aid.objects.create(
            source=Aid.Source.LOCAL,
            external_id="test",
            name="Appel test",
            backer=structure,
            scope=Aid.Scope.DEPARTEMENTAL,
            status=Aid.Status.PENDING,
        )
        if action == "modifier un appel à projets":
            return client.get(reverse("spaces:edit_aid", args=[aid.pk]))
        client.post(
            reverse("spaces:decide"), {"kind": "local_aid", "pk": aid.pk, "decision": "approve"}
        )
        aid.refresh_from_db()
        return 200 if aid.status == Aid.Status.PUBLISHED else 403
    if action == "proposer une réalisation de sa commune":
        return client.get("/espace/realisations/nouvelle/")
    if action == "proposer une réalisation accompagnée":
        return client.get(f"/espace/realisations/nouvelle/?structure={structure.slug}")
    if action == "publier une réalisation":
        realisation = Realisation.objects.create(
            source=Realisation.Source.PROPOSED,
            external_id="test",
            title="Test",
            commune=request.commune,
            year_start=2024,
            status=Realisation.Status.PENDING,
        )
        client.post(
            reverse("spaces:decide"),
            {"kind": "realisation", "pk": realisation.pk, "decision": "approve"},
        )
        realisation.refresh_from_db()
        return 200 if realisation.status == Realisation.Status.PUBLISHED else 403
    if action == "annoncer une formation":
        return client.get(reverse("spaces:new_event", args=[structure.slug]))
    if action == "publier une formation":
        event = Event.objects.create(
            title="Test",
            description="Test",
            organiser=structure,
            for_elected=True,
            starts_at=timezone.now() + timezone.timedelta(days=9),
            place="Laval",
        )
        client.post(
            reverse("spaces:decide"), {"kind": "event", "pk": event.pk, "decision": "approve"}
        )
        event.refresh_from_db()
        return 200 if event.status == Event.Status.PUBLISHED else 403
    if action == "proposer une ressource":
        return client.get(reverse("spaces:new_resource", args=[structure.slug]))
    if action == "publier une ressource":
        resource = Resource.objects.create(
            title="Test",
            summary="Test",
            kind="guide",
            url="https://example.org/",
            publisher=structure,
            published_on=timezone.localdate(),
        )
        client.post(
            reverse("spaces:decide"), {"kind": "resource", "pk": resource.pk, "decision": "approve"}
        )
        resource.refresh_from_db()
        return 200 if resource.status == Resource.Status.PUBLISHED else 403
    if action == "administration Django":
        return client.get("/admin/support/supportrequest/")
    if action == "tableau de bord de l'intercommunalité":
        return client.get(reverse("observatory:epci_dashboard", args=[request.commune.epci_id]))
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role, action):
    request, structure, users = world
    if users[role] is not None:
        client.force_login(users[role])
    response = attempt(client, action, request, structure)
    status = response if isinstance(response, int) else response.status_code
    if role in ALLOWED[action]:
        assert status == 200, (role, action, status)
    else:
        assert status in (302, 401, 403, 404), (role, action, status)
        if status == 302:
            assert "connexion" in response.url or "/admin/login/" in response.url


def test_a_member_changes_nothing_of_another_structure_by_posting(client, world):
    request, structure, users = world
    client.force_login(users["membre-autre"])
    response = client.post(
        reverse("spaces:manage_structure", args=[structure.slug]),
        {"action": "confirm"},
    )
    assert response.status_code == 404
    structure.refresh_from_db()
    assert structure.validation == Structure.Validation.TO_CONFIRM
    response = client.post(
        reverse("support:inbox_action", args=[request.public_id]),
        {"action": "message", "body": "intrusion"},
    )
    assert response.status_code == 404 and not request.messages.exists()


def test_the_inbox_lists_only_the_members_structure(client, world):
    request, structure, users = world
    SupportRequestFactory(offre=Offre.objects.get(slug="caue-53-conseil-amont"))
    client.force_login(users["membre"])
    page = client.get(reverse("support:inbox")).context["page"]
    assert {r.structure_id for r in page.object_list} == {structure.pk}
    client.force_login(users["membre-autre"])
    page = client.get(reverse("support:inbox")).context["page"]
    assert request.pk not in {r.pk for r in page.object_list}


def test_the_api_lists_what_each_account_may_see(client, world):
    request, structure, users = world
    assert client.get("/api/v1/demandes").status_code == 401
    client.force_login(users["membre-autre"])
    assert client.get("/api/v1/demandes").json()["count"] == 0
    client.force_login(users["demandeur"])
    body = client.get("/api/v1/demandes").json()
    assert body["count"] == 1 and body["results"][0]["id"] == str(request.public_id)
