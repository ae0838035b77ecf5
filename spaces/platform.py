"""The platform team's queue (territory admins): requests without an answer, proposed offers,
commune accesses to confirm, fiches to review, e-mails that could not be sent."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.models import Membership
from core.params import MAX_ID, int_param
from directory.models import Structure
from directory.onboarding import OVERSEAS_COLLECTIVITIES
from funding.models import Aid
from history.models import Change
from outbox.models import OutgoingEmail
from support import workflow
from support.models import SupportRequest
from territories import site
from territories.models import Departement

from . import edits, moderation
from .claims import domain_hint, review_membership
from .models import PendingEdit
from .moderation import QUEUES
from .stale import stale_structures

UNANSWERED_PAGE_SIZE = 20


def _scope(user):
    """(all of France?, the départements) a platform user moderates."""
    if not permissions.is_staff_of_platform(user):
        raise PermissionDenied
    return user.is_superuser, permissions.territory_codes(user)


@login_required
def queue(request):
    everything, codes = _scope(request.user)
    # The structures working in the team's départements, read once for every list of the page.
    structures = (
        None
        if everything
        else list(Structure.objects.working_in(codes).values_list("pk", flat=True))
    )
    waiting = {
        kind: queue.awaiting() if everything else queue.scope(queue.awaiting(), codes, structures)
        for kind, queue in QUEUES.items()
    }
    scoped = _scoped(everything, codes, structures)
    context = {
        "departements": Departement.objects.filter(
            code__in=site.served_codes() if everything else codes
        )
        .exclude(code__in=OVERSEAS_COLLECTIVITIES)
        .order_by("code"),
        # The oldest first, a page at a time: each row carries its actions.
        "unanswered": Paginator(scoped["unanswered"], UNANSWERED_PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "proposals": waiting["proposal"],
        "accesses": waiting["access"],
        "stale": scoped["stale"][:100],
        "reports": waiting["report"][:100],
        "claims": [(claim, domain_hint(claim)) for claim in waiting["claim"][:100]],
        "to_review": scoped["to_review"][:100],
        "local_aids": waiting["local_aid"][:100],
        "events": waiting["event"][:100],
        "changes_to_read": [
            (edit, editable.what, editable.title(edit.item), editable.structure(edit.item))
            for edit, editable in scoped["changes_to_read"][:100]
        ],
        "resources": waiting["resource"][:100],
        "realisations": waiting["realisation"].prefetch_related("funding", "themes")[:100],
        "changes": scoped["changes"][:50],
        **_team_alerts(),
    }
    return render(request, "support/platform.html", context)


def _scoped(everything: bool, codes: list[str], structures: list[int] | None) -> dict:
    """The team's lists that are not moderation queues: all of France, or limited to its
    départements (`structures`: the pks of the structures working there)."""
    unanswered = workflow.unanswered()  # oldest first
    changes = Change.objects.all()
    # Memberships an e-mail domain gave alone, before claims were vouched for: to review.
    to_review = Membership.objects.filter(
        via=Membership.Via.DOMAIN, reviewed_at=None
    ).select_related("structure", "user")
    changes_to_read = [
        (edit, edits.REGISTRY[type(edit.item)])
        for edit in PendingEdit.objects.select_related("proposed_by").prefetch_related("item")
        if edit.item is not None
    ]
    stale = stale_structures(
        among=None if everything else Structure.objects.filter(pk__in=structures)
    )
    if not everything:
        unanswered = unanswered.filter(commune_id__in=permissions.communes_in(codes))
        to_review = to_review.filter(structure_id__in=structures)
        in_scope = set(structures)
        changes_to_read = [
            (edit, editable)
            for edit, editable in changes_to_read
            if editable.structure(edit.item).pk in in_scope
        ]
        changes = changes.filter(
            Q(departements="") | Q(departements__regex=r"(^|,)(" + "|".join(codes) + r")(,|$)")
        )
    return {
        "unanswered": unanswered,
        "changes": changes,
        "to_review": to_review,
        "changes_to_read": changes_to_read,
        "stale": stale,
    }


def _team_alerts() -> dict:
    """Said to the team, never to users: the national catalogue not loaded, e-mails failing."""
    return {
        "aids_not_synchronised": not Aid.objects.filter(
            source=Aid.Source.AIDES_TERRITOIRES
        ).exists(),
        "aids_token_missing": not settings.AIDES_TERRITOIRES_TOKEN,
        "failed_emails": OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count(),
        "pending_emails": OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.PENDING, attempts__gt=0
        ).count(),
    }


@login_required
@require_POST
def decide(request):
    """A decision of the queue, on the object its form names (`kind`, `pk`): a moderation
    (`spaces.moderation.QUEUES`) or one of the team's other actions."""
    everything, codes = _scope(request.user)
    kind = request.POST.get("kind", "")
    pk = int_param(request.POST, "pk", minimum=1, maximum=MAX_ID)
    queue, action = QUEUES.get(kind), ACTIONS.get(kind)
    if (queue is None and action is None) or pk is None:
        messages.error(request, "Élément introuvable.")
        return redirect("spaces:platform")
    approve = request.POST.get("decision") == "approve"
    if action is not None:
        messages.success(request, action(request, pk, approve, everything, codes))
        page = int_param(request.POST, "page", minimum=2, maximum=MAX_ID)  # back where it was
        return redirect(reverse("spaces:platform") + (f"?page={page}#sans-reponse" if page else ""))
    item = get_object_or_404(
        queue.model._default_manager.filter(**queue.filters).select_related(*queue.related),
        pk=pk,
    )  # decided or not: a second decision is told so, in French
    if not queue.allowed(item, everything, codes):
        raise PermissionDenied
    moderation.decide_and_tell(request, kind, item, approve, request.POST.get("reason", ""))
    return redirect("spaces:platform")


def _remind(request, pk, approve, everything, codes) -> str:
    support_request = get_object_or_404(SupportRequest, pk=pk)
    if not permissions.can_remind(request.user, support_request):
        raise PermissionDenied
    workflow.remind(support_request, request.user)
    return "La structure a été relancée."


def _review_membership(request, pk, keep, everything, codes) -> str:
    membership = get_object_or_404(
        Membership.objects.select_related("structure", "user"),
        pk=pk,
        via=Membership.Via.DOMAIN,
        reviewed_at=None,
    )
    if not permissions.can_moderate_structure(request.user, membership.structure):
        raise PermissionDenied
    review_membership(request.user, membership, keep)
    return "Rattachement gardé." if keep else "Rattachement retiré : le compte en est informé."


def _decide_edit(request, pk, approve, everything, codes) -> str:
    edit = get_object_or_404(PendingEdit, pk=pk)
    if edit.item is None:
        raise Http404
    structure = edits.REGISTRY[type(edit.item)].structure(edit.item)
    if not permissions.can_moderate_structure(request.user, structure):
        raise PermissionDenied
    return edits.decide(request.user, edit, approve, request.POST.get("reason", ""))


ACTIONS = {  # the team's actions that are not a moderation
    "remind": _remind,
    "membership": _review_membership,
    "edit": _decide_edit,
}
