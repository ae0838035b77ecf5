"""The admin is for superusers only: structure members and territory admins work in their
own spaces, where object-level permissions apply (accounts.permissions). Its password form
is throttled like the site's own sign-in."""

from django.conf import settings
from django.contrib import admin

from .ratelimit import allow, client_ip, refused

LOGIN_WINDOW = 3600
LOGIN_ATTEMPTS_PER_ACCOUNT = 5


def superusers_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


_admin_login = admin.site.login


def throttled_login(request, extra_context=None):
    if request.method == "POST":
        username = request.POST.get("username", "").strip().lower()
        if not (
            allow(
                "admin-login-ip", client_ip(request), settings.RATE_LIMIT_LOGIN_PER_IP, LOGIN_WINDOW
            )
            # Per account *and* address: a stranger exhausts their own budget, never the
            # account's owner's (a count per account alone let anyone lock the superuser out).
            and allow(
                "admin-login-user",
                f"{username}|{client_ip(request)}",
                LOGIN_ATTEMPTS_PER_ACCOUNT,
                LOGIN_WINDOW,
            )
        ):
            return refused(request, "Trop de tentatives de connexion : réessayez dans une heure.")
    return _admin_login(request, extra_context)


admin.site.has_permission = superusers_only
admin.site.login = throttled_login
