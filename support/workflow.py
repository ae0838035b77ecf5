"""The life of a help request, as plain functions: who may move it where, what is written in
its timeline and history, who is told (through the outbox).

`TRANSITIONS` is the single truth of the moves: `_move` checks it in the database itself
(UPDATE … WHERE status IN the allowed sources), so that two people acting at once give one
move and one clear refusal. Each action keeps only its side effects.

    nouvelle ──take──▶ prise en charge ──start──▶ en cours
        │                  │                         │
        └──── reroute (to another structure) ◀───────┘ ──▶ réorientée ──take──▶ …
    any open status ──close (with an outcome)──▶ clôturée
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.calendar import working_days_after
from directory import reach
from directory.models import Structure
from history.services import REQUESTER, record

from . import notifications, response_times
from .models import Event, Message, SupportRequest

Status = SupportRequest.Status

TRANSITIONS = {
    "take": ({Status.NEW, Status.REROUTED}, Status.TAKEN),
    "start": ({Status.TAKEN}, Status.IN_PROGRESS),
    "reroute": (set(SupportRequest.OPEN), Status.REROUTED),
    "close": (set(SupportRequest.OPEN), Status.CLOSED),
}


class WorkflowError(ValueError):
    """A move the request's status does not allow, in French for the user."""


def _move(request: SupportRequest, action: str, **fields) -> None:
    """Move the request as `TRANSITIONS[action]` allows, with `fields`, or refuse in French
    if its status (as the database has it now, not as it was read) does not allow it."""
    allowed, target = TRANSITIONS[action]
    moved = SupportRequest.objects.filter(pk=request.pk, status__in=allowed).update(
        status=target, **fields
    )
    if not moved:
        request.refresh_from_db(fields=["status"])
        raise WorkflowError(
            f"Action impossible : la demande est « {request.get_status_display().lower()} »."
        )
    request.status = target
    for name, value in fields.items():
        setattr(request, name, value)


def _departements(request: SupportRequest) -> list[str]:
    return [request.commune.departement_id]


@dataclass
class NewRequest:
    commune: object
    project: str
    requester_name: str
    requester_role: str
    requester_email: str
    requester_phone: str = ""
    theme: object = None
    phase: object = None
    journey: object = None
    dossier: object = None
    share_with_epci: bool = False


@transaction.atomic
def submit(data: NewRequest, offres: list) -> list[SupportRequest]:
    """One request per structure addressed (an offer names its structure), sharing a group."""
    now = timezone.now()
    requests, group = [], None
    seen = set()
    for offre in offres:
        if offre.structure_id in seen:
            continue
        seen.add(offre.structure_id)
        request = SupportRequest(
            commune=data.commune,
            structure=offre.structure,
            offre=offre,
            theme=data.theme,
            phase=data.phase,
            journey=data.journey,
            dossier=data.dossier,
            project=data.project,
            requester_name=data.requester_name,
            requester_role=data.requester_role,
            requester_email=data.requester_email.lower(),
            requester_phone=data.requester_phone,
            consent_at=now,
            share_with_epci=data.share_with_epci,
            waiting_since=now,
        )
        if group is not None:
            request.group = group
        request.save()
        group = request.group
        Event.objects.create(
            request=request, text=f"Demande envoyée à {offre.structure.display_name}."
        )
        record(
            REQUESTER, request, "création", f"adressée à {offre.structure}", _departements(request)
        )
        notifications.new_request_to_structure(request)
        requests.append(request)
    notifications.request_sent_to_requester(requests)
    return requests


@transaction.atomic
def take(request: SupportRequest, user) -> None:
    _move(request, "take", taken_at=timezone.now())
    response_times.refresh([request.structure_id])  # one more answered: said from now on
    _log(request, user, "prise en charge", f"Prise en charge par {request.structure.display_name}.")
    notifications.status_to_requester(request)


@transaction.atomic
def start(request: SupportRequest, user) -> None:
    _move(request, "start")
    _log(
        request, user, "en cours", f"Accompagnement en cours avec {request.structure.display_name}."
    )
    notifications.status_to_requester(request)


@transaction.atomic
def reroute(request: SupportRequest, user, to: Structure, note: str = "") -> None:
    if to.pk == request.structure_id:
        raise WorkflowError("Choisissez une autre structure que celle qui a la demande.")
    previous = request.structure
    _move(
        request,
        "reroute",
        structure=to,
        waiting_since=timezone.now(),
        taken_at=None,
        reminded_at=None,
        escalated_at=None,
    )
    _log(
        request,
        user,
        "réorientation",
        f"Réorientée par {previous.display_name} vers {to.display_name}.",
        detail=f"{previous} → {to}",
    )
    if note.strip():
        Message.objects.create(
            request=request,
            author=Message.Author.STRUCTURE,
            author_user=user,
            structure=previous,
            body=note.strip(),
        )
    notifications.status_to_requester(request)
    notifications.new_request_to_structure(request, rerouted_from=previous)


@transaction.atomic
def close(request: SupportRequest, user, outcome: str, by_requester: bool = False) -> None:
    if outcome not in SupportRequest.Outcome.values:
        raise WorkflowError("Choisissez l'issue de la demande.")
    _move(request, "close", outcome=outcome, closed_at=timezone.now())
    who = "le demandeur" if by_requester else request.structure.display_name
    label = request.get_outcome_display().lower()
    _log(
        request, user, "clôture", f"Clôturée par {who} : {label}.", actor_is_requester=by_requester
    )
    if by_requester:
        notifications.closed_to_structure(request)
    else:
        notifications.status_to_requester(request)


@transaction.atomic
def post_message(request: SupportRequest, user, body: str, author: str) -> Message:
    body = body.strip()
    if not body:
        raise WorkflowError("Écrivez votre message.")
    if not request.is_open:
        raise WorkflowError("La demande est clôturée : elle ne reçoit plus de message.")
    message = Message.objects.create(
        request=request,
        author=author,
        author_user=user if author != Message.Author.REQUESTER else None,
        structure=request.structure if author == Message.Author.STRUCTURE else None,
        body=body,
    )
    actor = REQUESTER if author == Message.Author.REQUESTER else user
    record(
        actor,
        request,
        "message",
        f"message ({message.get_author_display().lower()})",
        _departements(request),
    )
    if author == Message.Author.REQUESTER:
        notifications.message_to_structure(request)
    else:
        response_times.refresh([request.structure_id])  # a first answer, perhaps
        notifications.message_to_requester(request)
    return message


@transaction.atomic
def renew_follow_link(request: SupportRequest) -> None:
    """Revoke the follow link and send a new one (an activity: the new link's year starts)."""
    SupportRequest.objects.filter(pk=request.pk).update(follow_version=request.follow_version + 1)
    request.refresh_from_db(fields=["follow_version"])
    Event.objects.create(request=request, text="Nouveau lien de suivi envoyé au demandeur.")
    record(REQUESTER, request, "nouveau lien de suivi", departements=_departements(request))
    notifications.new_follow_link(request)


def _log(request, user, action, text, detail="", actor_is_requester=False) -> None:
    Event.objects.create(request=request, text=text)
    actor = REQUESTER if actor_is_requester else user
    record(actor, request, action, detail or text, _departements(request))


# Unanswered requests: still waiting N working days after reaching their structure.


def unanswered(now: datetime | None = None) -> QuerySet[SupportRequest]:
    """The requests nobody has taken in hand SUPPORT_UNANSWERED_WORKING_DAYS working days (of
    their commune's département: its public holidays excluded) after they reached their
    structure, oldest first — the platform's list and the escalation read this one rule.

    Working days are counted in Python only for the recent requests: those waiting for more
    than twice the delay plus ten calendar days are past it whatever the weekends and public
    holidays in between, and stay in SQL (the platform may hold tens of thousands)."""
    now = now or timezone.now()
    days = settings.SUPPORT_UNANSWERED_WORKING_DAYS
    waiting = SupportRequest.objects.filter(status__in=SupportRequest.WAITING)
    certainly_late = now - timedelta(days=2 * days + 10)
    overdue = waiting.filter(waiting_since__lt=now - timedelta(days=days))  # never fewer
    recent = overdue.filter(waiting_since__gte=certainly_late).values_list(
        "pk", "waiting_since", "commune__departement_id"
    )
    not_yet = [
        pk
        for pk, since, departement in recent
        if working_days_after(since, days, departement) > now
    ]
    # One range and a short exclusion list, rather than « old OR late »: the databases read
    # it along their (status, waiting_since) index instead of every waiting request.
    return (
        overdue.exclude(pk__in=not_yet)
        .select_related("commune", "structure")
        .order_by("waiting_since", "pk")
    )


def due_for_escalation(now: datetime | None = None) -> QuerySet[SupportRequest]:
    """The unanswered requests not yet passed on to the guichet."""
    return unanswered(now).filter(escalated_at=None)


def escalation(request: SupportRequest) -> tuple[str, str]:
    """What happens to an untaken request (said before), and what happened (said after):
    a structure that receives its requests hands over to the guichet; for one that has not
    joined, the guichet already holds it, and is reminded."""
    departement = request.commune.departement_id
    direct = request.structure_id in reach.receiving([request.structure_id])
    if direct:
        before = f"elle est transmise {reach.to_team(departement)}"
        after = f"Transmise {reach.to_team(departement)}"
    else:
        before = f"{reach.team_name(departement)} est relancé"
        after = f"Relance envoyée {reach.to_team(departement)}"
    if request.escalated_at:
        after += f" le {timezone.localtime(request.escalated_at):%d/%m/%Y}"
    return before, after


@transaction.atomic
def escalate(request: SupportRequest, now: datetime | None = None) -> bool:
    """Pass an untaken request to the guichet (and the platform team), once: one e-mail to
    them with the request, one reminder to the structure when it receives requests itself.
    False if someone took it, or it was passed on, meanwhile."""
    now = now or timezone.now()
    moved = SupportRequest.objects.filter(
        pk=request.pk, status__in=SupportRequest.WAITING, escalated_at__isnull=True
    ).update(escalated_at=now, reminded_at=now)
    if not moved:
        return False
    request.escalated_at = request.reminded_at = now
    since = timezone.localtime(request.waiting_since)
    text = f"{escalation(request)[1]}, sans prise en charge depuis le {since:%d/%m/%Y}."
    _log(request, None, "transmission", text)
    notifications.escalated(request)
    return True


@transaction.atomic
def remind(request: SupportRequest, user) -> None:
    request.reminded_at = timezone.now()
    request.save(update_fields=["reminded_at"])
    _log(request, user, "relance", f"Relance envoyée à {request.structure.display_name}.")
    notifications.reminder_to_structure(request)
