"""Calls for projects and aids that a structure publishes from its space: read by the platform
team before they are proposed, then kept up to date by the structure, with their history."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from directory.models import Structure
from funding.forms import LocalAidForm
from funding.models import Aid
from history.services import record
from support.routing import team_emails
from territories.models import EPCI, Departement

from . import edits
from .moderation import announce
from .structures import may_propose, structure_for

AUDIENCES = {"for_communes": "Communes", "for_epcis": "Intercommunalités"}
TYPES = {"is_financial": "Aide financière", "is_engineering": "Ingénierie"}


def territory_choices(structure: Structure) -> list[tuple[str, str]]:
    """Its départements, then the intercommunalities of those départements."""
    codes = structure.departements()
    departements = Departement.objects.filter(code__in=codes).order_by("code")
    epcis = EPCI.objects.filter(departements__code__in=codes).distinct().order_by("name")
    return [
        (f"departement:{d.code}", f"{d.name} ({d.code}), tout le département") for d in departements
    ] + [(f"epci:{e.code}", e.name) for e in epcis]


@transaction.atomic
def save_local_aid(user, structure: Structure, form: LocalAidForm) -> Aid:
    """Save the form's aid: a new one, or one refused and corrected, waits for the platform
    team; a change to a published one is read first (`edits`). Each save is in the structure's
    history."""
    aid = form.save(commit=False)
    is_new = aid.pk is None
    if is_new:
        aid.source, aid.external_id = Aid.Source.LOCAL, uuid.uuid4().hex[:16]
        aid.backer, aid.proposed_by = structure, user
    aid.resubmit()  # new, or refused then corrected: read again
    data = form.cleaned_data
    kind, codes = form.territory_codes()
    aid.financers = [structure.display_name]
    aid.documents = data["documents"]
    aid.audiences = [label for name, label in AUDIENCES.items() if data.get(name)]
    aid.aid_types = [label for name, label in TYPES.items() if data.get(name)]
    aid.scope = Aid.Scope.DEPARTEMENTAL if kind == "departement" else Aid.Scope.LOCAL
    places = (Departement if kind == "departement" else EPCI).objects.filter(code__in=codes)
    aid.perimeter = ", ".join(sorted(place.name for place in places))[:200]
    aid.perimeter_scale = "Département" if kind == "departement" else "Intercommunalité"
    aid.save()
    form.save_m2m()
    aid.categories = [theme.name for theme in aid.themes.all()]
    aid.steps = [phase.name for phase in aid.phases.all()]
    aid.save(update_fields=["categories", "steps"])
    aid.departements.set(places if kind == "departement" else [])
    aid.epcis.set(places if kind == "epci" else [])
    if is_new:
        announce(team_emails(structure), "un appel à projets", aid.name, structure.display_name)
    what = "appel ou aide proposé" if is_new else "appel ou aide modifié"
    record(user, structure, what, aid.name, sorted(structure.departements()))
    return aid


@transaction.atomic
def withdraw_local_aid(user, aid: Aid) -> None:
    aid.archived_at = timezone.now()
    aid.save(update_fields=["archived_at"])
    record(user, aid.backer, "appel ou aide retiré", aid.name, sorted(aid.backer.departements()))


@login_required
def new_aid(request, slug):
    structure = structure_for(request, slug)
    form = LocalAidForm(territories=territory_choices(structure))
    if request.method == "POST":
        form = LocalAidForm(request.POST, territories=territory_choices(structure))
        if form.is_valid() and may_propose(request, form):
            save_local_aid(request.user, structure, form)
            messages.success(
                request,
                "Votre appel est transmis à l'équipe de la plateforme : il sera proposé aux "
                "communes dès sa relecture. Vous recevrez un courriel.",
            )
            return redirect("spaces:manage_structure", slug=slug)
    return _form_page(request, structure, form, None)


@login_required
def edit_aid(request, pk):
    aid = get_object_or_404(Aid.objects.select_related("backer"), pk=pk, source=Aid.Source.LOCAL)
    if aid.backer is None or aid.archived_at:
        raise Http404
    structure = structure_for(request, aid.backer.slug)
    form = LocalAidForm(instance=aid, territories=territory_choices(structure))
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            edits.forget(aid)
            withdraw_local_aid(request.user, aid)
            messages.success(request, f"« {aid.name} » n'est plus proposé aux communes.")
            return redirect("spaces:manage_structure", slug=structure.slug)
        form = LocalAidForm(request.POST, instance=aid, territories=territory_choices(structure))
        if form.is_valid() and edits.save_or_propose(request, structure, aid, form, save_local_aid):
            return redirect("spaces:manage_structure", slug=structure.slug)
    return _form_page(request, structure, form, aid)


def _form_page(request, structure, form, aid):
    return render(
        request,
        "funding/space/aid_form.html",
        {
            "structure": structure,
            "form": form,
            "aid": aid,
            "pending": edits.pending_for(aid) if aid else None,
        },
        status=400 if form.errors else 200,
    )


edits.register(
    Aid,
    edits.Editable(
        what="l'appel ou l'aide",
        form=lambda data, aid: LocalAidForm(
            data, instance=aid, territories=territory_choices(aid.backer)
        ),
        save=save_local_aid,
        structure=lambda aid: aid.backer,
        title=lambda aid: aid.name,
    ),
)
