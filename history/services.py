"""Record changes. Callers say who acted; `describe_changes` turns a form's changed fields
into readable « champ : avant → après » lines (long texts are summarised, not copied)."""

from django.db import models

from .models import Change

MODELS = {"Structure": "structure", "Offre": "offre", "SupportRequest": "demande"}
LONG_TEXT = 80


REQUESTER = "requester"  # the actor when the requester acts through the follow link


def actor_label(user) -> str:
    if user == REQUESTER:
        return "Demandeur (lien de suivi)"
    if user is None or not getattr(user, "is_authenticated", False):
        return "Carto'Ingé (automatique)"
    return f"Compte n° {user.pk}"  # the account, not the person's name or address


def record(
    actor, instance: models.Model, action: str, summary: str = "", departements=""
) -> Change:
    return Change.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label(actor),
        model=MODELS.get(type(instance).__name__, type(instance).__name__.lower()),
        object_id=instance.pk,
        object_label=str(instance)[:200],
        action=action,
        summary=summary,
        departements=",".join(departements) if not isinstance(departements, str) else departements,
    )


def _shown(value, limit: int = LONG_TEXT) -> str:
    if value is None or value == "":
        return "(vide)"
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return ", ".join(str(v) for v in value) or "(vide)"
    text = str(value)
    return text if len(text) <= limit else f"texte modifié ({len(text)} caractères)"


def describe_changes(form, before: dict, limit: int = LONG_TEXT) -> str:
    """`limit`: the longest text quoted whole (the history summarises; a moderator who must
    judge a change reads it all)."""
    lines = []
    for name in form.changed_data:
        label = form.fields[name].label or name
        old, new = _shown(before.get(name), limit), _shown(form.cleaned_data[name], limit)
        lines.append(f"{label} : {old} → {new}")
    return "\n".join(lines)


def for_object(instance: models.Model):
    return Change.objects.filter(
        model=MODELS.get(type(instance).__name__, ""), object_id=instance.pk
    )
