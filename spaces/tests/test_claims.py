"""« C'est ma structure »: automatic on the structure's website domain, otherwise decided by
the platform team of its département; the first member administers the fiche; a claimant sees
no request of the structure before approval."""

import pytest
from django.urls import reverse

from accounts.models import Claim, Membership
from directory.models import Structure
from history.models import Change
from outbox.models import OutgoingEmail
from support.tests.factories import SupportRequestFactory, UserFactory, territory_admin

pytestmark = pytest.mark.django_db


def test_an_address_on_the_structure_s_domain_joins_at_once_as_administrator(client):
    caue = Structure.objects.get(slug="caue-53")  # https://caue53.com
    agent = UserFactory(email="direction@caue53.com")
    client.force_login(agent)
    response = client.post(reverse("directory:claim", args=[caue.slug]))
    assert response.status_code == 302
    assert response.url == reverse("directory:manage_structure", args=[caue.slug])
    membership = Membership.objects.get(user=agent, structure=caue)
    assert membership.role == Membership.Role.ADMIN  # the first member
    assert Change.objects.filter(object_id=caue.pk, action="rattachement").exists()
    second = UserFactory(email="accueil@www.caue53.com")
    client.force_login(second)
    client.post(reverse("directory:claim", args=[caue.slug]))
    assert Membership.objects.get(user=second).role == Membership.Role.MEMBER


def test_another_address_waits_for_the_platform_team_and_sees_nothing_before(client, settings):
    settings.PLATFORM_EMAIL = "equipe-plateforme@example.gouv.fr"
    atd = Structure.objects.get(slug="atd-eau-53")
    SupportRequestFactory(structure=atd)
    agent = UserFactory(email="agent.eau@gmail.example")
    client.force_login(agent)
    client.post(reverse("directory:claim", args=[atd.slug]))
    claim = Claim.objects.get(user=agent, structure=atd, status=Claim.Status.PENDING)
    assert OutgoingEmail.objects.filter(to="equipe-plateforme@example.gouv.fr").exists()
    page = client.get(atd.get_absolute_url()).content.decode()
    assert "Votre demande de rattachement est en cours d" in page
    assert client.get(reverse("support:inbox")).content.decode().count("Diagnostic") == 0
    client.force_login(territory_admin("53"))
    assert "agent.eau@gmail.example" in client.get(reverse("support:platform")).content.decode()
    client.post(reverse("support:decide"), {"kind": "claim", "pk": claim.pk, "decision": "approve"})
    assert Membership.objects.get(user=agent, structure=atd).role == Membership.Role.ADMIN
    assert OutgoingEmail.objects.filter(to=agent.email).exists()


def test_a_claim_needs_a_signed_in_account_and_another_territory_cannot_decide(client):
    caue = Structure.objects.get(slug="caue-53")
    response = client.post(reverse("directory:claim", args=[caue.slug]))
    assert response.status_code == 302 and "/compte/connexion/" in response.url
    assert "C&#x27;est ma structure : me connecter" in client.get(
        caue.get_absolute_url()
    ).content.decode() or (
        "C'est ma structure : me connecter" in client.get(caue.get_absolute_url()).content.decode()
    )
    agent = UserFactory(email="quelqu.un@example.fr")
    client.force_login(agent)
    client.post(reverse("directory:claim", args=[caue.slug]))
    claim = Claim.objects.get(user=agent)
    client.force_login(territory_admin("35"))
    response = client.post(
        reverse("support:decide"), {"kind": "claim", "pk": claim.pk, "decision": "approve"}
    )
    assert response.status_code == 403 and not Membership.objects.filter(user=agent).exists()
