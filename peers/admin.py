from django.contrib import admin

from .models import FundingLine, Helper, Realisation


class FundingInline(admin.TabularInline):
    model = FundingLine
    extra = 0


class HelperInline(admin.TabularInline):
    model = Helper
    autocomplete_fields = ["structure"]
    extra = 0


@admin.register(Realisation)
class RealisationAdmin(admin.ModelAdmin):
    list_display = ["title", "commune", "epci", "year_start", "status", "source"]
    list_filter = ["status", "source", "themes"]
    search_fields = ["title", "external_id", "commune__name"]
    autocomplete_fields = ["commune", "epci"]
    filter_horizontal = ["themes"]
    readonly_fields = ["source", "external_id"]
    inlines = [FundingInline, HelperInline]
