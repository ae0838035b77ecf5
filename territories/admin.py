from django.contrib import admin

from .models import (
    EPCI,
    Commune,
    CommuneAlias,
    DatasetImport,
    Departement,
    PostalCode,
    Programme,
    ProgrammeMembership,
    Region,
)


class ReadOnlyReferential(admin.ModelAdmin):
    """The referential comes from official data: edited by re-importing, not by hand."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyReferential):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Departement)
class DepartementAdmin(ReadOnlyReferential):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(EPCI)
class EPCIAdmin(ReadOnlyReferential):
    list_display = ["name", "code", "kind", "population"]
    list_filter = ["kind", "departements"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "name", "kind", "population", "departements"]


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


class AliasInline(admin.TabularInline):
    model = CommuneAlias
    extra = 0


@admin.register(Commune)
class CommuneAdmin(ReadOnlyReferential):
    list_display = ["name", "code", "departement", "epci", "population"]
    list_filter = ["departement", "epci"]
    search_fields = ["code", "name", "search_name", "postal_codes__code"]
    list_select_related = ["departement", "epci"]
    readonly_fields = [
        "code", "name", "departement", "region", "epci", "arrondissement", "siren",
        "population", "latitude", "longitude", "centre_source",
    ]  # fmt: skip
    inlines = [PostalCodeInline, AliasInline]


@admin.register(DatasetImport)
class DatasetImportAdmin(admin.ModelAdmin):
    list_display = ["dataset", "imported_at"]
    readonly_fields = ["dataset", "fingerprint", "summary", "imported_at"]


class ProgrammeMembershipInline(admin.TabularInline):
    model = ProgrammeMembership
    autocomplete_fields = ["commune"]
    extra = 1


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    """The programmes' lists: imported (`import_programme`), or entered here with their source
    when no open list exists (Villages d'avenir)."""

    list_display = ["name", "members_known", "source_date"]
    inlines = [ProgrammeMembershipInline]
    readonly_fields = ["slug"]

    def has_delete_permission(self, request, obj=None):
        return False
