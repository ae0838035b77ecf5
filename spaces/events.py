"""Trainings and meetings a structure publishes from its space: read by the platform team
first, then kept up to date by the structure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from agenda.forms import EventForm
from agenda.models import Event
from history.services import record
from support.routing import team_emails

from . import edits
from .moderation import announce
from .structures import may_propose, structure_for


@transaction.atomic
def save_event(user, structure, form: EventForm) -> Event:
    event = form.save(commit=False)
    is_new = event.pk is None
    if is_new:
        event.organiser, event.proposed_by = structure, user
    event.resubmit()  # new, or refused then corrected: read again
    event.save()
    form.save_m2m()
    if is_new:
        announce(team_emails(structure), "une formation", event.title, structure.display_name)
    record(
        user,
        structure,
        "formation proposée" if is_new else "formation modifiée",
        event.title,
        sorted(structure.departements()),
    )
    return event


@login_required
def new_event(request, slug):
    structure = structure_for(request, slug)
    form = EventForm()
    if request.method == "POST":
        form = EventForm(request.POST)
        if form.is_valid() and may_propose(request, form):
            save_event(request.user, structure, form)
            messages.success(
                request,
                "Votre formation est transmise à l'équipe de la plateforme : elle paraîtra dans "
                "l'agenda dès sa relecture. Vous recevrez un courriel.",
            )
            return redirect("spaces:manage_structure", slug=slug)
    return _page(request, structure, form, None)


@login_required
def edit_event(request, pk):
    event = get_object_or_404(Event.objects.select_related("organiser"), pk=pk)
    structure = structure_for(request, event.organiser.slug)
    if (event.ends_at or event.starts_at) < timezone.now():
        raise Http404  # past: kept as it was
    form = EventForm(instance=event)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            edits.forget(event)
            event.delete()
            messages.success(request, f"« {event.title} » est retiré de l'agenda.")
            return redirect("spaces:manage_structure", slug=structure.slug)
        form = EventForm(request.POST, instance=event)
        if form.is_valid() and edits.save_or_propose(request, structure, event, form, save_event):
            return redirect("spaces:manage_structure", slug=structure.slug)
    return _page(request, structure, form, event)


def _page(request, structure, form, event):
    return render(
        request,
        "agenda/space/form.html",
        {
            "structure": structure,
            "form": form,
            "event": event,
            "pending": edits.pending_for(event) if event else None,
        },
        status=400 if form.errors else 200,
    )


edits.register(
    Event,
    edits.Editable(
        what="la formation",
        form=lambda data, event: EventForm(data, instance=event),
        save=save_event,
        structure=lambda event: event.organiser,
        title=lambda event: event.title,
    ),
)
