"""How a structure is reached today, said before a user asks it for help. A structure
receives its requests through Carto'Ingé once one of its agents has joined it (an active
member with an address); until then, the département's platform team answers and passes the
request on (`support.routing` sends them)."""

import math
from datetime import timedelta
from statistics import median

from django.conf import settings
from django.utils import timezone

from .models import Structure

USUAL_DELAY_AFTER = 3  # taken requests before a usual delay is given
USUAL_DELAY_WINDOW = timedelta(days=365)


def member_emails(structure: Structure) -> list[str]:
    """The addresses of the structure's active members: those who receive its requests."""
    members = structure.memberships.filter(user__is_active=True).exclude(user__email="")
    return sorted(set(members.values_list("user__email", flat=True)))


def receiving(structure_ids) -> dict[int, int | None]:
    """Which of these structures have an active member with an address, each with its usual
    delay in days to take a request over (the median of the last year), or None while it has
    taken fewer than USUAL_DELAY_AFTER. At most two queries, one when none has joined."""
    joined = set(
        Structure.objects.filter(
            pk__in=list(structure_ids),
            memberships__user__is_active=True,
        )
        .exclude(memberships__user__email="")
        .values_list("pk", flat=True)
    )
    if not joined:
        return {}
    delays: dict[int, list[float]] = {pk: [] for pk in joined}
    since = timezone.now() - USUAL_DELAY_WINDOW
    for pk, sent, taken in Structure.objects.filter(
        pk__in=joined, requests__taken_at__gte=since
    ).values_list("pk", "requests__waiting_since", "requests__taken_at"):
        delays[pk].append((taken - sent).total_seconds() / 86_400)
    return {
        pk: max(1, math.ceil(median(days))) if len(days) >= USUAL_DELAY_AFTER else None
        for pk, days in delays.items()
    }


def notice(structure_name: str, direct: bool, usual_days: int | None = None) -> str:
    """What will happen, in one sentence, before the user sends anything."""
    if direct and usual_days:
        plural = "s" if usual_days > 1 else ""
        return (
            f"{structure_name} reçoit les demandes par Carto'Ingé et les prend en charge "
            f"habituellement sous {usual_days} jour{plural}."
        )
    if direct:
        return f"{structure_name} reçoit les demandes par Carto'Ingé et vous répond."
    days = settings.SUPPORT_UNANSWERED_WORKING_DAYS
    team = settings.PLATFORM_TEAM_NAME
    return (
        f"{structure_name} ne reçoit pas encore les demandes par Carto'Ingé : {team} "
        f"vous répond sous {days} jours ouvrés et la lui transmet."
    )
