from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The platform team enters events here too (its own information meetings)."""

    list_display = ["title", "organiser", "starts_at", "status"]
    list_filter = ["status", "for_elected", "for_secretaries", "for_agents", "departement"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["organiser"]
    filter_horizontal = ["themes"]
