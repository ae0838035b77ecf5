from django.contrib import admin
from django.db import models

from history.services import record

from . import contacts
from .models import HelpKind, Offre, OffreContact, Phase, Proposal, Structure, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "survey_label", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug", "survey_label"]


@admin.register(HelpKind, Phase)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]


class OffreInline(admin.StackedInline):
    model = Offre
    extra = 0
    fields = ["title", "slug", "cost"]
    show_change_link = True


class OffreContactInline(admin.StackedInline):
    model = OffreContact
    extra = 0
    autocomplete_fields = ["epci"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["epci", "label", "contact_phone", "contact_email", "contact_url", "postal_address",
              "sources"]  # fmt: skip


class HistoryMixin:
    """Changes made in the admin go to the same history as those of the structure space."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = "modification (administration)" if change else "création (administration)"
        summary = ", ".join(form.fields[name].label or name for name in form.changed_data)
        record(request.user, obj, action, summary)

    def delete_model(self, request, obj):
        record(request.user, obj, "suppression (administration)")
        super().delete_model(request, obj)


@admin.register(Structure)
class StructureAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "seat_town", "validation", "updated_at"]
    list_filter = ["kind", "validation", "from_seed"]
    search_fields = ["name", "acronym", "slug", "description"]
    autocomplete_fields = ["seat_commune", "epci"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OffreInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["contact_sources", "annuaire_id"]

    def save_model(self, request, obj, form, change):
        """Contacts typed here are the platform team's: no import overwrites them."""
        typed = [name for name in form.changed_data if name in contacts.FIELDS]
        contacts.mark(obj, typed, contacts.PLATFORM)
        if change and form.changed_data:
            obj.template = ""  # taken over (`Structure.taken_over`)
        super().save_model(request, obj, form, change)


@admin.register(Offre)
class OffreAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ["title", "structure", "scope", "cost", "members_only"]
    list_filter = ["scope", "cost", "members_only", "themes", "help_kinds", "phases"]
    search_fields = ["title", "summary", "slug", "structure__name", "structure__acronym"]
    list_select_related = ["structure"]
    autocomplete_fields = ["structure", "epcis", "communes"]
    filter_horizontal = ["themes", "help_kinds", "phases", "regions", "departements", "programmes"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [OffreContactInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        obj.structure.taken_over()


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "structure", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["structure", "payload", "departements", "proposed_by", "created_at"]
