"""Writes of the signed-in spaces: a fiche saved and recorded, confirmed, a proposal decided
and published, a member added. Each in one transaction, each in the history."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Membership
from accounts.services import account_for
from directory import contacts
from directory.models import HelpKind, Offre, Phase, Proposal, Structure, Theme
from directory.provenance import normalised
from directory.seed import upsert_offre
from history.services import describe_changes, record
from outbox.emails import queue_email
from territories.models import EPCI, Commune

from .forms import STRUCTURE_FIELDS


@transaction.atomic
def publish_contact(user, membership: Membership, form) -> None:
    """A member shows their own professional details on the fiche."""
    membership = form.save(commit=False)
    membership.published_at = timezone.now()
    membership.save()
    record(
        user,
        membership.structure,
        "interlocuteur publié",
        membership.public_name,
        _where(membership.structure),
    )


@transaction.atomic
def withdraw_contact(user, membership: Membership) -> None:
    """The member's details leave the fiche, and are erased."""
    membership.public_name = membership.public_role = ""
    membership.public_phone = membership.public_email = ""
    membership.published_at = None
    membership.save()
    record(user, membership.structure, "interlocuteur retiré", "", _where(membership.structure))


def _where(structure: Structure) -> list[str]:
    """The départements whose platform team sees this change in its history."""
    return sorted(structure.departements())


@transaction.atomic
def save_recorded(user, form, before: dict, structure: Structure) -> None:
    """Save a fiche's form and, when something changed, say what in its history. Contacts a
    person typed are marked so (the structure's own, or the platform team's): no import will
    overwrite them."""
    changed_contacts = [name for name in form.changed_data if name in contacts.FIELDS]
    if changed_contacts and isinstance(form.instance, Structure):
        origin = (
            contacts.STRUCTURE
            if Membership.objects.filter(user=user, structure=structure).exists()
            else contacts.PLATFORM
        )
        contacts.mark(form.instance, changed_contacts, origin)
    saved = form.save()
    if form.changed_data:
        structure.taken_over()
        record(user, saved, "modification", describe_changes(form, before), _where(structure))


@transaction.atomic
def confirm_structure(user, structure: Structure) -> None:
    structure.validation = Structure.Validation.VERIFIED
    structure.validated_at = timezone.localdate()
    structure.stale_notified_at = None
    structure.save(update_fields=["validation", "validated_at", "stale_notified_at", "updated_at"])
    record(
        user,
        structure,
        "fiche confirmée",
        f"vérifiée le {structure.validated_at:%d/%m/%Y}",
        _where(structure),
    )


def territory_departements(payload: dict) -> set[str]:
    ((scope, codes),) = payload["territory"].items()
    if scope == "departements":
        return set(codes)
    if scope == "communes":
        return set(Commune.objects.filter(code__in=codes).values_list("departement_id", flat=True))
    if scope == "epcis":
        return set(
            EPCI.objects.filter(code__in=codes).values_list("departements__code", flat=True)
        ) - {None}
    return set()


def publish_proposal(user, proposal: Proposal, approve: bool) -> None:
    """What an approved proposal creates: the structure, or the offer on its fiche."""
    if not approve:
        return
    if proposal.kind == Proposal.Kind.STRUCTURE:
        publish_structure(user, proposal)
        return
    data = dict(proposal.payload)
    base = slugify(f"{proposal.structure.slug}-{data['title']}")[:100]
    slug, n = base, 1
    while Offre.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    data["slug"] = slug
    data.setdefault(
        "sources", [f"Proposée par la structure, publiée le {timezone.localdate():%d/%m/%Y}"]
    )
    offre = upsert_offre(
        proposal.structure,
        proposal.structure.offres.count(),
        data,
        {t.slug: t for t in Theme.objects.all()},
        {t.slug: t for t in HelpKind.objects.all()},
        {t.slug: t for t in Phase.objects.all()},
    )
    proposal.structure.taken_over()
    record(user, offre, "offre publiée", proposal.payload["title"], proposal.departements)


def publish_structure(user, proposal: Proposal) -> Structure:
    """A proposed structure enters the directory « à confirmer », its proposer as admin."""
    data = proposal.payload
    base = slugify(data.get("acronym") or data["name"])[:70] or "structure"
    slug, n = base, 1
    while Structure.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    structure = Structure.objects.create(
        slug=slug,
        sources=[normalised(source) for source in data.get("sources", [])],
        **{name: data.get(name, "") for name in ["name", "kind", *STRUCTURE_FIELDS[:-1]]},
    )
    contacts.mark(structure, contacts.FIELDS, contacts.STRUCTURE)
    structure.save(update_fields=["contact_sources"])
    proposal.structure = structure
    proposal.save(update_fields=["structure"])
    if proposal.proposed_by_id:
        Membership.objects.get_or_create(
            user_id=proposal.proposed_by_id,
            structure=structure,
            defaults={"role": Membership.Role.ADMIN, "via": Membership.Via.PLATFORM},
        )  # the platform team published the structure it proposed
    record(user, structure, "structure publiée", str(proposal), proposal.departements)
    return structure


@transaction.atomic
def add_member(actor, structure: Structure, email: str, role: str) -> Membership:
    email = email.strip().lower()
    user = account_for(email)
    membership, _ = Membership.objects.update_or_create(
        user=user, structure=structure, defaults={"role": role, "via": Membership.Via.ADMIN}
    )
    record(actor, structure, "ajout d'un membre", f"compte n° {user.pk} ({role})")
    queue_email(email, "member_added", {"structure": structure})
    return membership
