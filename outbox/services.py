"""Queue e-mails with what they announce; a worker sends them, retrying until the server
takes them. A web request never talks to a mail server.

`queue()` only writes the message, in the caller's transaction: if what it announces is
rolled back, so is the message. `python manage.py send_outbox --worker` (started by
`make run`, a service in production) sends what is due. Sending is at-least-once without
visible duplicates:

- a message is claimed (pending → sending) by a conditional UPDATE before it is sent, so two
  workers never send it at the same time; a claim is a lease, released after `lease()`,
  which is longer than the slowest conversation with the mail server (`EMAIL_TIMEOUT` on
  each of its steps), so a live worker never has its message taken from it;
- each message carries a `Message-ID` chosen when it is queued: when a mail server took a
  message but answered too late (so it is sent again), or a worker died between sending and
  recording it, the copies have the same identifier and mail programs show one.
"""

import contextlib
import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, make_msgid
from django.db.models import Max, Q
from django.utils import timezone

from .models import OutgoingEmail

MAX_ATTEMPTS = 12  # about two days with the delays below
# A server that keeps answering after the client's timeout once it has the message sends a
# copy each time: after this many, the message is not tried again (it most likely went out).
MAX_LATE_ANSWERS = 2
MIN_LEASE = timedelta(minutes=15)
SMTP_STEPS = 8  # connect, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, end of data
# The server itself is out of reach: no use trying the other messages of this round.
UNREACHABLE = (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 360))


def lease() -> timedelta:
    """How long a claim holds: longer than any conversation with the mail server, by its
    timeouts and by the slowest one seen this month (a server can trickle every step)."""
    since = timezone.now() - timedelta(days=30)
    slowest = OutgoingEmail.objects.filter(created_at__gte=since).aggregate(Max("seconds"))
    return max(
        MIN_LEASE,
        timedelta(seconds=2 * SMTP_STEPS * settings.EMAIL_TIMEOUT),
        timedelta(seconds=2 * (slowest["seconds__max"] or 0)),
    )


def queue(
    to: str, subject: str, body: str, reply_to: str = "", unsubscribe_url: str = ""
) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        to=to,
        subject=subject[:200],
        body=body,
        reply_to=reply_to,
        unsubscribe_url=unsubscribe_url,
        message_id=new_message_id(),
        next_attempt_at=timezone.now(),
    )


def headers(email: OutgoingEmail) -> dict:
    values = {"Message-ID": email.message_id or new_message_id()}
    if email.unsubscribe_url:
        values["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        values["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return values


def new_message_id() -> str:
    return make_msgid(domain=settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >"))


@dataclass
class SendSummary:
    sent: int = 0
    failed: int = 0  # will be retried
    abandoned: int = 0

    def __bool__(self) -> bool:
        return bool(self.sent or self.failed or self.abandoned)


def due(now):
    """Messages to send now: pending and due, or claimed by a worker whose lease ran out."""
    waiting = Q(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)
    abandoned_claim = Q(status=OutgoingEmail.Status.SENDING, claimed_at__lt=now - lease())
    return OutgoingEmail.objects.filter(waiting | abandoned_claim).order_by("next_attempt_at")


def send_pending(limit: int = 200) -> SendSummary:
    """One round: send what is due, one claim at a time; stop early when the server is
    unreachable (the rest waits for the next round, without counting an attempt)."""
    summary = SendSummary()
    candidates = list(due(timezone.now()).values_list("pk", "status", "claimed_at")[:limit])
    if not candidates:
        return summary
    connection = get_connection(fail_silently=False)
    try:
        for pk, status, claimed_at in candidates:
            email = _claim(pk, status, claimed_at)
            if email is None:
                continue  # another worker took it
            error = _send(email, connection)
            if error is None:
                summary.sent += 1
                continue
            if _record_failure(email, error):
                summary.abandoned += 1
            else:
                summary.failed += 1
            if isinstance(error, UNREACHABLE):
                break
    finally:
        with contextlib.suppress(Exception):  # closing a dead connection may fail too
            connection.close()
    return summary


def _claim(pk: int, status: str, claimed_at) -> OutgoingEmail | None:
    """pending → sending (or an expired claim → a new one), only if nobody changed it since."""
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=pk, status=status, claimed_at=claimed_at).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=now
    )
    return OutgoingEmail.objects.get(pk=pk) if claimed else None


def _send(email: OutgoingEmail, connection) -> Exception | None:
    message = EmailMessage(
        email.subject,
        email.body,
        settings.DEFAULT_FROM_EMAIL,
        [email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers=headers(email),
        connection=connection,
    )
    start = time.monotonic()
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is retried
        email.seconds = time.monotonic() - start
        return error
    OutgoingEmail.objects.filter(pk=email.pk, claimed_at=email.claimed_at).update(
        status=OutgoingEmail.Status.SENT,
        sent_at=timezone.now(),
        attempts=email.attempts + 1,
        seconds=time.monotonic() - start,
    )
    return None


def answered_late(error: Exception) -> bool:
    """The server stopped answering (or hung up) during DATA: it had the message, and may
    have sent it. smtplib turns the timeout into SMTPServerDisconnected."""
    if not isinstance(error, TimeoutError | smtplib.SMTPServerDisconnected):
        return False
    frame = error.__traceback__
    while frame is not None:
        code = frame.tb_frame.f_code
        if code.co_name == "data" and code.co_filename.endswith("smtplib.py"):
            # `q` exists once the go-ahead came and the message was being sent: a failure
            # before it (waiting for 354) means the server never had the message.
            return "q" in frame.tb_frame.f_locals
        frame = frame.tb_next
    return False


def _record_failure(email: OutgoingEmail, error: Exception) -> bool:
    """Back to pending with a growing delay, or abandoned after MAX_ATTEMPTS (True)."""
    email.attempts += 1
    email.last_error = type(error).__name__[:300]  # its kind only: a server may quote addresses
    if answered_late(error):
        email.late_answers += 1
        email.last_error = "réponse tardive du serveur après le message : sans doute envoyé"
    abandoned = email.attempts >= MAX_ATTEMPTS or email.late_answers >= MAX_LATE_ANSWERS
    if abandoned:
        email.status = OutgoingEmail.Status.FAILED
    else:
        email.status = OutgoingEmail.Status.PENDING
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
    OutgoingEmail.objects.filter(pk=email.pk, claimed_at=email.claimed_at).update(
        status=email.status,
        attempts=email.attempts,
        late_answers=email.late_answers,
        seconds=email.seconds,
        last_error=email.last_error,
        next_attempt_at=email.next_attempt_at,
    )
    return abandoned
