"""Sign-in by e-mail link: single use, short-lived, revocable, never an account enumeration."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import LoginToken
from accounts.services import revoke_links, send_login_link, use_token
from outbox.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def link_in_last_email(email: str) -> str:
    body = OutgoingEmail.objects.filter(to=email).latest("pk").body
    return re.search(r"/compte/connexion/[^/\s]+/", body).group(0)


def test_the_link_signs_in_once_after_a_button_press(client):
    response = client.post(reverse("accounts:login"), {"email": "Agent@Example.org"})
    assert response.status_code == 302
    link = link_in_last_email("agent@example.org")
    # The link is exchanged for the session, then an address without the token.
    pending = reverse("accounts:confirm_pending")
    response = client.get(link)
    assert response.status_code == 302 and response.url == pending
    assert client.get(link).url == pending
    page = client.get(pending)  # a page with a button: scanners spend nothing
    assert page.status_code == 200 and "Me connecter" in page.content.decode()
    assert link.split("/")[-2] not in page.content.decode()
    response = client.post(pending)
    assert response.status_code == 302 and response.url == reverse("spaces:dashboard")
    assert client.get(reverse("spaces:dashboard")).status_code == 200
    assert get_user_model().objects.filter(email="agent@example.org").count() == 1
    client.logout()
    assert client.post(link).status_code == 400  # spent
    assert client.get(link).status_code == 400
    assert client.get(pending).status_code == 400  # nothing left in a new session


def test_a_stranger_without_the_link_cannot_use_the_pending_page(client):
    send_login_link("agent@example.org")
    assert client.get(reverse("accounts:confirm_pending")).status_code == 400
    assert client.post(reverse("accounts:confirm_pending")).status_code == 400


def test_only_the_hash_is_stored():
    raw = send_login_link("agent@example.org")
    assert not LoginToken.objects.filter(token_hash=raw).exists()
    assert len(raw) >= 40


def test_expired_and_revoked_links_do_not_work():
    raw = send_login_link("agent@example.org")
    LoginToken.objects.update(expires_at=timezone.now())
    assert use_token(raw) is None
    raw = send_login_link("agent@example.org")
    assert revoke_links("agent@example.org") >= 1
    assert use_token(raw) is None


def test_the_same_answer_for_any_address_and_a_french_error_for_a_bad_one(client):
    response = client.post(reverse("accounts:login"), {"email": "pas-une-adresse"})
    assert "Saisissez une adresse électronique valide" in response.content.decode()
    assert 'value="pas-une-adresse"' in response.content.decode()
    first = client.post(reverse("accounts:login"), {"email": "inconnu@example.org"})
    assert first.status_code == 302 and first.url == reverse("accounts:sent")


def test_login_requests_are_rate_limited(client):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"email": "agent@example.org"})
    response = client.post(reverse("accounts:login"), {"email": "agent@example.org"})
    assert response.status_code == 429
    assert "Trop de demandes de connexion" in response.content.decode()


def test_next_only_within_the_site():
    send_login_link("agent@example.org", next_url="https://evil.example/")
    assert LoginToken.objects.get().next_url == ""


def test_an_inactive_account_cannot_sign_in():
    get_user_model().objects.create_user("off@example.org", "off@example.org", is_active=False)
    assert use_token(send_login_link("off@example.org")) is None
