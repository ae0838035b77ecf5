"""« C'est ma structure »: an agent who has signed in (so whose address is verified by the
sign-in link) asks to join a structure. Nobody joins on an e-mail domain alone (the DDT, the
préfecture and the sous-préfectures share one): the first member of a fiche is confirmed by the
platform team of its département, or through a link sent to the structure's institutional
address (a sourced contact, never the claimant's); later members by the fiche's
administrators. A matching domain is shown to whoever decides, as a hint. The first member
becomes the fiche's administrator. Everything goes to the history."""

import secrets
from urllib.parse import urlparse

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Claim, Membership
from core.ratelimit import DAY, allow, may_write_to
from directory import contacts
from directory.models import Structure
from history.services import record
from outbox.emails import queue_email
from support.routing import team_emails

CLAIMS_PER_DAY = 5  # a claim e-mails the team, the fiche's admins or its public address


def _domain(value: str) -> str:
    value = value.lower().strip()
    return value[4:] if value.startswith("www.") else value


def website_domain(structure: Structure) -> str:
    return _domain(urlparse(structure.website).hostname or "") if structure.website else ""


def domain_hint(claim: Claim) -> str:
    """What the claimant's address says, for whoever decides: a hint, never a proof."""
    domain = website_domain(claim.structure)
    if not domain or _domain(claim.user.email.rsplit("@", 1)[-1]) != domain:
        return "adresse hors du domaine du site de la structure"
    sharing = [
        s.display_name
        for s in Structure.objects.exclude(pk=claim.structure_id).exclude(website="")
        if website_domain(s) == domain
    ]
    if sharing:
        return f"domaine {domain}, partagé avec {len(sharing)} autre(s) structure(s)"
    return f"adresse sur le domaine du site de la structure ({domain})"


def admin_emails(structure: Structure) -> list[str]:
    """The fiche's administrators who can decide: active, with an address, vouched for."""
    admins = structure.memberships.vouched().filter(
        role=Membership.Role.ADMIN, user__is_active=True
    )
    return list(admins.exclude(user__email="").values_list("user__email", flat=True))


@transaction.atomic
def join(user, structure: Structure, via: str, decided_by=None) -> Membership:
    """The membership, administrator if the fiche has none who can decide."""
    first = not admin_emails(structure)
    membership, _ = Membership.objects.get_or_create(
        user=user,
        structure=structure,
        defaults={"role": Membership.Role.ADMIN if first else Membership.Role.MEMBER, "via": via},
    )
    record(
        decided_by,
        structure,
        "rattachement",
        f"Compte n° {user.pk} : {membership.get_role_display().lower()} "
        f"({membership.get_via_display().lower()})",
        sorted(structure.departements()),
    )
    return membership


@transaction.atomic
def review_membership(user, membership: Membership, keep: bool) -> None:
    """A membership the e-mail domain gave alone: kept (the team checked), or removed."""
    structure = membership.structure
    if keep:
        membership.reviewed_at = timezone.now()
        membership.via = Membership.Via.PLATFORM
        membership.save(update_fields=["reviewed_at", "via"])
        record(
            user,
            structure,
            "rattachement revu",
            f"Compte n° {membership.user_id} : gardé",
            sorted(structure.departements()),
        )
        return
    membership.delete()
    record(
        user,
        structure,
        "rattachement revu",
        f"Compte n° {membership.user_id} : retiré",
        sorted(structure.departements()),
    )
    queue_email(membership.user.email, "member_removed", {"structure": structure})


def pending_for_admins(structure: Structure):
    return structure.claims.filter(status=Claim.Status.PENDING).select_related("user")


@login_required
@require_POST
def claim(request, slug):
    structure = get_object_or_404(Structure.objects.select_related("seat_commune"), slug=slug)
    user = request.user
    if structure.memberships.filter(user=user).exists():
        messages.info(request, f"Vous êtes déjà membre de {structure.display_name}.")
        return redirect("spaces:manage_structure", slug)
    if not allow("claim", str(user.pk), CLAIMS_PER_DAY, DAY):
        messages.error(
            request,
            "Vous avez fait beaucoup de demandes de rattachement aujourd'hui : réessayez demain.",
        )
        return redirect(structure)
    claim, created = Claim.objects.get_or_create(
        user=user, structure=structure, status=Claim.Status.PENDING
    )
    admins = admin_emails(structure)
    if admins:
        if created:
            for email in admins:
                queue_email(email, "claim_to_admins", {"claim": claim, "hint": domain_hint(claim)})
        messages.success(
            request,
            f"Votre demande est transmise aux administrateurs de la fiche de "
            f"{structure.display_name}, qui l'acceptent ou la refusent depuis la page des "
            "membres ; vous recevrez un courriel.",
        )
        return redirect(structure)
    address = contacts.institutional_email(structure)
    if created:
        for email in team_emails(structure):
            queue_email(email, "claim_new", {"claim": claim, "hint": domain_hint(claim)})
        if address and may_write_to(request, address):
            claim.token, claim.sent_to = secrets.token_urlsafe(32), address
            claim.save(update_fields=["token", "sent_to"])
            queue_email(address, "claim_confirm", {"claim": claim})
    by_address = (
        f" Un lien de confirmation est aussi envoyé à l'adresse de contact publique de la "
        f"structure ({claim.sent_to}) : qui la lit peut confirmer."
        if claim.sent_to
        else ""
    )
    messages.success(
        request,
        "Votre demande de rattachement est transmise à l'équipe de la plateforme, qui vérifie "
        f"que vous travaillez pour la structure et vous répond par courriel.{by_address}",
    )
    return redirect(structure)
