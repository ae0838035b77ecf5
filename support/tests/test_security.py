"""HTML and JavaScript typed in any text field are shown as text, never run."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.factories import member_of
from directory.models import Structure
from support.links import follow_path
from support.models import SupportRequest

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_payloads_in_a_request_are_inert_everywhere_they_are_shown(client):
    cache.clear()
    response = client.post(
        reverse("support:new"),
        {
            "offre": "te53-eclairage-public",
            "commune": "53271",
            "offres": ["te53-eclairage-public"],
            "project": PAYLOAD + " éclairage de la place",
            "requester_name": PAYLOAD,
            "requester_role": "maire",
            "requester_email": "mairie@example.fr",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    request = SupportRequest.objects.get()
    member = member_of(request.structure)
    client.post(follow_path(request), {"action": "message", "body": PAYLOAD})
    pages = [client.get(follow_path(request)).content.decode()]
    client.force_login(member)
    pages.append(
        client.get(reverse("support:inbox_detail", args=[request.public_id])).content.decode()
    )
    pages.append(client.get(reverse("support:inbox")).content.decode())
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in pages[1]


def test_payloads_in_a_structure_fiche_are_inert_on_its_public_page(client):
    structure = Structure.objects.get(slug="caue-53")
    member = member_of(structure)
    client.force_login(member)
    data = {
        "action": "save", "name": "CAUE " + PAYLOAD, "acronym": "CAUE 53",
        "description": PAYLOAD, "seat_town": "Laval", "website": "https://www.caue53.fr",
        "contact_url": "", "contact_email": "", "contact_phone": "",
    }  # fmt: skip
    response = client.post(reverse("spaces:manage_structure", args=[structure.slug]), data)
    assert response.status_code == 302
    html = client.get(structure.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_a_javascript_url_is_refused_as_a_website(client):
    structure = Structure.objects.get(slug="caue-53")
    client.force_login(member_of(structure))
    data = {
        "action": "save", "name": structure.name, "acronym": structure.acronym,
        "description": structure.description, "seat_town": "Laval",
        "website": "javascript:alert(1)", "contact_url": "", "contact_email": "",
        "contact_phone": "",
    }  # fmt: skip
    response = client.post(reverse("spaces:manage_structure", args=[structure.slug]), data)
    assert response.status_code == 400
    assert "Saisissez une URL valide" in response.content.decode() or (
        "adresse web invalide" in response.content.decode()
    )


def test_secret_links_never_reach_the_logs():
    import logging

    from core.logging import HideSecretLinks

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"GET %s HTTP/1.1" 200',
        ("/demandes/suivi/abc.def/",),
        None,
    )
    HideSecretLinks().filter(record)
    assert "abc.def" not in record.getMessage()
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"POST /compte/connexion/s3cr3t/ HTTP/1.1" 302',
        (),
        None,
    )
    HideSecretLinks().filter(record)
    assert "s3cr3t" not in record.getMessage()


def test_query_strings_never_reach_the_logs():
    """The orientation text is a query string: a mayor may type a name or a number in it."""
    import logging

    from core.logging import HideSecretLinks, clean

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        (
            "GET /orientation/resultats/?commune=53107&q=appeler+Mme+Durand+0612345678 HTTP/1.1",
            "200",
            "5120",
        ),
        None,
    )
    HideSecretLinks().filter(record)
    assert record.getMessage() == '"GET /orientation/resultats/ HTTP/1.1" 200 5120'
    assert (
        clean("GET /compte/connexion/envoyee/ HTTP/1.1")
        == "GET /compte/connexion/envoyee/ HTTP/1.1"
    )
    assert clean("GET /compte/connexion/confirmer/") == "GET /compte/connexion/confirmer/"


def test_every_form_refuses_a_post_without_its_csrf_token(settings):
    """Each POST endpoint, signed in where it needs it: 403 without the token."""
    from django.test import Client

    from accounts.factories import territory_admin
    from support.factories import SupportRequestFactory

    request = SupportRequestFactory()
    structure = request.structure
    offre = structure.offres.first()
    admin = territory_admin("53")
    anonymous_posts = [
        reverse("support:new"),
        follow_path(request),
        reverse("accounts:login"),
        reverse("accounts:logout"),
    ]
    signed_in_posts = [
        reverse("support:inbox_action", args=[request.public_id]),
        reverse("spaces:decide"),
        reverse("spaces:manage_structure", args=[structure.slug]),
        reverse("spaces:manage_offre", args=[offre.slug]),
        reverse("spaces:propose_offre", args=[structure.slug]),
        reverse("spaces:propose_structure"),
        reverse("spaces:members", args=[structure.slug]),
        reverse("spaces:dashboard"),
    ]
    client = Client(enforce_csrf_checks=True)
    for url in anonymous_posts:
        assert client.post(url, {"action": "message", "body": "x"}).status_code == 403, url
    client.force_login(admin)
    for url in signed_in_posts:
        assert client.post(url, {"action": "take"}).status_code == 403, url
    request.refresh_from_db()
    assert request.status == "nouvelle" and not request.messages.exists()
