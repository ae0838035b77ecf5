"""Fiches that nobody has confirmed for a year: flagged to their structure and to the platform
team, once per period (a scheduled command, safe to run again)."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import TerritoryAdmin
from directory.models import Structure
from history.services import record
from outbox.emails import queue_email


def threshold(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today - timedelta(days=round(settings.STRUCTURE_CONFIRMATION_MONTHS * 30.44))


def stale_structures(today: date | None = None, among=None) -> QuerySet[Structure]:
    """Never confirmed and older than the period, or confirmed before it (`among`: a
    queryset of structures to look in, all by default). Creation is compared with the start of
    the limit day rather than cast to a date on every row."""
    limit = threshold(today)
    day_start = timezone.make_aware(datetime.combine(limit, time.min))
    structures = Structure.objects.all() if among is None else among
    return structures.filter(
        Q(validated_at__lt=limit) | Q(validated_at=None, created_at__lt=day_start)
    ).order_by("name")


def flag_stale(today: date | None = None) -> tuple[int, int]:
    """Tell each stale structure's members and its départements' admins, unless already told
    during this period. Returns (stale, newly flagged)."""
    today = today or timezone.localdate()
    limit = threshold(today)
    stale = stale_structures(today)
    flagged = 0
    for structure in stale:
        if structure.stale_notified_at and structure.stale_notified_at >= limit:
            continue
        members = set(
            structure.memberships.filter(user__is_active=True).values_list("user__email", flat=True)
        )
        admins = set(
            TerritoryAdmin.objects.filter(
                departement__in=structure.departements(), user__is_active=True
            ).values_list("user__email", flat=True)
        )
        context = {"structure": structure, "months": settings.STRUCTURE_CONFIRMATION_MONTHS}
        for email in sorted(members | admins):
            queue_email(email, "stale_fiche", context)
        Structure.objects.filter(pk=structure.pk).update(stale_notified_at=today)
        record(
            None,
            structure,
            "fiche signalée comme à revoir",
            departements=sorted(structure.departements()),
        )
        flagged += 1
    return len(stale), flagged
