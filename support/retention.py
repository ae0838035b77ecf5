"""Personal data kept no longer than needed: requests closed for SUPPORT_RETENTION_MONTHS are
anonymised (name, contacts, messages erased; commune, theme, structure, dates and outcome
kept for the statistics); sent e-mails are deleted after 30 days."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outbox.models import OutgoingEmail

from .models import Message, SupportRequest

ERASED = "[effacé]"
SENT_EMAILS_KEPT = timedelta(days=30)


def retention_limit(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(
        days=round(settings.SUPPORT_RETENTION_MONTHS * 30.44)
    )


@transaction.atomic
def purge(now: datetime | None = None) -> tuple[int, int]:
    """Returns (requests anonymised, e-mails deleted). Running it again changes nothing."""
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
    deleted, _ = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENT, sent_at__lt=now - SENT_EMAILS_KEPT
    ).delete()
    return anonymised, deleted
