"""The personal space (requests followed and handled, structures, platform) and a structure's
members page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts import permissions
from accounts.models import Claim, CommuneAccess, Membership
from core.moderation import AlreadyDecided
from core.params import MAX_ID, int_param
from directory.models import Structure
from history.services import record
from support.models import SupportRequest
from territories import site

from . import moderation
from .claims import domain_hint, pending_for_admins
from .forms import CommuneAccessForm, MemberForm
from .services import add_member


@login_required
def dashboard(request):
    user = request.user
    followed = permissions.followed_requests(user, SupportRequest.objects.all()).select_related(
        "commune", "structure"
    )[:50]
    structures = Structure.objects.filter(pk__in=permissions.structure_ids(user)).order_by("name")
    handled = permissions.handled_requests(user, SupportRequest.objects.all())
    waiting = handled.filter(status__in=SupportRequest.WAITING).count()
    if request.method == "POST":
        access_form = CommuneAccessForm(request.POST)
        if access_form.is_valid():
            CommuneAccess.objects.get_or_create(
                user=user,
                commune=access_form.cleaned_data["commune"],
                defaults={"role": access_form.cleaned_data["role"]},
            )
            messages.success(
                request,
                "Votre demande d'accès est transmise à l'équipe de la plateforme de votre "
                "département, qui la confirmera.",
            )
            return redirect("spaces:dashboard")
    else:
        access_form = CommuneAccessForm()
    context = {
        "followed": followed,
        "structures": structures,
        "waiting": waiting,
        "is_handler": bool(structures) or permissions.is_staff_of_platform(user),
        "is_platform": permissions.is_staff_of_platform(user),
        # The served départements' only: a superuser may open every one, by its page.
        "dashboards": permissions.epci_dashboards(user)
        .filter(departements__code__in=site.served_codes())
        .only("code", "name")
        .distinct()
        .order_by("name"),
        "accesses": user.commune_accesses.select_related("commune"),
        "access_form": access_form,
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
def members(request, slug):
    structure = get_object_or_404(Structure, slug=slug)
    if not permissions.can_manage_members(request.user, structure):
        raise Http404
    form = MemberForm()
    if request.method == "POST":
        claimed = int_param(request.POST, "claim", minimum=1, maximum=MAX_ID)
        if claimed is not None:  # « C'est ma structure » from someone else: the admins decide
            claim = get_object_or_404(pending_for_admins(structure), pk=claimed)
            approve = request.POST.get("decision") == "approve"
            moderation.decide_and_tell(request, "claim", claim, approve, via=Membership.Via.ADMIN)
            return redirect("spaces:members", slug=slug)
        removed = int_param(request.POST, "remove", minimum=1, maximum=MAX_ID)
        if removed is not None:
            membership = get_object_or_404(Membership, pk=removed, structure=structure)
            if membership.user_id == request.user.pk and not request.user.is_superuser:
                messages.error(request, "Vous ne pouvez pas vous retirer vous-même.")
            else:
                membership.delete()
                record(
                    request.user,
                    structure,
                    "retrait d'un membre",
                    f"compte n° {membership.user_id}",
                )
                messages.success(request, "Le membre a été retiré.")
            return redirect("spaces:members", slug=slug)
        form = MemberForm(request.POST)
        if form.is_valid():
            add_member(
                request.user, structure, form.cleaned_data["email"], form.cleaned_data["role"]
            )
            messages.success(request, "Le membre est ajouté ; il a reçu un courriel d'invitation.")
            return redirect("spaces:members", slug=slug)
    memberships = structure.memberships.select_related("user").order_by("user__email")
    return render(
        request,
        "accounts/members.html",
        {
            "structure": structure,
            "memberships": memberships,
            "form": form,
            "claims": [(c, domain_hint(c)) for c in pending_for_admins(structure)],
        },
    )


def confirm_claim(request, token: str):
    """The link sent to the structure's institutional address: a page with one button (a
    link opened by a mail scanner confirms nothing)."""
    pending = Claim.objects.filter(status=Claim.Status.PENDING).select_related("structure", "user")
    claim = pending.filter(token=token).first() if token else None
    if claim is None:
        raise Http404
    if request.method == "POST":
        approve = request.POST.get("decision") == "approve"
        try:
            moderation.decide(None, "claim", claim, approve, via=Membership.Via.ADDRESS)
        except AlreadyDecided:
            claim.refresh_from_db()  # the page says what was decided, by whoever did
        return render(request, "accounts/claim_decided.html", {"claim": claim})
    return render(request, "accounts/claim_confirm.html", {"claim": claim})
