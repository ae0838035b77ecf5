"""Rate limits that hold: one count for every process (a shared cache is required in
production), an address the client cannot forge, the admin's password form throttled, and
proposals limited per account."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from accounts.factories import UserFactory
from core.checks import shared_cache_in_production
from core.tests.test_deploy import PRODUCTION, run_manage
from directory.models import Proposal

pytestmark = pytest.mark.django_db

SHARED = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "x"}}


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()


def test_production_requires_a_cache_shared_by_the_workers(settings):
    settings.DEBUG = False
    assert [e.id for e in shared_cache_in_production(None)] == ["core.E001"]
    with override_settings(CACHES=SHARED):
        assert shared_cache_in_production(None) == []
    settings.DEBUG = True  # make run: one process
    assert shared_cache_in_production(None) == []


def test_manage_check_fails_in_production_without_a_shared_cache():
    environment = {k: v for k, v in PRODUCTION.items() if k != "CACHE_BACKEND"}
    result = run_manage("check", **environment)
    assert result.returncode != 0
    assert "core.E001" in result.stderr and "cache partagé" in result.stderr


def test_a_forged_forwarded_address_does_not_reset_the_count(client, settings):
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.RATE_LIMIT_LOGIN_PER_IP = 3
    statuses = []
    for n in range(6):
        # The client writes whatever it likes first; the proxy appends what it saw.
        forwarded = f"198.51.100.{n}, 203.0.113.7"
        response = client.post(
            reverse("accounts:login"),
            {"email": f"agent{n}@example.org"},
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 429, 429, 429]


def test_the_admin_password_form_is_throttled(client, settings):
    settings.DEBUG = False
    statuses = [
        client.post("/admin/login/", {"username": "admin", "password": f"essai{n}"}).status_code
        for n in range(7)
    ]
    assert statuses[:5] == [200] * 5  # the form again, « incorrect »
    assert statuses[5:] == [429, 429]
    page = client.post("/admin/login/", {"username": "admin", "password": "x"}).content.decode()
    assert "Trop de tentatives de connexion" in page and "Erreur 429" in page


def test_a_stranger_cannot_lock_the_superuser_out(client, settings):
    """Issue 26: the per-account count let anyone exhaust the admin's attempts."""
    settings.DEBUG = False
    for n in range(7):
        client.post(
            "/admin/login/", {"username": "admin", "password": f"x{n}"}, REMOTE_ADDR="203.0.113.9"
        )
    owner = client.post(
        "/admin/login/", {"username": "admin", "password": "faux"}, REMOTE_ADDR="198.51.100.7"
    )
    assert owner.status_code == 200  # the form, not a 429: the owner's budget is intact


def test_a_stranger_cannot_make_the_platform_write_to_anyone_all_day(client, settings):
    """Issue 26: sign-in links, alerts and requests together sent about 13 e-mails an hour to
    any address typed. Now one pending confirmation per address, and a daily cap per address
    (all forms together) and per network address."""
    from outbox.models import OutgoingEmail
    from support.tests.test_request_form import valid

    settings.RATE_LIMIT_EMAILS_PER_ADDRESS_PER_DAY = 3
    target = "cible@example.fr"
    alert = {"email": target, "commune": "Laval", "frequency": "weekly"}
    assert client.post("/compte/connexion/", {"email": target}).status_code == 302
    assert client.post("/financements/alertes/", alert).status_code == 302
    again = client.post("/financements/alertes/", alert, REMOTE_ADDR="198.51.100.2")
    assert "a déjà été envoyé à cette adresse" in again.content.decode()  # one pending only
    sent = client.post(reverse("support:new"), valid(requester_email=target))
    assert sent.status_code == 302
    assert OutgoingEmail.objects.filter(to=target).count() == 3
    refused = client.post("/compte/connexion/", {"email": target}, REMOTE_ADDR="198.51.100.3")
    assert refused.status_code == 429 and OutgoingEmail.objects.filter(to=target).count() == 3
    settings.RATE_LIMIT_EMAILS_PER_IP_PER_DAY = 4  # the three above from 127.0.0.1, one more
    assert client.post("/compte/connexion/", {"email": "autre@example.fr"}).status_code == 302
    assert client.post("/compte/connexion/", {"email": "encore@example.fr"}).status_code == 429


def test_structure_proposals_are_limited_per_account(client, settings):
    settings.RATE_LIMIT_PROPOSALS_PER_DAY = 2
    client.force_login(UserFactory(email="agent@agence.example.org"))
    url = reverse("spaces:propose_structure")
    statuses = []
    for n in range(3):
        data = {
            "name": f"Agence de test n° {n}", "acronym": "", "kind": "association",
            "description": "Conseil aux communes rurales.", "seat_town": "Laval", "website": "",
            "contact_url": "", "contact_email": "", "contact_phone": "", "departement": "53",
            "source": "agence.example.org",
        }  # fmt: skip
        response = client.post(url, data)
        statuses.append(response.status_code)
    assert statuses == [302, 302, 400]
    html = response.content.decode()
    assert "beaucoup de propositions aujourd" in html
    assert 'value="Agence de test n° 2"' in html  # nothing typed is lost
    assert Proposal.objects.filter(kind="structure").count() == 2
