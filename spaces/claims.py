"""« C'est ma structure »: an agent who has signed in (so whose address is verified by the
sign-in link) joins a structure. Automatic when the address is on the structure's website
domain; otherwise the platform team of its département decides. The first member becomes
the fiche's administrator. Everything goes to the history."""

from urllib.parse import urlparse

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Claim, Membership
from directory.models import Structure
from history.services import record
from outbox.emails import queue_email
from support.routing import platform_emails


def _domain(value: str) -> str:
    value = value.lower().strip()
    return value[4:] if value.startswith("www.") else value


def website_domain(structure: Structure) -> str:
    return _domain(urlparse(structure.website).hostname or "") if structure.website else ""


def on_its_domain(email: str, structure: Structure) -> bool:
    domain = website_domain(structure)
    return bool(domain) and _domain(email.rsplit("@", 1)[-1]) == domain


@transaction.atomic
def join(user, structure: Structure, decided_by=None) -> Membership:
    """The membership, administrator if the structure had no member yet."""
    first = not structure.memberships.exists()
    membership, _ = Membership.objects.get_or_create(
        user=user,
        structure=structure,
        defaults={"role": Membership.Role.ADMIN if first else Membership.Role.MEMBER},
    )
    record(
        decided_by or user, structure, "rattachement",
        f"Compte n° {user.pk} : {membership.get_role_display().lower()}",
        [structure.home_departement],
    )  # fmt: skip
    return membership


@transaction.atomic
def decide_claim(user, claim: Claim, approve: bool) -> None:
    claim.status = Claim.Status.APPROVED if approve else Claim.Status.REFUSED
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_at"])
    if approve:
        join(claim.user, claim.structure, decided_by=user)
        queue_email(claim.user.email, "member_added", {"structure": claim.structure})
    else:
        record(user, claim.structure, "rattachement refusé", f"Compte n° {claim.user_id}",
               [claim.structure.home_departement])  # fmt: skip


@login_required
@require_POST
def claim(request, slug):
    structure = get_object_or_404(Structure.objects.select_related("seat_commune"), slug=slug)
    user = request.user
    if structure.memberships.filter(user=user).exists():
        messages.info(request, f"Vous êtes déjà membre de {structure.display_name}.")
        return redirect("directory:manage_structure", slug)
    if on_its_domain(user.email, structure):
        membership = join(user, structure)
        messages.success(
            request,
            f"Votre adresse est sur le domaine de {structure.display_name} : vous êtes "
            f"maintenant {membership.get_role_display().lower()} de sa fiche.",
        )
        return redirect("directory:manage_structure", slug)
    claim, created = Claim.objects.get_or_create(
        user=user, structure=structure, status=Claim.Status.PENDING
    )
    if created:
        for email in platform_emails(structure.home_departement):
            queue_email(email, "claim_new", {"claim": claim})
    messages.success(
        request,
        "Votre demande de rattachement est transmise à l'équipe de la plateforme, qui vérifie "
        "que vous travaillez pour la structure et vous répond par courriel.",
    )
    return redirect(structure)
