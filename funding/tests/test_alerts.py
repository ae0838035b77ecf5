"""Alerts without an account: asked, confirmed by e-mail, a digest after a sync, one-click
unsubscribe; everything through the outbox, nothing kept after."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from directory.models import Structure, Theme
from funding import alerts
from funding.models import Aid, AidAlert
from outbox.models import OutgoingEmail
from outbox.services import send_pending
from support.retention import purge
from territories.models import EPCI

from .fake_api import TOKEN, serving

pytestmark = pytest.mark.django_db


def sync(settings):
    with serving() as server:
        settings.AIDES_TERRITOIRES_TOKEN = TOKEN
        settings.AIDES_TERRITOIRES_URL = server.base
        call_command("sync_aides_territoires", verbosity=0)


def link(body: str, path: str) -> str:
    return re.search(rf"https?://[^/\s]+({path}[^\s]+)", body).group(1)


def test_an_alert_is_asked_confirmed_receives_a_digest_and_is_unsubscribed(client, settings):
    settings.SITE_URL = "https://carto-inge.example.gouv.fr"
    page = client.get("/financements/alertes/", {"commune": "53130"}).content.decode()
    assert 'value="Laval"' in page and "Ce qui va se passer" in page
    response = client.post(
        "/financements/alertes/",
        {
            "email": "Mairie@Laval.example",
            "commune": "Laval",
            "frequency": "daily",
        },
    )
    assert response.status_code == 302
    alert = AidAlert.objects.get()
    assert alert.email == "mairie@laval.example" and alert.confirmed_at is None
    confirmation = OutgoingEmail.objects.get()
    assert confirmation.to == "mairie@laval.example" and "Laval" in confirmation.subject
    confirm_path = link(confirmation.body, "/financements/alertes/confirmer/")

    assert alerts.send_due().checked == 0  # nothing before the confirmation
    assert "Je confirme" in client.get(confirm_path).content.decode()  # a GET confirms nothing
    assert AidAlert.objects.get().confirmed_at is None
    assert "Votre alerte est active" in client.post(confirm_path).content.decode()
    alert.refresh_from_db()
    assert alert.confirmed_at is not None

    sync(settings)  # the fixture's aids are new to the platform
    now = timezone.now() + datetime.timedelta(days=1)
    assert alerts.send_due(now).sent == 1
    digest = OutgoingEmail.objects.exclude(pk=confirmation.pk).get()
    assert digest.subject == "Aides pour Laval : 4 nouvelles"
    assert "Fonds de concours pour les écoles" in digest.body  # Laval Agglomération's
    assert "friches 2020" not in digest.body  # closed
    assert "Chèque rénovation des particuliers" not in digest.body  # not for communes
    unsubscribe_path = link(digest.body, "/financements/alertes/desinscription/")
    assert digest.unsubscribe_url.endswith(unsubscribe_path)
    assert alerts.send_due(now).sent == 0  # once a day, nothing twice
    assert alerts.send_due(now + datetime.timedelta(days=1)).sent == 0  # nothing new

    send_pending()
    sent = mail.outbox[-1]
    assert sent.extra_headers["List-Unsubscribe"] == f"<{digest.unsubscribe_url}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert "Me désinscrire" in client.get(unsubscribe_path).content.decode()
    one_click = Client(enforce_csrf_checks=True)  # RFC 8058: the mail client POSTs
    response = one_click.post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and not AidAlert.objects.exists()
    assert "Vous ne recevrez plus" in client.post(unsubscribe_path).content.decode()


def test_the_first_digest_tells_the_near_deadlines_and_themes_filter(settings):
    caue = Structure.objects.get(slug="caue-53")
    energy = Theme.objects.get(slug="transition-energetique")
    soon = Aid.objects.create(
        source=Aid.Source.LOCAL,
        external_id="soon",
        name="Appel qui ferme bientôt",
        backer=caue,
        scope=Aid.Scope.DEPARTEMENTAL,
        for_communes=True,
        submission_deadline=timezone.localdate() + datetime.timedelta(days=10),
        created_at=timezone.now() - datetime.timedelta(days=60),
    )
    soon.departements.set(["53"])
    soon.themes.set([energy])
    epci = EPCI.objects.get(code="200083392")
    alert = alerts.ask("agent@agglo.example", None, epci, [energy], "weekly")
    alerts.confirm(alert, timezone.now() - datetime.timedelta(days=8))
    found = alerts.digest(alert, timezone.now())
    assert [a.name for a in found.closing] == ["Appel qui ferme bientôt"] and not found.new
    sync(settings)
    found = alerts.digest(alert, timezone.now())
    assert [a.external_id for a in found.new] == ["900001"]  # energy only
    call_command("send_aid_alerts", verbosity=0)
    body = OutgoingEmail.objects.latest("pk").body
    assert "Clôture dans moins de 30 jours" in body and "/financements/aides/" in body


def test_bad_input_is_explained_and_the_alerts_end_as_the_privacy_page_says(client):
    response = client.post(
        "/financements/alertes/",
        {
            "email": "pas-une-adresse",
            "commune": "",
            "frequency": "weekly",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Saisissez une adresse électronique valide" in html and "Indiquez une commune" in html
    assert 'value="pas-une-adresse"' in html
    expired = client.get("/financements/alertes/confirmer/faux/")
    assert expired.status_code == 404 and "plus valable" in expired.content.decode()

    old = alerts.ask("a@example.org", None, EPCI.objects.get(code="200083392"), [], "weekly")
    AidAlert.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    kept = alerts.ask("b@example.org", None, EPCI.objects.get(code="200083392"), [], "weekly")
    assert purge().alerts == 1
    assert list(AidAlert.objects.all()) == [kept]
    privacy = client.get("/donnees-personnelles/").content.decode()
    assert "Alerte sur les aides" in privacy and "sous 7 jours" in privacy
