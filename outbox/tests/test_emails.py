"""Every e-mail is a template: it renders in plain text (an apostrophe stays an apostrophe),
names no unknown variable, and its links start with the one site address."""

import re

import pytest

from directory.models import Structure
from outbox.emails import render_email
from support.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


def contexts():
    request = SupportRequestFactory(outcome="accompagnee")
    structure = Structure.objects.get(slug="territoire-energie-mayenne")
    follow = {
        "request": request,
        "follow_url": "https://cartoinge.example.gouv.fr/demandes/suivi/x/",
    }
    return {
        "request_new": {"request": request, "rerouted_from": structure},
        "request_sent": {"commune": request.commune, "links": [
            {"structure": "Territoire d'énergie Mayenne", "notice": "Territoire d'énergie Mayenne reçoit les demandes par Carto'Ingé et vous répond.", "url": follow["follow_url"]}]},
        "request_status": follow,
        "request_message_to_requester": follow,
        "request_message_to_structure": {"request": request},
        "request_closed": {"request": request},
        "request_reminder": {"request": request},
        "follow_link": follow,
        "login_link": {"token": "abc", "minutes": 30},
        "member_added": {"structure": structure},
        "stale_fiche": {"structure": structure, "months": 12},
    }  # fmt: skip


def test_every_email_renders_as_plain_text_with_site_links(settings):
    settings.SITE_URL = "https://cartoinge.example.gouv.fr/"
    for name, context in contexts().items():
        subject, body = render_email(name, context)
        assert subject and "\n" not in subject, name
        assert body.startswith("Bonjour,") and "Ce message est automatique." in body, name
        assert "&#x27;" not in subject + body and "&amp;" not in body, name
        links = LINK.findall(body)
        assert links, name
        assert all(link.startswith("https://cartoinge.example.gouv.fr/") for link in links), name
        assert "//" not in "".join(link.split("://", 1)[1] for link in links), name


def test_a_rerouted_request_says_who_rerouted_it():
    request = SupportRequestFactory()
    structure = Structure.objects.get(slug="territoire-energie-mayenne")
    _, body = render_email("request_new", {"request": request, "rerouted_from": structure})
    assert f"{structure.display_name} vous a réorienté une demande" in body
    _, body = render_email("request_new", {"request": request, "rerouted_from": None})
    assert "Une commune vous adresse une demande d'accompagnement" in body
