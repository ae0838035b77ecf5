from django.contrib import admin
from django.db import models

from .models import HelpKind, Offre, Phase, Structure, Theme


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


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "seat_town", "validation", "updated_at"]
    list_filter = ["kind", "validation", "from_seed"]
    search_fields = ["name", "acronym", "slug", "description"]
    autocomplete_fields = ["seat_commune", "epci"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OffreInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Offre)
class OffreAdmin(admin.ModelAdmin):
    list_display = ["title", "structure", "scope", "cost", "members_only"]
    list_filter = ["scope", "cost", "members_only", "themes", "help_kinds", "phases"]
    search_fields = ["title", "summary", "slug", "structure__name", "structure__acronym"]
    list_select_related = ["structure"]
    autocomplete_fields = ["structure", "epcis", "communes"]
    filter_horizontal = ["themes", "help_kinds", "phases", "regions", "departements"]
    prepopulated_fields = {"slug": ["title"]}
