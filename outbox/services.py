"""Queue e-mails with what they announce; send them once, retrying until the server takes them.

`queue()` writes the message in the caller's transaction and, once that transaction is
committed, tries to send it at once. Whatever fails stays pending for `send_outbox`, which
retries with a growing delay. A message is claimed (pending → sending) by a conditional
UPDATE before it is sent, so two senders never send the same message; a claim left by a
crashed sender is released after `CLAIM_TIMEOUT`.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail

MAX_ATTEMPTS = 12  # about two days with the delays below
CLAIM_TIMEOUT = timedelta(minutes=15)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 360))


def queue(to: str, subject: str, body: str, reply_to: str = "") -> OutgoingEmail:
    email = OutgoingEmail.objects.create(
        to=to, subject=subject[:200], body=body, reply_to=reply_to, next_attempt_at=timezone.now()
    )
    if getattr(settings, "OUTBOX_SEND_ON_COMMIT", True):
        transaction.on_commit(lambda: send_pending(ids=[email.pk]))
    return email


@dataclass
class SendSummary:
    sent: int = 0
    failed: int = 0  # will be retried
    abandoned: int = 0


def send_pending(ids: list[int] | None = None, limit: int = 200) -> SendSummary:
    now = timezone.now()
    OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    ).update(status=OutgoingEmail.Status.PENDING)
    due = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now
    )
    if ids is not None:
        due = due.filter(pk__in=ids)
    summary = SendSummary()
    candidates = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    if not candidates:
        return summary
    connection = get_connection(fail_silently=False)
    for pk in candidates:
        claimed = OutgoingEmail.objects.filter(pk=pk, status=OutgoingEmail.Status.PENDING).update(
            status=OutgoingEmail.Status.SENDING, claimed_at=timezone.now()
        )
        if not claimed:
            continue  # another sender took it
        email = OutgoingEmail.objects.get(pk=pk)
        message = EmailMessage(
            email.subject,
            email.body,
            settings.DEFAULT_FROM_EMAIL,
            [email.to],
            reply_to=[email.reply_to] if email.reply_to else None,
            connection=connection,
        )
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 - any failure of the mail server is retried
            email.attempts += 1
            # The error's kind only: a server message may quote the address.
            email.last_error = type(error).__name__[:300]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
                summary.abandoned += 1
            else:
                email.status = OutgoingEmail.Status.PENDING
                email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
                summary.failed += 1
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            continue
        OutgoingEmail.objects.filter(pk=pk).update(
            status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), attempts=email.attempts + 1
        )
        summary.sent += 1
    return summary
