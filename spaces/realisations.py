"""Réalisations proposed by communes (their elected officials and secretaries, once their
access is confirmed) and by the structures that helped (with the commune's agreement); the
platform team of the commune's département publishes them."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts import permissions
from directory.models import Structure
from history.services import record
from peers.forms import LINES, RealisationForm
from peers.models import FundingLine, Helper, Realisation
from projects import permissions as project_permissions
from projects import services as project_services
from projects.models import Project
from support.routing import platform_emails
from territories.models import Commune

from .moderation import announce
from .structures import may_propose


@login_required
def propose(request):
    """As an elected official of one's communes, `?structure=<slug>` as a member, or
    `?projet=<id>` from a finished project of one's team (prefilled from it)."""
    structure, project = None, _project(request)
    if request.GET.get("projet") and project is None:
        messages.info(
            request,
            "Ce projet ne peut pas être proposé comme réalisation : il n'est pas terminé, il "
            "l'a déjà été, ou vous n'êtes pas de son équipe.",
        )
        return redirect("projects:mine")
    if request.GET.get("structure"):
        structure = get_object_or_404(
            Structure, slug=request.GET["structure"], pk__in=permissions.structure_ids(request.user)
        )
    codes = permissions.commune_codes(request.user)
    if project is not None:
        codes = set(project.communes.values_list("code", flat=True))
    if structure is None and not codes:
        return render(request, "peers/propose_who.html", status=403)
    kwargs = {
        "communes": None if structure else Commune.objects.filter(code__in=codes).order_by("name"),
        "for_structure": structure is not None,
    }
    initial = project_services.realisation_initial(project, LINES) if project else None
    form = RealisationForm(initial=initial, **kwargs)
    if request.method == "POST":
        form = RealisationForm(request.POST, **kwargs)
        if form.is_valid() and may_propose(request, form):
            with transaction.atomic():
                realisation = save_proposal(request.user, form, structure)
                if project is not None:
                    _from_project(request.user, project, realisation)
            messages.success(
                request,
                "Merci : la réalisation est transmise à l'équipe de la plateforme, qui la "
                "publiera après relecture. Vous recevrez un courriel.",
            )
            return redirect("spaces:dashboard")
    return render(
        request,
        "peers/propose.html",
        {"form": form, "structure": structure, "project": project},
        status=400 if form.errors else 200,
    )


def _project(request):
    """The finished project named by `?projet=`, if the user is of its team and it was not
    proposed yet (a page reloaded proposes nothing twice)."""
    try:
        public_id = uuid.UUID(request.GET.get("projet", ""))
    except ValueError:
        return None
    project = Project.objects.filter(
        public_id=public_id, state=Project.State.FINISHED, realisation=None
    ).first()
    if project is None or not project_permissions.is_carrier(request.user, project):
        return None
    return project


def _from_project(user, project, realisation) -> None:
    """Its helpers are the structures that followed the project; the project points to it."""
    Helper.objects.bulk_create(
        [
            Helper(realisation=realisation, structure=structure, role=Helper.Role.CONSEIL)
            for structure in project_services.helpers_of(project)
        ],
        ignore_conflicts=True,
    )
    project_services.proposed_as(user, project, realisation)


@transaction.atomic
def save_proposal(user, form: RealisationForm, structure: Structure | None) -> Realisation:
    realisation = form.save(commit=False)
    commune = form.commune()
    realisation.source, realisation.external_id = Realisation.Source.PROPOSED, uuid.uuid4().hex
    realisation.commune = commune
    realisation.latitude, realisation.longitude = commune.latitude, commune.longitude
    realisation.status, realisation.proposed_by = Realisation.Status.PENDING, user  # read first
    who = structure.display_name if structure else f"la commune de {commune.name}"
    realisation.sources = [
        {
            "titre": f"Proposée par {who}",
            "url": form.cleaned_data.get("source_url") or "",
            "date": str(timezone.localdate().year),
        }
    ]
    realisation.save()
    form.save_m2m()
    FundingLine.objects.bulk_create(
        FundingLine(realisation=realisation, backer=backer, scheme=scheme, amount=amount)
        for backer, scheme, amount in form.cleaned_data["lines"]
    )
    announce(platform_emails(commune.departement_id), "une réalisation", realisation.title, who)
    if structure:
        Helper.objects.create(
            realisation=realisation, structure=structure, role=form.cleaned_data["role"]
        )
        record(user, structure, "réalisation proposée", realisation.title, [commune.departement_id])
    return realisation
