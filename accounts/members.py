"""What the directory shows of a structure's members, kept on the structure (the directory
does not read the accounts): whether one of them receives its requests, and the details
those who chose to publish them. Refreshed whenever a membership or an account changes."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from directory.models import Structure

from .models import Membership


def member_emails(structure: Structure) -> list[str]:
    """The addresses of the structure's active, vouched members: who receive its requests."""
    members = structure.memberships.vouched().filter(user__is_active=True).exclude(user__email="")
    return sorted(set(members.values_list("user__email", flat=True)))


def refresh(structure_ids) -> None:
    for structure in Structure.objects.filter(pk__in=list(structure_ids)):
        published = (
            structure.memberships.filter(published_at__isnull=False, user__is_active=True)
            .exclude(public_name="")
            .order_by("public_name")
        )
        Structure.objects.filter(pk=structure.pk).update(
            has_receiving_member=bool(member_emails(structure)),
            member_contacts=[
                {
                    "name": m.public_name,
                    "role": m.public_role,
                    "phone": m.public_phone,
                    "email": m.public_email,
                    "published_on": f"{m.published_at:%d/%m/%Y}",
                }
                for m in published
            ],
        )


def _membership_changed(sender, instance, **kwargs) -> None:
    refresh([instance.structure_id])


def _account_changed(sender, instance, **kwargs) -> None:
    refresh(instance.memberships.values_list("structure_id", flat=True))


def connect() -> None:
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="members-save")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="members-delete")
    post_save.connect(_account_changed, sender=get_user_model(), dispatch_uid="members-account")
