"""The admin is for superusers only: structure members and territory admins work in their
own spaces, where object-level permissions apply (accounts.permissions)."""

from django.contrib import admin


def superusers_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only
