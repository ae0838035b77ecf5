"""The mail server is out of the web request's way: a help request to three structures is
answered at once whatever the mail server does, and the worker sends each message once the
server is back. Against real sockets on loopback: a tarpit, a sink, a relay that answers late."""

import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.factories import member_of
from outbox.models import OutgoingEmail
from outbox.services import send_pending
from outbox.tests import smtp
from support.models import SupportRequest
from support.tests.test_request_form import valid

pytestmark = pytest.mark.django_db

THREE = [
    "te53-eclairage-public",
    "prefecture-53-dotations-investissement",
    "cerema-adhesion-expertise",
]


@pytest.fixture
def smtp_settings(settings):
    cache.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 1
    return settings


def make_due():
    """The retry delay has passed (the worker would wait minutes)."""
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())


def test_a_request_to_three_structures_never_waits_for_a_silent_mail_server(client, smtp_settings):
    from directory.models import Structure

    for offre in THREE:
        structure = Structure.objects.get(offres__slug=offre)
        member_of(structure, email=f"agent@{structure.slug}.example.org")
    with smtp.tarpit() as tarpit:
        smtp_settings.EMAIL_PORT = tarpit.port
        started = time.monotonic()
        response = client.post(reverse("support:new"), valid(offres=THREE))
        elapsed = time.monotonic() - started
        assert response.status_code == 302
        assert elapsed < 1, f"{elapsed:.2f} s"
        assert SupportRequest.objects.filter(requester_email="mairie@example.fr").count() == 3
        queued = OutgoingEmail.objects.count()
        assert queued == 4  # one to each structure, one receipt to the requester
        assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"pending"}

        summary = send_pending()  # the worker's round: the server never answers
    assert (summary.sent, summary.failed) == (0, 1)  # it stops at the first time-out
    assert OutgoingEmail.objects.filter(attempts=0, status="pending").count() == queued - 1

    with smtp.sink() as sink:
        smtp_settings.EMAIL_PORT = sink.port
        make_due()
        call_command("send_outbox", verbosity=0)
        call_command("send_outbox", verbosity=0)  # nothing left: nothing sent twice
    assert len(sink.received) == queued
    stored = set(OutgoingEmail.objects.values_list("message_id", flat=True))
    assert {m["Message-ID"] for m in sink.received} == stored and len(stored) == queued
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
    recipients = sorted(m["To"] for m in sink.received)
    assert recipients == [
        "agent@cerema.example.org",
        "agent@prefecture-53.example.org",
        "agent@territoire-energie-mayenne.example.org",
        "mairie@example.fr",
    ]


def test_a_message_sent_again_after_a_late_answer_keeps_its_identifier(smtp_settings):
    from outbox.services import queue

    email = queue("maire@example.fr", "Objet", "Texte")
    with smtp.slow_relay(reply_delay=2) as relay:  # keeps the message, answers after 1 s
        smtp_settings.EMAIL_PORT = relay.port
        assert send_pending().failed == 1
        relay.reply_delay = 0
        make_due()
        assert send_pending().sent == 1
    copies = [m["Message-ID"] for m in relay.received]
    assert copies == [email.message_id, email.message_id]  # one message for a mail program


def test_a_live_claim_is_never_taken_but_an_expired_one_is(smtp_settings):
    from outbox.services import lease, queue

    email = queue("maire@example.fr", "Objet", "Texte")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status="sending", claimed_at=timezone.now() - lease() / 2
    )
    assert not send_pending()
    OutgoingEmail.objects.filter(pk=email.pk).update(claimed_at=timezone.now() - lease() * 2)
    with smtp.sink() as sink:
        smtp_settings.EMAIL_PORT = sink.port
        assert send_pending().sent == 1
    assert len(sink.received) == 1


def test_the_lease_outlasts_the_slowest_conversation_with_the_server(settings):
    from outbox.services import SMTP_STEPS, lease

    settings.EMAIL_TIMEOUT = 120
    assert lease().total_seconds() > SMTP_STEPS * 120


def test_a_relay_that_always_answers_late_gets_the_message_twice_at_most(smtp_settings):
    """Issue 26: it used to get it up to twelve times (MAX_ATTEMPTS), one copy each round."""
    from outbox.services import MAX_LATE_ANSWERS, queue

    email = queue("maire@example.fr", "Objet", "Texte")
    with smtp.slow_relay(reply_delay=2) as relay:
        smtp_settings.EMAIL_PORT = relay.port
        for _ in range(5):
            send_pending()
            make_due()
    assert len(relay.received) == MAX_LATE_ANSWERS == 2
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED and "sans doute envoyé" in email.last_error


def test_the_lease_outlasts_the_slowest_relay_seen(settings):
    from outbox.services import lease, queue

    settings.EMAIL_TIMEOUT = 10
    email = queue("maire@example.fr", "Objet", "Texte")
    OutgoingEmail.objects.filter(pk=email.pk).update(seconds=3600)  # a relay trickling an hour
    assert lease().total_seconds() >= 2 * 3600
