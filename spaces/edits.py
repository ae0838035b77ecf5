"""A change to something already published (a call, an event, a resource) goes back to
reading, and the published version stays online until the platform team accepts the change
(it used to go online at once, unread). The edit views hand the valid form to `propose`; the
platform queue applies it with `decide`, through the same form and the same save as a direct
edit, so a change read and accepted is saved exactly as it would have been."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import QueryDict

from history.services import describe_changes, record
from outbox.emails import queue_email
from support.routing import team_emails

from .models import PendingEdit
from .structures import may_propose

PROPOSED = (
    "Votre modification est transmise à l'équipe de la plateforme : la version publiée reste "
    "en ligne jusqu'à sa relecture, et vous recevrez un courriel."
)


@dataclass(frozen=True)
class Editable:
    what: str  # « la formation »
    form: Callable  # (data, item) → the edit form, bound
    save: Callable  # (user, structure, form) → the saved item
    structure: Callable  # item → the structure that publishes it
    title: Callable  # item → its title


REGISTRY: dict[type, Editable] = {}


def register(model, editable: Editable) -> None:
    REGISTRY[model] = editable


def goes_to_reading(item, form) -> bool:
    return item.status == "published" and form.has_changed()


def save_or_propose(request, structure, item, form, save) -> bool:
    """What an edit view does with a valid form: save it, or, for a published item, keep the
    change for reading. False when the daily proposals are spent (the form says so)."""
    if goes_to_reading(item, form):
        if not may_propose(request, form):  # each change e-mails the team
            return False
        propose(request.user, structure, item, form)
        messages.success(request, PROPOSED)
    else:
        save(request.user, structure, form)
        messages.success(request, "Modification enregistrée.")
    return True


def forget(item) -> None:
    """The item is withdrawn or deleted: its waiting change goes with it."""
    PendingEdit.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).delete()


def pending_for(item) -> PendingEdit | None:
    return PendingEdit.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).first()


@transaction.atomic
def propose(user, structure, item, form) -> PendingEdit:
    """Keep the change for the platform team (a newer one replaces it) and tell the team."""
    editable = REGISTRY[type(item)]
    before = {name: form.initial.get(name) for name in form.changed_data}
    data = {key: form.data.getlist(key) for key in form.data if key != "csrfmiddlewaretoken"}
    edit, _ = PendingEdit.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        defaults={
            "data": data,
            "summary": describe_changes(form, before, limit=20_000),
            "proposed_by": user,
        },
    )
    title = editable.title(item)
    for to in team_emails(structure):
        queue_email(to, "edit_new", {"what": editable.what, "title": title, "by": structure})
    record(
        user,
        structure,
        "modification proposée",
        f"{title}\n{edit.summary}",
        sorted(structure.departements()),
    )
    return edit


@transaction.atomic
def decide(user, edit: PendingEdit, approve: bool, reason: str = "") -> str:
    """Apply or refuse a change once (a second decision finds it gone); the proposer is told.
    A change no longer valid (a date now past…) is refused with the form's own words."""
    if not PendingEdit.objects.filter(pk=edit.pk).delete()[0]:
        return "Cette modification venait d'être décidée par quelqu'un d'autre."
    item = edit.item
    editable = REGISTRY[type(item)]
    structure = editable.structure(item)
    if approve and (item.status != "published" or getattr(item, "archived_at", None)):
        approve, reason = False, "Le contenu n'est plus en ligne : la modification est sans objet."
    if approve:
        data = QueryDict(mutable=True)
        for key, values in edit.data.items():
            data.setlist(key, values)
        form = editable.form(data, item)
        if form.is_valid():
            editable.save(user, structure, form)
        else:
            errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
            approve, reason = False, f"La modification n'est plus valable : {errors}"
    if edit.proposed_by_id and edit.proposed_by.email:
        queue_email(
            edit.proposed_by.email,
            "edit_decided",
            {
                "what": editable.what,
                "title": editable.title(item),
                "approved": approve,
                "reason": reason.strip()[:2000],
                "structure": structure,
            },
        )
    if not approve:
        record(
            user,
            structure,
            "modification refusée",
            editable.title(item),
            sorted(structure.departements()),
        )
    return (
        "Modification publiée."
        if approve
        else "Modification refusée : la structure en est informée."
    )
