from django.contrib import admin

from .models import Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    """The platform team publishes resources here too, with their real address."""

    list_display = ["title", "publisher", "kind", "status", "link_broken_since"]
    list_filter = ["status", "kind", "audience", "themes"]
    search_fields = ["title", "summary", "url"]
    autocomplete_fields = ["publisher"]
    filter_horizontal = ["themes", "phases"]
    readonly_fields = ["link_checked_at", "link_broken_since"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.seeded = False  # edited by the team: the launch list leaves it alone
        super().save_model(request, obj, form, change)
