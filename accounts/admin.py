from django.contrib import admin

from .models import CommuneAccess, LoginToken, Membership, TerritoryAdmin


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "structure", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["structure"]
    raw_id_fields = ["user"]


@admin.register(TerritoryAdmin)
class TerritoryAdminAdmin(admin.ModelAdmin):
    list_display = ["user", "departement"]
    raw_id_fields = ["user"]


@admin.register(CommuneAccess)
class CommuneAccessAdmin(admin.ModelAdmin):
    list_display = ["user", "commune", "role", "status"]
    list_filter = ["status"]
    raw_id_fields = ["user", "commune"]


@admin.register(LoginToken)
class LoginTokenAdmin(admin.ModelAdmin):
    """Links can be revoked here; their secret is never stored, so never shown."""

    list_display = ["created_at", "expires_at", "used_at", "revoked_at"]
    fields = ["created_at", "expires_at", "used_at", "revoked_at"]
    readonly_fields = ["created_at", "expires_at", "used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Révoquer les liens choisis")
    def revoke(self, request, queryset):
        from django.utils import timezone

        queryset.filter(revoked_at=None).update(revoked_at=timezone.now())
