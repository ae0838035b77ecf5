"""What the platform team decides, declared once: each kind of submitted item, where it
waits, who may decide it, what the decision says and does. The decision itself is
`core.moderation.decide` (one conditional UPDATE: two moderators, one decision); the history
line and the e-mail to the author are written here, once for every kind.

What a structure or a commune submits is also announced to the team of its département by
e-mail: on launch day the team is one person, who must not have to watch the queue to know."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.db import models, transaction
from django.db.models import QuerySet

from accounts.models import Claim, CommuneAccess, Membership
from agenda.models import Event
from core import moderation
from core.params import MEDIUM_TEXT
from directory.models import ErrorReport, Proposal, Structure
from funding.models import Aid
from history.services import record
from library.models import Resource
from outbox.emails import queue_email
from peers.models import Realisation

from .claims import join
from .services import publish_proposal


def announce(to_emails: list[str], what: str, title: str, by: str) -> None:
    """`to_emails`: `support.routing.team_emails(structure)`, or a commune's team."""
    for to in to_emails:
        queue_email(to, "moderation_new", {"what": what, "title": title, "by": by})


def _of_structures(field_name: str):
    """Scope of what a structure submitted: the moderator's départements hold the structure
    (`accounts.permissions.structures_in`)."""

    def scope(queryset: QuerySet, codes: set[str], structures=None):
        if structures is None:
            structures = Structure.objects.working_in(codes)
        return queryset.filter(**{f"{field_name}__in": structures})

    return scope


@dataclass(frozen=True)
class Queue:
    model: type[models.Model]
    title: Callable[[models.Model], str]
    structure: Callable[[models.Model], object]  # whose fiche (None: a commune's réalisation)
    # What a team of these départements decides: (queryset, codes, the pks of the structures
    # working there when the caller read them once, else None).
    scope: Callable[..., object]
    said: tuple[str, str]  # told to whoever decided: approved, refused
    recorded: tuple[str | None, str | None]  # the history line: approved, refused
    reason_field: str = "moderation_reason"  # the refusal's reason, sent to the author
    reason_kept: bool = False  # the reason is an answer, sent whatever the decision
    decided_by: str = ""  # the field that keeps who decided
    spent: dict = field(default_factory=dict)  # what a decision empties (a one-time link)
    email: str = ""  # the author is told with this template ({<model name>, approved})
    filters: dict = field(default_factory=dict)  # what else waiting means
    departements: Callable | None = None  # of the history line, when not the structure's
    related: tuple[str, ...] = ()  # what the queue shows of each
    then: Callable | None = None  # what the decision does besides: (user, item, approve, **)

    def awaiting(self) -> QuerySet:
        return self.model._default_manager.filter(
            status=self.model.DECISIONS.awaiting, **self.filters
        ).select_related(*self.related)

    def allowed(self, item, everything: bool, codes: set[str]) -> bool:
        return everything or bool(
            list(self.scope(self.model._default_manager.filter(pk=item.pk), codes))
        )


def _proposals_in(queryset, codes, structures=None):
    return [proposal for proposal in queryset if set(proposal.departements) & codes]


def _claim_decided(user, claim: Claim, approve: bool, via: str = Membership.Via.PLATFORM):
    if approve:
        join(claim.user, claim.structure, via, decided_by=user)
        queue_email(claim.user.email, "member_added", {"structure": claim.structure})


def _report_answered(user, report: ErrorReport, approve: bool):
    if report.email:
        queue_email(report.email, "error_report_answer", {"report": report})
        ErrorReport.objects.filter(pk=report.pk).update(email="")  # served its only purpose
        report.email = ""


QUEUES: dict[str, Queue] = {
    "proposal": Queue(
        Proposal, title=lambda p: p.name,
        structure=lambda p: p.structure, scope=_proposals_in,
        departements=lambda p: p.departements,
        said=("Offre publiée.", "Proposition refusée."),
        recorded=(None, "offre refusée"),  # a publication is recorded on what it creates
        reason_field="reason", decided_by="decided_by", email="proposal_decided",
        related=("structure",), then=publish_proposal,
    ),
    "local_aid": Queue(
        Aid, title=lambda aid: aid.name, structure=lambda aid: aid.backer,
        scope=_of_structures("backer"),
        said=("Appel publié.", "Appel refusé : la structure en est informée."),
        recorded=("appel ou aide publié", "appel ou aide refusé"),
        email="local_aid_decided", related=("backer",),
        filters={"source": Aid.Source.LOCAL, "archived_at": None},
    ),
    "resource": Queue(
        Resource, title=lambda r: r.title, structure=lambda r: r.publisher,
        scope=_of_structures("publisher"),
        said=("Ressource publiée.", "Ressource refusée : la structure en est informée."),
        recorded=("ressource publiée", "ressource refusée"),
        email="resource_decided", related=("publisher",),
    ),
    "event": Queue(
        Event, title=lambda e: e.title, structure=lambda e: e.organiser,
        scope=_of_structures("organiser"),
        said=("Formation publiée.", "Formation refusée : la structure en est informée."),
        recorded=("formation publiée", "formation refusée"),
        email="event_decided", related=("organiser",),
    ),
    "realisation": Queue(
        Realisation, title=lambda r: r.title, structure=lambda r: None,
        scope=lambda queryset, codes, structures=None: queryset.filter(
            commune__departement_id__in=codes
        ),
        said=("Réalisation publiée.", "Réalisation refusée : son auteur est informé."),
        recorded=("réalisation publiée", "réalisation refusée"),
        email="realisation_decided", related=("commune",),
    ),
    "access": Queue(
        CommuneAccess, title=lambda a: a.commune.name, structure=lambda a: None,
        scope=lambda queryset, codes, structures=None: queryset.filter(
            commune__departement_id__in=codes
        ),
        said=("Accès confirmé.", "Accès refusé."),
        recorded=("accès de commune confirmé", "accès de commune refusé"),
        reason_field="", related=("commune",),
    ),
    "claim": Queue(
        Claim, title=lambda c: f"Compte n° {c.user_id}", structure=lambda c: c.structure,
        scope=_of_structures("structure"),
        said=("Rattachement accepté.", "Rattachement refusé."),
        recorded=(None, "rattachement refusé"),  # an acceptance is recorded by `join`
        reason_field="", related=("structure", "user"), then=_claim_decided,
        spent={"token": ""},  # the link sent to the structure's address
    ),
    "report": Queue(
        ErrorReport, title=lambda r: r.get_status_display(), structure=lambda r: r.structure,
        scope=_of_structures("structure"),
        said=("Signalement marqué corrigé.", "Signalement classé sans suite."),
        recorded=("signalement traité", "signalement traité"),
        reason_field="answer", reason_kept=True, related=("structure", "offre"),
        then=_report_answered,
    ),
}  # fmt: skip


@transaction.atomic
def decide(user, kind: str, item, approve: bool, reason: str = "", **details) -> str:
    """Decide `item` once (`core.moderation.AlreadyDecided` otherwise), then tell its author,
    do what the decision does and write the history line. Returns what to tell the decider."""
    queue = QUEUES[kind]
    fields = {}
    if queue.reason_field:
        kept = queue.reason_kept or not approve
        fields[queue.reason_field] = reason.strip()[:MEDIUM_TEXT] if kept else ""
    if queue.decided_by and getattr(user, "is_authenticated", False):
        fields[queue.decided_by] = user
    fields.update(queue.spent)
    moderation.decide(item, approve, **fields)
    if queue.then:
        queue.then(user, item, approve, **details)
    author = getattr(item, "proposed_by", None)
    if queue.email and author is not None and author.email:
        name = queue.model._meta.model_name
        queue_email(author.email, queue.email, {name: item, "approved": approve})
    action = queue.recorded[0 if approve else 1]
    if action:
        structure = queue.structure(item)
        if queue.departements:
            departements = queue.departements(item)
        elif structure is not None:
            departements = sorted(structure.departements())
        else:
            departements = [item.commune.departement_id]
        record(user, structure or item, action, queue.title(item), departements)
    return queue.said[0 if approve else 1]


def decide_and_tell(request, kind: str, item, approve: bool, reason: str = "", **details):
    """`decide`, with what happened told to whoever decided (a message on the next page)."""
    try:
        messages.success(request, decide(request.user, kind, item, approve, reason, **details))
    except moderation.AlreadyDecided as refusal:
        messages.error(request, str(refusal))
