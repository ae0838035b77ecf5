"""The structure space: a structure's members keep their fiche and offers true, confirm the
fiche, and propose new offers or structures."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts import permissions
from accounts.models import Membership
from core.params import MAX_ID, int_param
from core.ratelimit import allow
from directory.models import ErrorReport, Offre, Proposal, Structure
from funding.models import Aid
from history.services import for_object, record

from . import moderation
from .forms import (
    OFFRE_FIELDS,
    STRUCTURE_FIELDS,
    NewStructureForm,
    OffreForm,
    ProposalForm,
    PublicContactForm,
    StructureForm,
)
from .services import (
    confirm_structure,
    publish_contact,
    save_recorded,
    territory_departements,
    withdraw_contact,
)


def structure_for(request, slug) -> Structure:
    structure = get_object_or_404(Structure, slug=slug)
    if not permissions.can_edit_structure(request.user, structure):
        raise Http404  # the same answer as for a structure that does not exist
    return structure


@login_required
def manage_structure(request, slug):
    structure = structure_for(request, slug)
    membership = Membership.objects.filter(user=request.user, structure=structure).first()
    can_answer = permissions.can_manage_members(request.user, structure)
    form = StructureForm(instance=structure)
    contact_form = PublicContactForm(instance=membership) if membership else None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            confirm_structure(request.user, structure)
            messages.success(request, "Merci : la fiche est marquée « vérifiée par la structure ».")
            return redirect("spaces:manage_structure", slug=slug)
        if action == "report":
            if not can_answer:
                raise PermissionDenied
            return _answer_report(request, structure)
        if action in ("publish", "withdraw") and membership:
            if action == "withdraw":
                withdraw_contact(request.user, membership)
                messages.success(request, "Vos coordonnées ne sont plus sur la fiche publique.")
                return redirect("spaces:manage_structure", slug=slug)
            contact_form = PublicContactForm(request.POST, instance=membership)
            if contact_form.is_valid():
                publish_contact(request.user, membership, contact_form)
                messages.success(request, "Vos coordonnées sont publiées sur la fiche.")
                return redirect("spaces:manage_structure", slug=slug)
        elif action not in ("report", "publish", "withdraw"):
            before = {name: getattr(structure, name) for name in STRUCTURE_FIELDS}
            form = StructureForm(request.POST, instance=structure)
            if form.is_valid():
                save_recorded(request.user, form, before, structure)
                messages.success(request, "La fiche est enregistrée.")
                return redirect("spaces:manage_structure", slug=slug)
    invalid = form.errors or (contact_form is not None and contact_form.errors)
    context = {
        "structure": structure,
        "form": form,
        "contact_form": contact_form,
        "membership": membership,
        "reports": structure.reports.filter(status=ErrorReport.Status.OPEN).select_related("offre")
        if can_answer
        else [],
        "offres": structure.offres.order_by("position", "title"),
        "proposals": structure.proposals.filter(status=Proposal.Status.PENDING),
        "local_aids": structure.aids.filter(source=Aid.Source.LOCAL, archived_at=None),
        "events": structure.events.filter(starts_at__gte=timezone.now()),
        "resources": structure.resources.all(),
        "can_manage_members": permissions.can_manage_members(request.user, structure),
        "changes": for_object(structure)[:20],
    }
    return render(
        request, "directory/space/structure.html", context, status=400 if invalid else 200
    )


def _answer_report(request, structure):
    pk = int_param(request.POST, "pk", minimum=1, maximum=MAX_ID)
    report = get_object_or_404(
        ErrorReport, pk=pk or 0, structure=structure, status=ErrorReport.Status.OPEN
    )
    fixed = request.POST.get("decision") == "approve"
    moderation.decide_and_tell(request, "report", report, fixed, request.POST.get("reason", ""))
    return redirect("spaces:manage_structure", slug=structure.slug)


@login_required
def manage_offre(request, slug):
    offre = get_object_or_404(Offre.objects.select_related("structure"), slug=slug)
    structure_for(request, offre.structure.slug)
    form = OffreForm(instance=offre)
    if request.method == "POST":
        before = {name: getattr(offre, name) for name in OFFRE_FIELDS}
        for name in ("themes", "help_kinds", "phases"):
            before[name] = list(getattr(offre, name).all())
        form = OffreForm(request.POST, instance=offre)
        if form.is_valid():
            save_recorded(request.user, form, before, offre.structure)
            messages.success(request, "L'offre est enregistrée.")
            return redirect("spaces:manage_structure", slug=offre.structure.slug)
    return render(
        request,
        "directory/space/offre.html",
        {
            "offre": offre,
            "structure": offre.structure,
            "form": form,
            "changes": for_object(offre)[:20],
        },
        status=400 if form.errors else 200,
    )


@login_required
def propose_offre(request, slug):
    structure = structure_for(request, slug)
    form = ProposalForm()
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid() and may_propose(request, form):
            payload = form.seed_record()
            departements = sorted(structure.departements() | territory_departements(payload))
            proposal = Proposal.objects.create(
                structure=structure,
                payload=payload,
                departements=departements,
                proposed_by=request.user,
            )
            record(
                request.user, structure, "offre proposée", proposal.payload["title"], departements
            )
            messages.success(
                request,
                "Votre offre est transmise à l'équipe de la plateforme, qui la publiera après "
                "relecture.",
            )
            return redirect("spaces:manage_structure", slug=slug)
    return render(
        request,
        "directory/space/propose.html",
        {"structure": structure, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def propose_structure(request):
    form = NewStructureForm()
    if request.method == "POST":
        form = NewStructureForm(request.POST)
        if form.is_valid() and may_propose(request, form):
            data = form.cleaned_data
            payload = {name: data.get(name) or "" for name in ["name", "kind", *STRUCTURE_FIELDS]}
            payload["sources"] = [data["source"]]
            proposal = Proposal.objects.create(
                kind=Proposal.Kind.STRUCTURE,
                payload=payload,
                departements=[data["departement"]],
                proposed_by=request.user,
            )
            messages.success(
                request,
                f"La fiche « {proposal} » est transmise à l'équipe de la plateforme. Une fois "
                "publiée, vous en serez l'administrateur.",
            )
            return redirect("spaces:dashboard")
    return render(
        request,
        "directory/space/propose_structure.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def may_propose(request, form) -> bool:
    """Proposals per account and per day: enough for a real structure, not for a script."""
    if allow("proposal", str(request.user.pk), settings.RATE_LIMIT_PROPOSALS_PER_DAY, 86_400):
        return True
    form.add_error(
        None,
        "Vous avez fait beaucoup de propositions aujourd'hui. Votre saisie est conservée "
        "ci-dessous : réessayez demain, ou écrivez à l'équipe de la plateforme.",
    )
    return False
