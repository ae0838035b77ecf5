"""The platform team's queue (territory admins): requests without an answer, proposed offers,
commune accesses to confirm, fiches to review, e-mails that could not be sent."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.models import Claim, CommuneAccess, Membership
from agenda.models import Event
from core.params import MAX_ID, int_param
from directory.models import ErrorReport, Proposal
from funding.models import Aid
from history.models import Change
from library.models import Resource
from outbox.models import OutgoingEmail
from peers.models import Realisation
from support import workflow
from support.models import SupportRequest

from . import edits
from .aids import decide_local_aid
from .claims import decide_claim, domain_hint, review_membership
from .events import decide_event
from .models import PendingEdit
from .realisations import decide_realisation
from .reports import answer_report
from .resources import decide_resource
from .services import decide_proposal
from .stale import stale_structures


def _scope(user):
    """(all of France?, the départements) a platform user moderates."""
    if not permissions.is_staff_of_platform(user):
        raise PermissionDenied
    return user.is_superuser, permissions.territory_codes(user)


@login_required
def queue(request):
    everything, codes = _scope(request.user)
    unanswered = workflow.unanswered()  # oldest first
    proposals = Proposal.objects.filter(status=Proposal.Status.PENDING).select_related("structure")
    accesses = CommuneAccess.objects.filter(status=CommuneAccess.Status.PENDING).select_related(
        "commune"
    )
    changes = Change.objects.all()
    reports = ErrorReport.objects.filter(status=ErrorReport.Status.OPEN).select_related(
        "structure", "offre"
    )
    claims = Claim.objects.filter(status=Claim.Status.PENDING).select_related("structure", "user")
    # Memberships an e-mail domain gave alone, before claims were vouched for: to review.
    to_review = Membership.objects.filter(
        via=Membership.Via.DOMAIN, reviewed_at=None
    ).select_related("structure", "user")
    resources = Resource.objects.filter(status=Resource.Status.PENDING).select_related("publisher")
    events = Event.objects.filter(status=Event.Status.PENDING).select_related("organiser")
    changes_to_read = [
        (edit, edits.REGISTRY[type(edit.item)])
        for edit in PendingEdit.objects.select_related("proposed_by").prefetch_related("item")
        if edit.item is not None
    ]
    realisations = Realisation.objects.filter(status=Realisation.Status.PENDING).select_related(
        "commune"
    )
    local_aids = Aid.objects.filter(
        source=Aid.Source.LOCAL, status=Aid.Status.PENDING, archived_at=None
    ).select_related("backer")
    stale = stale_structures(among=None if everything else permissions.structures_in(codes))
    if not everything:
        unanswered = unanswered.filter(commune_id__in=permissions.communes_in(codes))
        proposals = [p for p in proposals if set(p.departements) & codes]
        accesses = accesses.filter(commune__departement_id__in=codes)
        # The structures of its départements, read once for the three lists below.
        in_scope = list(permissions.structures_in(codes).values_list("pk", flat=True))
        reports = reports.filter(structure_id__in=in_scope)
        claims = claims.filter(structure_id__in=in_scope)
        to_review = to_review.filter(structure_id__in=in_scope)
        local_aids = local_aids.filter(backer_id__in=in_scope)
        realisations = realisations.filter(commune__departement_id__in=codes)
        events = events.filter(organiser_id__in=in_scope)
        changes_to_read = [
            (edit, editable)
            for edit, editable in changes_to_read
            if editable.structure(edit.item).pk in in_scope
        ]
        resources = resources.filter(publisher_id__in=in_scope)
        changes = changes.filter(
            Q(departements="") | Q(departements__regex=r"(^|,)(" + "|".join(codes) + r")(,|$)")
        )
    context = {
        "unanswered": unanswered[:100],
        "unanswered_count": unanswered.count(),
        "proposals": proposals,
        "accesses": accesses,
        "stale": stale[:100],
        "reports": reports[:100],
        "claims": [(claim, domain_hint(claim)) for claim in claims[:100]],
        "to_review": to_review[:100],
        "local_aids": local_aids[:100],
        "events": events[:100],
        "changes_to_read": [
            (edit, editable.what, editable.title(edit.item), editable.structure(edit.item))
            for edit, editable in changes_to_read[:100]
        ],
        "resources": resources[:100],
        "realisations": realisations.prefetch_related("funding", "themes")[:100],
        "changes": changes[:50],
        # Said to the team, never to users: the national catalogue is not loaded.
        "aids_not_synchronised": not Aid.objects.filter(
            source=Aid.Source.AIDES_TERRITOIRES
        ).exists(),
        "aids_token_missing": not settings.AIDES_TERRITOIRES_TOKEN,
        "failed_emails": OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count(),
        "pending_emails": OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.PENDING, attempts__gt=0
        ).count(),
    }
    return render(request, "support/platform.html", context)


@login_required
@require_POST
def decide(request):
    """A decision of the queue, on the object its form names (`kind`, `pk`)."""
    everything, codes = _scope(request.user)
    decision = DECISIONS.get(request.POST.get("kind", ""))
    pk = int_param(request.POST, "pk", minimum=1, maximum=MAX_ID)
    if decision is None or pk is None:
        messages.error(request, "Élément introuvable.")
        return redirect("support:platform")
    approve = request.POST.get("decision") == "approve"
    messages.success(request, decision(request, pk, approve, everything, codes))
    return redirect("support:platform")


def _decide_proposal(request, pk, approve, everything, codes) -> str:
    proposal = get_object_or_404(Proposal, pk=pk, status=Proposal.Status.PENDING)
    if not everything and not set(proposal.departements) & codes:
        raise PermissionDenied
    decide_proposal(request.user, proposal, approve, request.POST.get("reason", ""))
    return "Offre publiée." if approve else "Proposition refusée."


def _decide_access(request, pk, approve, everything, codes) -> str:
    access = get_object_or_404(CommuneAccess, pk=pk, status=CommuneAccess.Status.PENDING)
    if not everything and access.commune.departement_id not in codes:
        raise PermissionDenied
    access.status = CommuneAccess.Status.APPROVED if approve else CommuneAccess.Status.REFUSED
    access.decided_at = timezone.now()
    access.save()
    return "Accès confirmé." if approve else "Accès refusé."


def _remind(request, pk, approve, everything, codes) -> str:
    support_request = get_object_or_404(SupportRequest, pk=pk)
    if not permissions.can_remind(request.user, support_request):
        raise PermissionDenied
    workflow.remind(support_request, request.user)
    return "La structure a été relancée."


def _decide_report(request, pk, approve, everything, codes) -> str:
    report = get_object_or_404(ErrorReport, pk=pk, status=ErrorReport.Status.OPEN)
    if (
        not everything
        and not permissions.structures_in(codes).filter(pk=report.structure_id).exists()
    ):
        raise PermissionDenied
    answer_report(request.user, report, approve, request.POST.get("reason", ""))
    return "Signalement marqué corrigé." if approve else "Signalement classé sans suite."


def _decide_claim(request, pk, approve, everything, codes) -> str:
    claim = get_object_or_404(Claim, pk=pk, status=Claim.Status.PENDING)
    in_scope = permissions.structures_in(codes).filter(pk=claim.structure_id).exists()
    if not everything and not in_scope:
        raise PermissionDenied
    if not decide_claim(request.user, claim, approve):
        return "Cette demande venait d'être décidée par quelqu'un d'autre."
    return "Rattachement accepté." if approve else "Rattachement refusé."


def _review_membership(request, pk, keep, everything, codes) -> str:
    membership = get_object_or_404(
        Membership.objects.select_related("structure", "user"),
        pk=pk, via=Membership.Via.DOMAIN, reviewed_at=None,
    )  # fmt: skip
    in_scope = permissions.structures_in(codes).filter(pk=membership.structure_id).exists()
    if not everything and not in_scope:
        raise PermissionDenied
    review_membership(request.user, membership, keep)
    return "Rattachement gardé." if keep else "Rattachement retiré : le compte en est informé."


def _decide_edit(request, pk, approve, everything, codes) -> str:
    edit = get_object_or_404(PendingEdit, pk=pk)
    if edit.item is None:
        raise Http404
    structure = edits.REGISTRY[type(edit.item)].structure(edit.item)
    if not everything and not permissions.structures_in(codes).filter(pk=structure.pk).exists():
        raise PermissionDenied
    return edits.decide(request.user, edit, approve, request.POST.get("reason", ""))


def _structure_content(pending, structure_field: str, decide, said: tuple[str, str]):
    """The decision on something a structure published (a call, an event, a resource): the
    moderator's territory must hold that structure."""

    def decision(request, pk, approve, everything, codes) -> str:
        content = get_object_or_404(pending, pk=pk)
        structure_id = getattr(content, f"{structure_field}_id")
        if not everything and not permissions.structures_in(codes).filter(pk=structure_id).exists():
            raise PermissionDenied
        decide(request.user, content, approve, request.POST.get("reason", ""))
        return said[0] if approve else said[1]

    return decision


def _decide_realisation(request, pk, approve, everything, codes) -> str:
    realisation = get_object_or_404(
        Realisation.objects.select_related("commune"), pk=pk, status=Realisation.Status.PENDING
    )
    if not everything and realisation.commune.departement_id not in codes:
        raise PermissionDenied
    decide_realisation(request.user, realisation, approve, request.POST.get("reason", ""))
    return "Réalisation publiée." if approve else "Réalisation refusée : son auteur est informé."


DECISIONS = {
    "proposal": _decide_proposal,
    "access": _decide_access,
    "remind": _remind,
    "report": _decide_report,
    "claim": _decide_claim,
    "membership": _review_membership,
    "edit": _decide_edit,
    "local_aid": _structure_content(
        Aid.objects.filter(source=Aid.Source.LOCAL, status=Aid.Status.PENDING, archived_at=None),
        "backer", decide_local_aid,
        ("Appel publié.", "Appel refusé : la structure en est informée."),
    ),
    "realisation": _decide_realisation,
    "event": _structure_content(
        Event.objects.filter(status=Event.Status.PENDING), "organiser", decide_event,
        ("Formation publiée.", "Formation refusée : la structure en est informée."),
    ),
    "resource": _structure_content(
        Resource.objects.filter(status=Resource.Status.PENDING), "publisher", decide_resource,
        ("Ressource publiée.", "Ressource refusée : la structure en est informée."),
    ),
}  # fmt: skip
