"""Réalisations proposed by a commune's elected official or by a structure that helped (with
the commune's agreement), published by the platform team of the commune's département."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory, member_of, territory_admin
from accounts.models import CommuneAccess
from directory.models import Structure, Theme
from outbox.models import OutgoingEmail
from peers.models import Realisation

pytestmark = pytest.mark.django_db

URL = "/espace/realisations/nouvelle/"


def project(**changes):
    data = {
        "title": "Rénovation de la salle des fêtes", "summary": "Isolation et accessibilité.",
        "themes": [Theme.objects.get(slug="architecture-batiment").pk], "year_start": "2024",
        "year_end": "2025", "total_cost": "250000", "lessons": "Prévoir le chauffage tôt.",
        "funding_1_backer": "État", "funding_1_scheme": "DETR", "funding_1_amount": "75000",
        "commune_choice": "53029",
    }  # fmt: skip
    data.update(changes)
    return data


def elected(code="53029", email="maire@bierne.example"):
    user = UserFactory(email=email)
    CommuneAccess.objects.create(user=user, commune_id=code, role="maire", status="approved")
    return user


def test_an_elected_official_proposes_and_the_platform_publishes(client):
    client.force_login(elected())
    bad = client.post(URL, project(themes=[], year_start="12", funding_2_amount="100"))
    html = bad.content.decode()
    assert bad.status_code == 400
    for message in ["Cochez au moins un thème.", "Indiquez une année", "Indiquez le financeur."]:
        assert message in html
    assert "Rénovation de la salle des fêtes" in html  # nothing typed is lost
    assert client.post(URL, project()).status_code == 302
    realisation = Realisation.objects.get()
    assert realisation.status == Realisation.Status.PENDING
    assert realisation.sources[0]["titre"] == "Proposée par la commune de Bierné-les-Villages"
    assert client.get(f"/realisations/{realisation.pk}/").status_code == 404  # not yet
    client.force_login(territory_admin("53"))
    assert (
        "Rénovation de la salle des fêtes"
        in client.get(reverse("spaces:platform")).content.decode()
    )
    client.post(
        reverse("spaces:decide"),
        {"kind": "realisation", "pk": realisation.pk, "decision": "approve"},
    )
    realisation.refresh_from_db()
    assert realisation.status == Realisation.Status.PUBLISHED
    assert "est publiée" in OutgoingEmail.objects.get(to="maire@bierne.example").subject
    page = client.get(f"/realisations/{realisation.pk}/").content.decode()
    assert "État — DETR" in page and "Prévoir le chauffage tôt." in page


def test_a_structure_needs_the_commune_s_agreement_and_is_named_as_helper(client):
    caue = Structure.objects.get(slug="caue-53")
    client.force_login(member_of(caue))
    url = f"{URL}?structure={caue.slug}"
    data = project(commune_typed="Bierné-les-Villages", role="conseil")
    del data["commune_choice"]
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Il faut l&#x27;accord de la commune" in refused.content.decode()
    client.post(url, {**data, "commune_agrees": "on"})
    (helper,) = Realisation.objects.get().helpers.all()
    assert (helper.structure, helper.role) == (caue, "conseil")


def test_who_may_propose_and_who_may_publish(client):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403  # no commune, no structure: told how
    other = Structure.objects.exclude(slug="caue-53").first()
    client.force_login(member_of(other))
    assert client.get(f"{URL}?structure=caue-53").status_code == 404
    client.force_login(elected())
    client.post(URL, project())
    realisation = Realisation.objects.get()
    client.force_login(territory_admin("72"))
    response = client.post(
        reverse("spaces:decide"),
        {"kind": "realisation", "pk": realisation.pk, "decision": "approve"},
    )
    assert response.status_code == 403
    client.force_login(elected("53001", "maire@ahuille.example"))
    assert "Ahuillé" in client.get(URL).content.decode()
    assert "Bierné" not in client.get(URL).content.decode()  # only its own communes
