from django.db import migrations, models


def key_the_listed_resources(apps, schema_editor):
    """Resources loaded from the list before the key existed are known by their address."""
    Resource = apps.get_model("library", "Resource")
    Resource.objects.filter(seeded=True).update(seed_key=models.F("url"))


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0004_launch_list"),
    ]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="seed_key",
            field=models.URLField(blank=True, editable=False, max_length=500),
        ),
        migrations.RunPython(key_the_listed_resources, migrations.RunPython.noop),
    ]
