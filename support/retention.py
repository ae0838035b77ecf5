"""Personal data kept no longer than needed: requests closed for SUPPORT_RETENTION_MONTHS are
anonymised (name, contacts, messages erased; commune, theme, structure, dates and outcome
kept for the statistics); e-mails of the outbox are deleted 30 days after they were queued,
sent or not; expired sign-in links and sessions are deleted, and the aid alerts never
confirmed within a week or confirmed two years ago."""

from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from accounts.models import LoginToken
from funding import alerts
from outbox.models import OutgoingEmail

from .models import Message, SupportRequest

ERASED = "[effacé]"
EMAILS_KEPT = timedelta(days=30)  # far past the last retry (about two days)


class Purged(NamedTuple):
    requests: int  # anonymised
    emails: int
    login_links: int
    sessions: int
    alerts: int  # aid alerts never confirmed, or two years old


def retention_limit(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(
        days=round(settings.SUPPORT_RETENTION_MONTHS * 30.44)
    )


@transaction.atomic
def purge(now: datetime | None = None) -> Purged:
    """What was anonymised or deleted. Running it again changes nothing."""
    now = now or timezone.now()
    old = SupportRequest.objects.filter(
        status=SupportRequest.Status.CLOSED,
        closed_at__lt=retention_limit(now),
        anonymised_at=None,
    )
    ids = list(old.values_list("pk", flat=True))
    Message.objects.filter(request_id__in=ids).update(body=ERASED)
    anonymised = SupportRequest.objects.filter(pk__in=ids).update(
        requester_name=ERASED,
        requester_email="anonyme@invalid",
        requester_phone="",
        project=ERASED,
        journey=None,
        anonymised_at=now,
        follow_version=0,  # no link works any more
    )
    emails, _ = OutgoingEmail.objects.filter(created_at__lt=now - EMAILS_KEPT).delete()
    login_links, _ = LoginToken.objects.filter(expires_at__lt=now).delete()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    return Purged(anonymised, emails, login_links, sessions, alerts.purge(now))
