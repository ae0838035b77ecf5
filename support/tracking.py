"""Where a request stands, for its requester: who holds it, since when, what comes next and by
when it should happen."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from core.calendar import working_days_after
from directory import reach

from .models import SupportRequest
from .workflow import escalation


@dataclass
class Standing:
    holder: str
    since: datetime
    next_step: str
    due: datetime | None  # the target date of the next step, if one applies
    escalation: str = ""  # who takes over if nobody has by then (the guichet)
    escalated: str = ""  # « Transmise au guichet … le 14/12/2026 », once it happened


def standing(request: SupportRequest) -> Standing:
    structure = request.structure.display_name
    direct = request.structure_id in reach.receiving([request.structure_id])
    team = reach.team_name(request.commune.departement_id)
    holder = structure if direct else f"{team}, pour {structure}"
    days = settings.SUPPORT_UNANSWERED_WORKING_DAYS
    if request.status in SupportRequest.WAITING:
        return Standing(
            holder,
            request.waiting_since,
            "la prise en charge de votre demande",
            working_days_after(request.waiting_since, days, request.commune.departement_id),
            escalation=escalation(request)[0],
            escalated=escalation(request)[1] if request.escalated_at else "",
        )
    if request.is_open:
        return Standing(
            holder,
            request.taken_at or request.waiting_since,
            "l'accompagnement : la structure vous écrit ici ou vous contacte",
            None,
        )
    return Standing(
        holder, request.closed_at or request.waiting_since, "aucune : demande close", None
    )
