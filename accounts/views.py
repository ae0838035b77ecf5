"""Sign-in by e-mail link, the personal space (requests, structures, platform), members."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.ratelimit import allow, client_ip, may_write_to

from .forms import LoginForm
from .services import safe_next, send_login_link, use_token, valid_token

LOGIN_WINDOW = 3600


def login_view(request):
    if request.method == "POST":
        form = LoginForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"].lower()
            if not (
                allow(
                    "login-ip", client_ip(request), settings.RATE_LIMIT_LOGIN_PER_IP, LOGIN_WINDOW
                )
                and allow("login-email", email, 5, LOGIN_WINDOW)
                and may_write_to(request, email)
            ):
                form.add_error(
                    None,
                    "Trop de demandes de connexion en peu de temps. Utilisez le dernier lien reçu, "
                    "ou réessayez plus tard : dans une heure, ou demain si cette adresse a déjà "
                    "reçu beaucoup de courriels aujourd'hui.",
                )
                return render(
                    request,
                    "accounts/login.html",
                    {"form": form, "proconnect": settings.PROCONNECT_ENABLED},
                    status=429,
                )
            send_login_link(email, form.cleaned_data.get("next", ""))
            return redirect("accounts:sent")
    else:
        form = LoginForm(initial={"next": safe_next(request.GET.get("next", ""))})
    return render(
        request,
        "accounts/login.html",
        {"form": form, "proconnect": settings.PROCONNECT_ENABLED},
    )


def sent_view(request):
    return render(request, "accounts/sent.html")


LOGIN_TOKEN_KEY = "login_token"  # noqa: S105 - a session key, not a secret


def confirm_view(request, token):
    """The link of the e-mail: kept in the session, then the address without it (so that the
    token stays out of the history and the access log past this first line)."""
    if request.method == "POST":
        return _sign_in(request, token)
    if valid_token(token) is None:
        return render(request, "accounts/link_invalid.html", status=400)
    request.session[LOGIN_TOKEN_KEY] = token
    return redirect("accounts:confirm_pending")


def confirm_pending_view(request):
    """GET shows a button (mail scanners that open links do not spend them); POST signs in."""
    token = request.session.get(LOGIN_TOKEN_KEY, "")
    if request.method == "POST":
        return _sign_in(request, token)
    if valid_token(token) is None:
        return render(request, "accounts/link_invalid.html", status=400)
    return render(request, "accounts/confirm.html")


def _sign_in(request, token: str):
    next_token = valid_token(token)
    user = use_token(token)
    if user is None:
        return render(request, "accounts/link_invalid.html", status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")  # new session
    request.session.pop(LOGIN_TOKEN_KEY, None)
    messages.success(request, "Vous êtes connecté.")
    return redirect(next_token.next_url or "spaces:dashboard")


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, "Vous êtes déconnecté.")
    return redirect("directory:home")
