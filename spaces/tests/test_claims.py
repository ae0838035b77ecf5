"""« C'est ma structure » (issue 26 §1): a domain suggests, never grants. The first member of
a fiche is confirmed by the platform team of its département or from the structure's
institutional address (a sourced contact, never the claimant's); later members by the fiche's
administrators; the memberships a domain gave alone are listed for review. A claimant sees no
request of the structure before approval."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.factories import UserFactory, member_of, territory_admin
from accounts.models import Claim, Membership
from directory import contacts
from directory.models import Structure
from history.models import Change
from history.services import record
from outbox.models import OutgoingEmail
from support.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db


def claim_as(client, email: str, structure: Structure):
    agent = UserFactory(email=email)
    client.force_login(agent)
    response = client.post(reverse("spaces:claim", args=[structure.slug]))
    assert response.status_code == 302
    return agent


def test_an_address_on_a_shared_domain_never_joins(client, settings):
    """A préfecture agent used to join the DDT (both on mayenne.gouv.fr) and get its inbox."""
    settings.PLATFORM_EMAIL = "equipe-plateforme@example.gouv.fr"
    ddt = Structure.objects.get(slug="ddt-53")
    SupportRequestFactory(structure=ddt, project="Diagnostic de la station")
    agent = claim_as(client, "agent.prefecture@mayenne.gouv.fr", ddt)
    assert not Membership.objects.filter(user=agent).exists()
    assert "Diagnostic" not in client.get(reverse("support:inbox")).content.decode()
    assert Claim.objects.get(user=agent, structure=ddt).status == Claim.Status.PENDING
    to_team = OutgoingEmail.objects.get(to="equipe-plateforme@example.gouv.fr")
    assert "partagé avec 3 autre(s) structure(s)" in to_team.body
    client.force_login(territory_admin("53"))
    queue = client.get(reverse("spaces:platform")).content.decode()
    assert "agent.prefecture@mayenne.gouv.fr" in queue and "partagé avec 3" in queue


def test_the_structure_s_own_domain_is_a_hint_and_the_team_decides(client):
    caue = Structure.objects.get(slug="caue-53")  # https://caue53.com
    agent = claim_as(client, "direction@caue53.com", caue)
    assert not Membership.objects.filter(user=agent).exists()  # no longer automatic
    claim = Claim.objects.get(user=agent)
    client.force_login(territory_admin("53"))
    queue = client.get(reverse("spaces:platform")).content.decode()
    assert "adresse sur le domaine du site de la structure (caue53.com)" in queue
    client.post(reverse("spaces:decide"), {"kind": "claim", "pk": claim.pk, "decision": "approve"})
    membership = Membership.objects.get(user=agent, structure=caue)
    assert membership.role == Membership.Role.ADMIN and membership.via == Membership.Via.PLATFORM
    assert Change.objects.filter(object_id=caue.pk, action="rattachement").exists()
    assert OutgoingEmail.objects.filter(to=agent.email, subject__contains=caue.acronym).exists()
    # Decided once: a second decision (another moderator at the same time) changes nothing.
    response = client.post(
        reverse("spaces:decide"),
        {"kind": "claim", "pk": claim.pk, "decision": "reject"},
        follow=True,
    )
    assert "Quelqu&#x27;un d&#x27;autre venait de prendre une décision" in response.content.decode()
    assert Membership.objects.filter(user=agent).exists()


def test_the_first_member_may_be_confirmed_from_the_institutional_address(client):
    atd = Structure.objects.get(slug="atd-eau-53")
    atd.contact_email = "contact@atd-eau.example.fr"
    contacts.mark(atd, ["contact_email"], contacts.ANNUAIRE, "Annuaire", date="2026-11")
    atd.save()
    agent = claim_as(client, "agent.eau@gmail.example", atd)
    link_mail = OutgoingEmail.objects.get(to="contact@atd-eau.example.fr")
    assert "agent.eau@gmail.example" in link_mail.body
    link = re.search(r"/compte/rattachements/[^/\s]+/", link_mail.body).group(0)
    client.logout()  # whoever reads the structure's mailbox, signed in or not
    page = client.get(link)
    assert page.status_code == 200 and "Oui, je confirme" in page.content.decode()
    assert not Membership.objects.filter(user=agent).exists()  # opening the link is not enough
    done = client.post(link, {"decision": "approve"})
    assert "le rattachement est confirmé" in done.content.decode()
    membership = Membership.objects.get(user=agent, structure=atd)
    assert membership.role == Membership.Role.ADMIN and membership.via == Membership.Via.ADDRESS
    assert client.get(link).status_code == 404  # used once


def test_the_claimant_s_own_address_is_never_the_institutional_one(client):
    """An address typed by a member is not a public source: no link goes there."""
    atd = Structure.objects.get(slug="atd-eau-53")
    atd.contact_email = "moi@gmail.example"
    contacts.mark(atd, ["contact_email"], contacts.STRUCTURE)
    atd.save()
    claim_as(client, "moi@gmail.example", atd)
    assert not Claim.objects.get().token
    assert not OutgoingEmail.objects.filter(subject__startswith="Confirmez").exists()


def test_later_members_are_accepted_by_the_fiche_s_administrator(client):
    caue = Structure.objects.get(slug="caue-53")
    admin = member_of(caue, role="admin", email="direction@caue53.example.org")
    agent = claim_as(client, "nouvel.agent@caue53.com", caue)
    assert OutgoingEmail.objects.filter(to=admin.email, subject__contains="rejoindre").exists()
    claim = Claim.objects.get(user=agent)
    client.force_login(admin)
    members = client.get(reverse("spaces:members", args=[caue.slug])).content.decode()
    assert "nouvel.agent@caue53.com" in members and "un indice, pas une preuve" in members
    client.post(
        reverse("spaces:members", args=[caue.slug]), {"claim": claim.pk, "decision": "approve"}
    )
    membership = Membership.objects.get(user=agent, structure=caue)
    assert membership.role == Membership.Role.MEMBER and membership.via == Membership.Via.ADMIN
    # Another structure's administrator cannot decide it.
    other = Structure.objects.get(slug="atd-eau-53")
    stranger = claim_as(client, "x@example.fr", caue)
    client.force_login(member_of(other, role="admin", email="admin@atd.example.org"))
    refused = client.post(
        reverse("spaces:members", args=[caue.slug]),
        {"claim": Claim.objects.get(user=stranger).pk, "decision": "approve"},
    )
    assert refused.status_code == 404 and not Membership.objects.filter(user=stranger).exists()


def test_memberships_a_domain_gave_alone_are_listed_for_review(client):
    ddt = Structure.objects.get(slug="ddt-53")
    agent = UserFactory(email="agent.prefecture@mayenne.gouv.fr")
    # As the old claim recorded it: the account itself, on its domain alone.
    Membership.objects.create(user=agent, structure=ddt, role=Membership.Role.ADMIN)
    record(agent, ddt, "rattachement", f"Compte n° {agent.pk} : administrateur de la structure")
    migration = importlib.import_module("accounts.migrations.0004_claims_are_vouched")
    migration.mark_domain_joins(apps, None)
    membership = Membership.objects.get(user=agent)
    assert membership.via == Membership.Via.DOMAIN
    client.force_login(territory_admin("53"))
    queue = client.get(reverse("spaces:platform")).content.decode()
    assert "obtenus par le seul domaine" in queue and "agent.prefecture@mayenne.gouv.fr" in queue
    client.post(
        reverse("spaces:decide"), {"kind": "membership", "pk": membership.pk, "decision": "reject"}
    )
    assert not Membership.objects.filter(user=agent).exists()
    assert OutgoingEmail.objects.filter(to=agent.email, subject__contains="retiré").exists()


def test_a_claim_needs_a_signed_in_account_and_another_territory_cannot_decide(client):
    caue = Structure.objects.get(slug="caue-53")
    response = client.post(reverse("spaces:claim", args=[caue.slug]))
    assert response.status_code == 302 and "/compte/connexion/" in response.url
    page = client.get(caue.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert "C'est ma structure : me connecter" in page
    agent = claim_as(client, "quelqu.un@example.fr", caue)
    claim = Claim.objects.get(user=agent)
    client.force_login(territory_admin("35"))
    response = client.post(
        reverse("spaces:decide"), {"kind": "claim", "pk": claim.pk, "decision": "approve"}
    )
    assert response.status_code == 403 and not Membership.objects.filter(user=agent).exists()


def test_a_membership_a_domain_gave_alone_is_suspended_until_reviewed(client, settings):
    """Review of issue 26: until the team keeps it, such a member sees no request, decides no
    claim and is told of none."""
    from accounts import permissions

    settings.PLATFORM_EMAIL = "equipe-plateforme@example.gouv.fr"
    ddt = Structure.objects.get(slug="ddt-53")
    agent = UserFactory(email="agent.prefecture@mayenne.gouv.fr")
    Membership.objects.create(
        user=agent, structure=ddt, role=Membership.Role.ADMIN, via=Membership.Via.DOMAIN
    )
    assert permissions.structure_ids(agent) == set()
    client.force_login(agent)
    assert client.get(reverse("spaces:members", args=[ddt.slug])).status_code == 404
    claim_as(client, "complice@example.fr", ddt)
    assert not OutgoingEmail.objects.filter(to=agent.email).exists()  # the team decides
    assert OutgoingEmail.objects.filter(subject__startswith="Demande de rattachement").exists()


def test_claims_are_limited_per_account_and_a_fiche_without_admin_gets_one(client):
    caue = Structure.objects.get(slug="caue-53")
    member_of(caue, role="member", email="simple.membre@caue53.example.org")  # no admin
    agent = claim_as(client, "nouvelle.directrice@example.fr", caue)
    claim = Claim.objects.get(user=agent)
    client.force_login(territory_admin("53"))
    client.post(reverse("spaces:decide"), {"kind": "claim", "pk": claim.pk, "decision": "approve"})
    assert Membership.objects.get(user=agent).role == Membership.Role.ADMIN
    client.force_login(agent)
    structures = Structure.objects.exclude(pk=caue.pk).order_by("pk")[:6]
    for structure in structures:
        client.post(reverse("spaces:claim", args=[structure.slug]))
    # Five claims a day: the CAUE's, then four of these six.
    assert Claim.objects.filter(user=agent, status=Claim.Status.PENDING).count() == 4
