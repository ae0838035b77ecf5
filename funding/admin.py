from django.contrib import admin

from .models import Aid


@admin.register(Aid)
class AidAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "scope", "submission_deadline", "archived_at"]
    list_filter = ["source", "status", "scope", "is_call_for_project", "is_engineering", "themes"]
    search_fields = ["name", "external_id", "financers"]
    readonly_fields = ["source", "external_id", "synced_at", "remote_created_at",
                       "remote_updated_at"]  # fmt: skip
    filter_horizontal = ["themes", "help_kinds", "phases", "regions", "departements"]
    autocomplete_fields = ["backer", "epcis"]
