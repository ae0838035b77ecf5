"""Sources become a list of dated entries, with the date of the newest one kept on the record;
offers get a validity period; a structure says whether any public source identifies it."""

from django.db import migrations, models


def lines_to_entries(apps, schema_editor):
    for name in ("Structure", "Offre"):
        model = apps.get_model("directory", name)
        for record in model.objects.exclude(old_sources=""):
            entries = []
            for line in record.old_sources.splitlines():
                line = line.strip()
                if not line:
                    continue
                is_url = line.startswith(("http://", "https://"))
                entries.append(
                    {"titre": "" if is_url else line, "url": line if is_url else "",
                     "date": "non datée", "secondaire": False}  # fmt: skip
                )
            model.objects.filter(pk=record.pk).update(sources=entries)


def entries_to_lines(apps, schema_editor):
    for name in ("Structure", "Offre"):
        model = apps.get_model("directory", name)
        for record in model.objects.all():
            lines = [entry.get("url") or entry.get("titre", "") for entry in record.sources]
            model.objects.filter(pk=record.pk).update(old_sources="\n".join(lines))


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_contact_phone_validator")]

    operations = [
        migrations.RenameField("structure", "sources", "old_sources"),
        migrations.RenameField("offre", "sources", "old_sources"),
        migrations.AddField(
            model_name="structure",
            name="sources",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="D'où viennent les informations de la fiche : titre ou adresse, date, "
                "source secondaire (presse, copie d'un document) ou non.",
                verbose_name="sources",
            ),
        ),
        migrations.AddField(
            model_name="offre",
            name="sources",
            field=models.JSONField(blank=True, default=list, verbose_name="sources"),
        ),
        migrations.RunPython(lines_to_entries, entries_to_lines),
        migrations.RemoveField("structure", "old_sources"),
        migrations.RemoveField("offre", "old_sources"),
    ]
