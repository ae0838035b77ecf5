"""Sign-in by e-mail link, the personal space (requests, structures, platform), members."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.params import MAX_ID, int_param
from core.ratelimit import allow, client_ip
from directory.models import Structure
from history.services import record
from outbox.services import queue
from support.models import SupportRequest

from . import permissions
from .forms import CommuneAccessForm, LoginForm, MemberForm
from .models import CommuneAccess, Membership
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
            ):
                form.add_error(
                    None,
                    "Trop de demandes de connexion en peu de temps. Utilisez le dernier lien reçu, "
                    "ou réessayez dans une heure.",
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
    return redirect(next_token.next_url or "accounts:dashboard")


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, "Vous êtes déconnecté.")
    return redirect("core:home")


@login_required
def dashboard(request):
    user = request.user
    followed = permissions.followed_requests(user, SupportRequest.objects.all()).select_related(
        "commune", "structure"
    )[:50]
    structures = Structure.objects.filter(pk__in=permissions.structure_ids(user)).order_by("name")
    handled = permissions.handled_requests(user, SupportRequest.objects.all())
    waiting = handled.filter(status__in=SupportRequest.WAITING).count()
    if request.method == "POST":
        access_form = CommuneAccessForm(request.POST)
        if access_form.is_valid():
            CommuneAccess.objects.get_or_create(
                user=user,
                commune=access_form.cleaned_data["commune"],
                defaults={"role": access_form.cleaned_data["role"]},
            )
            messages.success(
                request,
                "Votre demande d'accès est transmise à l'équipe de la plateforme de votre "
                "département, qui la confirmera.",
            )
            return redirect("accounts:dashboard")
    else:
        access_form = CommuneAccessForm()
    context = {
        "followed": followed,
        "structures": structures,
        "waiting": waiting,
        "is_handler": bool(structures) or permissions.is_staff_of_platform(user),
        "is_platform": permissions.is_staff_of_platform(user),
        "accesses": user.commune_accesses.select_related("commune"),
        "access_form": access_form,
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
def members(request, slug):
    structure = get_object_or_404(Structure, slug=slug)
    if not permissions.can_manage_members(request.user, structure):
        raise Http404
    form = MemberForm()
    if request.method == "POST":
        removed = int_param(request.POST, "remove", minimum=1, maximum=MAX_ID)
        if removed is not None:
            membership = get_object_or_404(Membership, pk=removed, structure=structure)
            if membership.user_id == request.user.pk and not request.user.is_superuser:
                messages.error(request, "Vous ne pouvez pas vous retirer vous-même.")
            else:
                membership.delete()
                record(
                    request.user,
                    structure,
                    "retrait d'un membre",
                    f"compte n° {membership.user_id}",
                )
                messages.success(request, "Le membre a été retiré.")
            return redirect("accounts:members", slug=slug)
        form = MemberForm(request.POST)
        if form.is_valid():
            add_member(
                request.user, structure, form.cleaned_data["email"], form.cleaned_data["role"]
            )
            messages.success(request, "Le membre est ajouté ; il a reçu un courriel d'invitation.")
            return redirect("accounts:members", slug=slug)
    memberships = structure.memberships.select_related("user").order_by("user__email")
    return render(
        request,
        "accounts/members.html",
        {"structure": structure, "memberships": memberships, "form": form},
    )


@transaction.atomic
def add_member(actor, structure: Structure, email: str, role: str) -> Membership:
    email = email.strip().lower()
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(username=email, email=email)
        user.set_unusable_password()
        user.save()
    membership, _ = Membership.objects.update_or_create(
        user=user, structure=structure, defaults={"role": role}
    )
    record(actor, structure, "ajout d'un membre", f"compte n° {user.pk} ({role})")
    queue(
        email,
        f"Vous êtes membre de {structure.display_name} sur Carto'Ingé",
        f"Bonjour,\n\nVous avez été ajouté comme membre de {structure.display_name} sur "
        "Carto'Ingé : vous y recevrez les demandes d'accompagnement des communes et pourrez "
        "mettre à jour la fiche de la structure.\n\nConnectez-vous avec votre adresse "
        f"électronique, sans mot de passe :\n{settings.SITE_URL.rstrip('/')}/compte/connexion/"
        "\n\n—\nCarto'Ingé",
    )
    return membership
