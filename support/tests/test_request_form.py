"""A commune asks for help: the form, its errors in French, the anti-spam, the e-mails."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.factories import member_of
from outbox.models import OutgoingEmail
from support.models import SupportRequest

pytestmark = pytest.mark.django_db

URL = reverse("support:new")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def valid(**changes):
    data = {
        "offre": "te53-eclairage-public",
        "commune": "53271",  # Villaines-la-Juhel
        "offres": ["te53-eclairage-public"],
        "project": "Remplacer les vieux lampadaires de la rue principale par des LED.",
        "requester_name": "Camille Martin",
        "requester_role": "maire",
        "requester_email": "mairie@example.fr",
        "requester_phone": "",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


def test_the_form_is_prefilled_from_the_journey(client):
    project = "Nos lampadaires ont 40 ans. " * 110  # a pasted paragraph: 2,970 characters
    response = client.get(
        URL,
        {"offre": "te53-eclairage-public", "commune": "53271", "theme": "energie", "q": project},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert project.strip() in html  # not typed a second time, and whole
    assert 'value="53271"' in html
    assert "Éclairage public : rénovation, passage en LED et travaux" in html  # the chosen offer
    # other doors covering the commune on the same themes, to send it to as well
    assert len(response.context["suggestions"]) >= 1
    assert all(
        o.structure.slug != "territoire-energie-mayenne" for o in response.context["suggestions"]
    )


def test_a_request_to_two_structures_makes_two_requests_and_tells_everyone(client):
    client.get(URL, {"offre": "te53-eclairage-public", "commune": "53271"})
    second = client.get(URL, {"offre": "te53-eclairage-public", "commune": "53271"}).context[
        "suggestions"
    ][0]
    member = member_of(second.structure, email="agent@structure.example.org")
    response = client.post(URL, valid(offres=["te53-eclairage-public", second.slug]))
    assert response.status_code == 302
    requests = list(SupportRequest.objects.order_by("pk"))
    assert len(requests) == 2
    assert len({r.group for r in requests}) == 1
    assert {r.structure.slug for r in requests} == {
        "territoire-energie-mayenne",
        second.structure.slug,
    }
    assert all(r.status == "nouvelle" and r.commune_id == "53271" for r in requests)
    recipients = set(OutgoingEmail.objects.values_list("to", flat=True))
    assert "mairie@example.fr" in recipients  # the follow links
    assert member.email in recipients  # the structure with a member
    to_requester = OutgoingEmail.objects.get(to="mairie@example.fr")
    assert to_requester.body.count("/demandes/suivi/") == 2
    # One wording, the true one (issue 25 §2): what the page said before sending.
    assert "Chaque structure vous répondra" not in to_requester.body
    assert (
        f"{second.structure.display_name} reçoit les demandes par Carto'Ingé et vous répond."
        in to_requester.body
    )
    assert (
        "Territoire d'énergie Mayenne (TE53) ne reçoit pas encore les demandes par Carto'Ingé : "
        "le guichet de l'ingénierie de la préfecture (Direction Départementale des Territoires "
        "de la Mayenne) vous répond sous 5 jours ouvrés" in to_requester.body
    )
    sent = client.get(response.url)
    assert "m…@example.fr" in sent.content.decode()


def test_errors_are_explained_in_french_next_to_the_field_and_nothing_typed_is_lost(client):
    response = client.post(
        URL,
        valid(requester_email="pas-une-adresse", requester_phone="12", consent="", project="LED"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse électronique valide" in html
    assert "Saisissez un numéro de téléphone français" in html
    assert "Cochez cette case pour que la demande puisse être transmise." in html
    assert "Décrivez votre projet en une phrase au moins." in html
    assert 'value="Camille Martin"' in html and 'value="pas-une-adresse"' in html
    assert 'aria-invalid="true"' in html
    assert not SupportRequest.objects.exists()


def test_an_offer_that_does_not_cover_the_commune_is_refused(client):
    # the CC du Bocage Mayennais serves its member communes only, not Laval
    response = client.post(
        URL,
        valid(offre="epci-245300389-relais", offres=["epci-245300389-relais"], commune="53130"),
    )
    assert response.status_code == 200
    assert "ne couvrent pas Laval" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_an_ambiguous_commune_keeps_the_form_and_lists_the_choices(client):
    response = client.post(URL, valid(commune="Saint-Denis"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Plusieurs communes correspondent à « Saint-Denis »" in html
    assert 'value="Saint-Denis"' in html
    for choice in ("Saint-Denis-de-Gastines", "Saint-Denis-d&#x27;Anjou"):
        assert choice in html


def test_the_honeypot_keeps_nothing_and_says_nothing(client):
    response = client.post(URL, valid(website="http://spam.example"))
    assert response.status_code == 302
    assert not SupportRequest.objects.exists() and not OutgoingEmail.objects.exists()


def test_rate_limit_per_email_keeps_what_was_typed(client, settings):
    settings.RATE_LIMIT_REQUESTS_PER_EMAIL = 2
    for _ in range(2):
        assert client.post(URL, valid()).status_code == 302
    response = client.post(URL, valid(project="Un troisième projet, tapé avec soin."))
    assert response.status_code == 429
    html = response.content.decode()
    assert "beaucoup de demandes en peu de temps" in html
    assert "Un troisième projet, tapé avec soin." in html
    assert SupportRequest.objects.count() == 2


def test_rate_limit_per_address(client, settings):
    settings.RATE_LIMIT_REQUESTS_PER_IP = 1
    assert client.post(URL, valid()).status_code == 302
    response = client.post(URL, valid(requester_email="autre@example.fr"))
    assert response.status_code == 429


def test_without_an_offer_the_form_sends_to_the_journey(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url == reverse("orientation:start")


def test_every_form_is_csrf_protected(settings):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, valid()).status_code == 403
    assert not SupportRequest.objects.exists()
