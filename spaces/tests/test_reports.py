"""« Signaler une erreur »: anyone, without an account; the structure's administrators and the
platform team are told; the fiche shows a correction is being examined; the answer goes back
to the reporter, whose address is then erased."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.factories import member_of, territory_admin
from accounts.models import Membership
from directory.models import ErrorReport, Structure
from outbox.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def test_anyone_reports_an_error_and_the_fiche_says_a_correction_is_examined(client, settings):
    settings.PLATFORM_EMAIL = "equipe-plateforme@example.gouv.fr"
    caue = Structure.objects.get(slug="caue-53")
    admin = member_of(caue, role=Membership.Role.ADMIN, email="direction@caue53.example")
    url = reverse("spaces:report", args=[caue.slug])
    assert (
        "Signaler une erreur sur cette fiche"
        in client.get(caue.get_absolute_url()).content.decode()
    )
    response = client.post(
        url, {"description": "Le site a changé d'adresse.", "email": "elu@example.fr"}
    )
    assert (
        response.status_code == 200
        and "Merci, votre signalement est transmis" in response.content.decode()
    )
    report = ErrorReport.objects.get()
    assert report.structure == caue and report.email == "elu@example.fr"
    told = set(OutgoingEmail.objects.values_list("to", flat=True))
    assert {admin.email, "equipe-plateforme@example.gouv.fr"} <= told
    assert "Une correction est en cours d&#x27;examen" in client.get(
        caue.get_absolute_url()
    ).content.decode() or (
        "Une correction est en cours d'examen"
        in client.get(caue.get_absolute_url()).content.decode()
    )


def test_an_offer_report_and_bad_input_in_french_losing_nothing(client):
    offre = Structure.objects.get(slug="caue-53").offres.first()
    url = reverse("spaces:report_offre", args=["caue-53", offre.slug])
    response = client.post(url, {"description": "", "email": "pas-une-adresse"})
    body = response.content.decode()
    assert response.status_code == 200 and not ErrorReport.objects.exists()
    assert (
        "Décrivez l&#x27;erreur en quelques mots." in body
        or "Décrivez l'erreur en quelques mots." in body
    )
    assert "Saisissez une adresse électronique valide" in body and 'value="pas-une-adresse"' in body
    client.post(url, {"description": "Cette offre n'existe plus."})
    assert ErrorReport.objects.get().offre == offre


def test_the_honeypot_and_the_rate_limit(client, settings):
    settings.RATE_LIMIT_REPORTS_PER_IP = 2
    url = reverse("spaces:report", args=["caue-53"])
    client.post(url, {"description": "spam", "website": "http://spam.example"})
    assert not ErrorReport.objects.exists()  # the robot is thanked, nothing is kept
    statuses = [client.post(url, {"description": f"erreur {n}"}).status_code for n in range(3)]
    assert statuses == [200, 200, 429]


def test_the_platform_team_answers_and_the_address_is_erased(client):
    caue = Structure.objects.get(slug="caue-53")
    client.post(
        reverse("spaces:report", args=[caue.slug]),
        {"description": "Téléphone faux.", "email": "elu@example.fr"},
    )
    report = ErrorReport.objects.get()
    client.force_login(territory_admin("53"))
    assert "Téléphone faux." in client.get(reverse("spaces:platform")).content.decode()
    client.post(
        reverse("spaces:decide"),
        {"kind": "report", "pk": report.pk, "decision": "approve", "reason": "Corrigé, merci."},
    )
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.FIXED and report.email == ""
    answer = OutgoingEmail.objects.filter(to="elu@example.fr").get()
    assert "Corrigé, merci." in answer.body
    assert "correction est en cours" not in client.get(caue.get_absolute_url()).content.decode()


def test_another_territory_cannot_answer(client):
    client.post(reverse("spaces:report", args=["caue-53"]), {"description": "Erreur."})
    report = ErrorReport.objects.get()
    client.force_login(territory_admin("35"))
    response = client.post(
        reverse("spaces:decide"), {"kind": "report", "pk": report.pk, "decision": "approve"}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.OPEN


def test_the_structures_administrator_answers_from_the_structure_space(client, settings):
    settings.PLATFORM_EMAIL = "equipe-plateforme@example.gouv.fr"
    caue = Structure.objects.get(slug="caue-53")
    admin = member_of(caue, role=Membership.Role.ADMIN, email="direction@caue53.example")
    plain = member_of(caue, email="agent@caue53.example")
    client.post(
        reverse("spaces:report", args=[caue.slug]),
        {"description": "Le site a changé.", "email": "elu@example.fr"},
    )
    report = ErrorReport.objects.get()
    url = reverse("spaces:manage_structure", args=[caue.slug])
    client.force_login(plain)  # a member who does not administer the fiche
    assert "Erreurs signalées sur votre fiche" not in client.get(url).content.decode()
    answer = {"action": "report", "pk": report.pk, "decision": "approve", "reason": "Corrigé."}
    refused = client.post(url, answer)
    assert refused.status_code == 403 and "Accès refusé" in refused.content.decode()
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert "Erreurs signalées sur votre fiche (1)" in page and "Le site a changé." in page
    assert client.post(url, answer).status_code == 302
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.FIXED and report.email == ""
    assert OutgoingEmail.objects.filter(to="elu@example.fr", body__contains="Corrigé.").exists()
    other = Structure.objects.get(slug="ddt-53")
    other_report = ErrorReport.objects.create(structure=other, description="Autre.")
    answer["pk"] = other_report.pk  # another structure's report, through this fiche
    missing = client.post(url, answer)
    assert missing.status_code == 404 and "Page introuvable" in missing.content.decode()
