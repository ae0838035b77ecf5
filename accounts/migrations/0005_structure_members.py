"""Fill the members' facts the directory now reads on the structure (`accounts.members`)."""

from django.db import migrations


def fill(apps, schema_editor):
    Structure = apps.get_model("directory", "Structure")
    Membership = apps.get_model("accounts", "Membership")
    for structure in Structure.objects.filter(memberships__isnull=False).distinct():
        members = Membership.objects.filter(structure=structure, user__is_active=True)
        receiving = (
            members.exclude(user__email="").exclude(via="domaine", reviewed_at=None).exists()
        )
        published = (
            members.filter(published_at__isnull=False).exclude(public_name="").order_by("public_name")
        )
        Structure.objects.filter(pk=structure.pk).update(
            has_receiving_member=receiving,
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


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_claims_are_vouched"),
        ("directory", "0015_structure_members"),
    ]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
