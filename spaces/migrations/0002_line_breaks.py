"""Every text typed before the line breaks of a form were read as the page counts them
(`core.text.as_typed`) keeps its CR LF: an unchanged text posted again would now differ, and
count as an edit (a pending change, a history line). They are written with LF, once."""

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Replace

PROJECT_APPS = {
    "outbox", "history", "territories", "directory", "funding", "peers", "library", "agenda",
    "accounts", "orientation", "support", "projects", "observatory", "spaces",
}  # fmt: skip


def as_typed(apps, schema_editor):
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            rows = model._base_manager.filter(**{f"{field.attname}__contains": "\r"})
            rows.update(**{field.attname: Replace(field.attname, Value("\r\n"), Value("\n"))})
            rows = model._base_manager.filter(**{f"{field.attname}__contains": "\r"})
            rows.update(**{field.attname: Replace(field.attname, Value("\r"), Value("\n"))})


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0001_pending_edits"),
        ("outbox", "0004_late_answers"),
        ("history", "0001_initial"),
        ("territories", "0004_town_hall_email"),
        ("directory", "0016_structure_template"),
        ("funding", "0006_revision_name"),
        ("peers", "0003_moderated"),
        ("library", "0006_revision"),
        ("agenda", "0002_moderated"),
        ("accounts", "0005_structure_members"),
        ("orientation", "0005_journey_widget_source"),
        ("support", "0007_supportrequest_dossier"),
        ("projects", "0002_document_files"),
        ("observatory", "0003_pooling_suggestions"),
    ]

    operations = [migrations.RunPython(as_typed, migrations.RunPython.noop)]
