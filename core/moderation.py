"""One rule for every decision the platform team takes on what someone submitted: a call, an
event, a resource, a réalisation, a proposed offer, a membership claim, an error report, a
commune access.

Each moderated model declares its `DECISIONS`: the one status that awaits a decision and the
two it may lead to. A decision is a conditional UPDATE (`… WHERE status = <awaiting>`): of two
moderators deciding the same item at the same moment, one succeeds and the other is told in
French that it was already decided — the database, not the page, is the guard (as for the
requests' workflow, `support.workflow`)."""

from dataclasses import dataclass

from django.db import models
from django.db.models.signals import post_save
from django.utils import timezone

from core.params import MEDIUM_TEXT


class AlreadyDecided(Exception):
    def __init__(self):
        super().__init__(
            "Quelqu'un d'autre venait de prendre une décision sur cet élément : "
            "rien n'a été changé. La file ci-dessous est à jour."
        )


@dataclass(frozen=True)
class Decisions:
    """The declared transitions: `awaiting` → `approved`, or `awaiting` → `refused`."""

    awaiting: str
    approved: str
    refused: str


class Status(models.TextChoices):
    PUBLISHED = "published", "En ligne"
    PENDING = "pending", "En attente de relecture"
    REFUSED = "refused", "Publication refusée"


class Moderated(models.Model):
    """Content a structure or a commune submits: published once the platform team has read
    it, refused with a reason sent to whoever proposed it."""

    Status = Status
    DECISIONS = Decisions(Status.PENDING, Status.PUBLISHED, Status.REFUSED)

    status = models.CharField(
        "publication", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("relue le", null=True, blank=True)
    moderation_reason = models.TextField("motif du refus", blank=True, max_length=MEDIUM_TEXT)

    class Meta:
        abstract = True

    def resubmit(self) -> None:
        """Changed by its author after a refusal (or new): read again before it shows."""
        if self.pk is None or self.status == Status.REFUSED:
            self.status, self.decided_at, self.moderation_reason = Status.PENDING, None, ""


def decide(item: models.Model, approve: bool, **fields) -> None:
    """Approve or refuse `item`, once. `fields` are written by the same UPDATE (the reason,
    who decided…); `decided_at` is set when the model has one. Raises AlreadyDecided when the
    item no longer awaits a decision."""
    model = type(item)
    table: Decisions = model.DECISIONS
    fields["status"] = table.approved if approve else table.refused
    if any(field.name == "decided_at" for field in model._meta.concrete_fields):
        fields.setdefault("decided_at", timezone.now())
    if not model._base_manager.filter(pk=item.pk, status=table.awaiting).update(**fields):
        raise AlreadyDecided
    for name, value in fields.items():
        setattr(item, name, value)
    # An UPDATE sends no signal: the in-memory indexes that follow this model (`core.revisions`)
    # would keep showing a published item as awaiting until the next day.
    post_save.send(
        sender=model,
        instance=item,
        created=False,
        update_fields=frozenset(fields),
        raw=False,
        using=item._state.db,
    )
