from django.contrib import admin

from .models import Event, Message, SupportRequest


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    readonly_fields = ["at", "text"]
    can_delete = False


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "commune", "structure", "status"]
    list_filter = ["status", "outcome"]
    raw_id_fields = ["commune", "structure", "offre"]
    readonly_fields = ["public_id", "group", "created_at", "consent_at", "anonymised_at"]
    inlines = [EventInline]
    actions = ["revoke_follow_links"]

    @admin.action(description="Révoquer les liens de suivi (le demandeur en demandera un nouveau)")
    def revoke_follow_links(self, request, queryset):
        from django.db.models import F

        queryset.update(follow_version=F("follow_version") + 1)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["request", "author", "created_at"]
    raw_id_fields = ["request", "author_user", "structure"]
