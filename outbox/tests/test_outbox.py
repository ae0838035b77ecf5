"""The outbox: saved with what it announces, sent once, retried until the server takes it."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.services import MAX_ATTEMPTS, queue, send_pending

pytestmark = pytest.mark.django_db

FAILING = "outbox.tests.backends.FailingBackend"


def test_a_message_is_sent_once_and_marked_sent():
    email = queue("maire@example.fr", "Objet", "Texte")
    summary = send_pending()
    assert summary.sent == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["maire@example.fr"]
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.sent_at
    assert send_pending().sent == 0  # never twice
    assert len(mail.outbox) == 1


def test_the_mail_server_down_loses_nothing_and_the_command_retries(settings):
    settings.EMAIL_BACKEND = FAILING
    email = queue("maire@example.fr", "Objet", "Texte")
    summary = send_pending()
    assert summary.failed == 1 and not mail.outbox
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1 and email.last_error == "ConnectionRefusedError"
    assert email.next_attempt_at > timezone.now()  # waits before the next attempt
    assert send_pending().failed == 0  # not due yet
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    call_command("send_outbox", verbosity=0)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_a_message_failing_too_long_is_abandoned_and_visible(settings):
    settings.EMAIL_BACKEND = FAILING
    email = queue("maire@example.fr", "Objet", "Texte")
    for _ in range(MAX_ATTEMPTS):
        OutgoingEmail.objects.update(next_attempt_at=timezone.now())
        send_pending()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED and email.attempts == MAX_ATTEMPTS


def test_a_message_claimed_by_another_sender_is_not_sent_again():
    email = queue("maire@example.fr", "Objet", "Texte")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=timezone.now()
    )
    assert send_pending().sent == 0 and not mail.outbox


def test_a_claim_left_by_a_crashed_sender_is_released():
    email = queue("maire@example.fr", "Objet", "Texte")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=timezone.now() - timezone.timedelta(hours=1)
    )
    assert send_pending().sent == 1


def test_queueing_never_talks_to_the_mail_server(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = queue("maire@example.fr", "Gardé", "Texte")
    assert not callbacks and not mail.outbox  # the worker sends it, not the web request
    assert email.message_id.startswith("<") and email.message_id.endswith(">")
    send_pending()
    assert [m.subject for m in mail.outbox] == ["Gardé"]
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id


def test_nothing_is_queued_when_the_transaction_is_rolled_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue("maire@example.fr", "Annulé", "Texte")
        raise RuntimeError
    assert not OutgoingEmail.objects.filter(subject="Annulé").exists()
