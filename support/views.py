"""Pages of help requests: the request form, the requester's follow page (private link), the
structures' inbox. Every page works without JavaScript: plain forms, POST then redirect."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import permissions
from core.ratelimit import allow, client_ip, may_write_to
from directory import reach
from directory.models import Offre
from territories.models import Commune

from . import tracking, workflow
from .expressed import neighbours_count
from .forms import CloseForm, MessageForm, RequestForm, RerouteForm
from .links import followed_in_session, link_expired, remember, request_for_token
from .models import Message, SupportRequest
from .selectors import inbox, suggested_offres

RATE_WINDOW = 3600


def _initial_commune(code: str) -> Commune | None:
    return Commune.objects.filter(code=code).defer("geometry").first() if code else None


def new_request(request):
    """« Demander un accompagnement »: to the chosen offer and, at will, to other doors."""
    source = request.POST if request.method == "POST" else request.GET
    main = Offre.objects.select_related("structure").filter(slug=source.get("offre", "")).first()
    if main is None:
        messages.info(
            request,
            "Choisissez d'abord une offre : trouvez qui peut vous aider avec "
            "« Qui peut m'aider ? ».",
        )
        return redirect("orientation:start")
    form, commune = _request_form(request, source, main)
    suggestions = suggested_offres(main, commune)
    form.propose([main, *suggestions])
    if request.method != "POST" or not form.is_valid():
        return _render_form(request, form, main, commune, suggestions)
    data = form.cleaned_data
    if data.get("website"):  # the honeypot: a robot; say nothing, keep nothing
        return redirect("support:sent", group=uuid.uuid4())
    if not _may_send(request, data["requester_email"]):
        form.add_error(
            None,
            "Vous avez envoyé beaucoup de demandes en peu de temps. Votre saisie est conservée "
            "ci-dessous : réessayez plus tard (dans une heure, ou demain si cette adresse a déjà "
            "reçu beaucoup de courriels aujourd'hui), ou contactez directement la structure.",
        )
        return _render_form(request, form, main, commune, suggestions, status=429)
    requests = workflow.submit(
        workflow.NewRequest(
            commune=data["commune"],
            project=data["project"],
            requester_name=data["requester_name"].strip(),
            requester_role=data["requester_role"],
            requester_email=data["requester_email"],
            requester_phone=data["requester_phone"].strip(),
            theme=data["theme"],
            phase=data["phase"],
            journey=_uuid(source.get("journey", "")),
            dossier=_uuid(source.get("dossier", "")),
            share_with_epci=data["share_with_epci"],
        ),
        form.chosen,
    )
    return redirect("support:sent", group=requests[0].group)


def _request_form(request, source, main: Offre) -> tuple[RequestForm, Commune | None]:
    """The form, posted or prefilled from the journey, and the commune it names so far (the
    offers proposed beside the chosen one depend on it)."""
    commune = _initial_commune(source.get("commune_code", "") or source.get("commune", ""))
    options = {"retention_months": settings.SUPPORT_RETENTION_MONTHS}
    if request.method == "POST":
        form = RequestForm(request.POST, **options)
        return form, form.typed_commune() or commune
    initial = {
        "commune": commune.code if commune else "",
        "offres": [main.slug],
        "project": source.get("q", ""),  # the text typed in « Qui peut m'aider ? »
        "requester_email": request.user.email if request.user.is_authenticated else "",
        "theme": source.get("theme", ""),
        "phase": source.get("phase", ""),
    }
    return RequestForm(initial=initial, **options), commune


def _may_send(request, email: str) -> bool:
    """Within the limits per connection and per address (requests, then e-mails sent)."""
    return (
        allow("request-ip", client_ip(request), settings.RATE_LIMIT_REQUESTS_PER_IP, RATE_WINDOW)
        and allow(
            "request-email", email.lower(), settings.RATE_LIMIT_REQUESTS_PER_EMAIL, RATE_WINDOW
        )
        and may_write_to(request, email)
    )


def _uuid(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _form_notices(main, suggestions, direct: dict, departement: str) -> list[str]:
    """Who answers, said once for the chosen offer's structure and once for all the other
    structures that have not joined yet (seven identical sentences would not be read)."""
    notices = [
        reach.notice(main.structure.display_name, direct.get(main.structure_id), departement)
    ]
    others = {o.structure_id: o.structure.display_name for o in suggestions}
    others.pop(main.structure_id, None)
    for pk, name in others.items():
        if pk in direct:
            notices.append(reach.notice(name, direct[pk], departement))
    waiting = [name for pk, name in others.items() if pk not in direct]
    if waiting:
        notices.append(
            f"Les autres structures proposées ci-dessous ({len(waiting)}) ne reçoivent pas "
            f"encore les demandes par Carto'Ingé : {reach.team_name(departement)} leur transmet "
            "celles que vous cochez et vous répond."
        )
    return notices


def _render_form(request, form, main, commune, suggestions, status=200):
    offres = [main, *suggestions]
    direct = reach.receiving({o.structure_id for o in offres})
    context = {
        "form": form,
        "main": main,
        "commune": commune,
        "suggestions": suggestions,
        "notices": _form_notices(
            main,
            suggestions,
            direct,
            commune.departement_id if commune else main.structure.home_departement,
        ),
        "journey": _uuid(request.POST.get("journey") or request.GET.get("journey", "")),
        "dossier": _uuid(request.POST.get("dossier") or request.GET.get("dossier", "")),
        "neighbours": neighbours_count(commune, {t.slug for t in main.themes.all()}),
    }
    return render(request, "support/request_form.html", context, status=status)


def sent(request, group):
    requests = list(
        SupportRequest.objects.filter(group=group).select_related("structure", "commune")
    )
    email = requests[0].requester_email if requests else ""
    masked = (email[:1] + "…@" + email.split("@")[-1]) if email else ""
    direct = reach.receiving({r.structure_id for r in requests})
    notices = [
        reach.notice(r.structure.display_name, direct.get(r.structure_id), r.commune.departement_id)
        for r in requests
    ]
    context = {
        "requests": requests,
        "masked_email": masked,
        "notices": notices,
        "days": settings.SUPPORT_UNANSWERED_WORKING_DAYS,
    }
    return render(request, "support/sent.html", context)


# The requester's follow page: the private link is the only key.


def follow(request, token):
    """The link of the e-mails: exchanged for the session, then the address without it."""
    support_request = request_for_token(token, include_expired=True)
    if support_request is None:
        return render(request, "support/follow_invalid.html", status=404)
    if link_expired(support_request):
        if request.method == "POST" and request.POST.get("action") == "renew":
            workflow.renew_follow_link(support_request)
            messages.success(request, "Un nouveau lien vous a été envoyé par courriel.")
            return redirect("directory:home")
        context = {"months": settings.SUPPORT_FOLLOW_LINK_MONTHS}
        return render(request, "support/follow_expired.html", context, status=410)
    remember(request.session, support_request)
    if request.method == "POST":
        return _follow_page(request, support_request)
    return redirect("support:follow_request", public_id=support_request.public_id)


def follow_request(request, public_id):
    """The follow page, for a browser that opened the request's link."""
    support_request = followed_in_session(request.session, public_id)
    if support_request is None:
        return render(request, "support/follow_invalid.html", status=404)
    return _follow_page(request, support_request)


def _follow_page(request, support_request):
    here = reverse("support:follow_request", args=[support_request.public_id])
    message_form = MessageForm()
    close_form = CloseForm()  # no answer chosen for the requester
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "message":
                message_form = MessageForm(request.POST)
                if message_form.is_valid():
                    workflow.post_message(
                        support_request,
                        None,
                        message_form.cleaned_data["body"],
                        Message.Author.REQUESTER,
                    )
                    messages.success(request, "Votre message a été envoyé à la structure.")
                    return redirect(here)
            elif action == "close":
                close_form = CloseForm(request.POST)
                if close_form.is_valid():
                    workflow.close(
                        support_request,
                        None,
                        close_form.cleaned_data["outcome"],
                        by_requester=True,
                    )
                    messages.success(request, "Votre demande est clôturée. Merci !")
                    return redirect(here)
            elif action == "renew":
                workflow.renew_follow_link(support_request)
                messages.success(
                    request,
                    "Un nouveau lien vous a été envoyé par courriel ; celui-ci ne fonctionne plus.",
                )
                return redirect("directory:home")
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return redirect(here)
    return render(
        request,
        "support/follow.html",
        {
            "support_request": support_request,
            "standing": tracking.standing(support_request),
            "thread": support_request.messages.select_related("structure"),
            "events": support_request.events.all(),
            "message_form": message_form,
            "close_form": close_form,
        },
    )


# The structures' inbox.


@login_required
def inbox_list(request):
    handled = permissions.handled_requests(request.user, SupportRequest.objects.all())
    status = request.GET.get("statut", "")
    if status not in SupportRequest.Status.values:
        status = ""
    page, counts = inbox(handled, status, request.GET.get("page"))
    statuses = [(value, label, counts[value]) for value, label in SupportRequest.Status.choices]
    return render(
        request,
        "support/inbox.html",
        {"page": page, "statuses": statuses, "status": status, "total": sum(counts.values())},
    )


def _handled(request, public_id) -> SupportRequest:
    support_request = get_object_or_404(
        SupportRequest.objects.select_related("commune", "structure", "offre", "theme", "phase"),
        public_id=public_id,
    )
    if not permissions.can_handle_request(request.user, support_request):
        raise Http404  # the same answer as for a request that does not exist
    return support_request


@login_required
def inbox_detail(request, public_id):
    support_request = _handled(request, public_id)
    return render(request, "support/inbox_detail.html", _detail_context(request, support_request))


def _detail_context(request, support_request, **forms):
    return {
        "support_request": support_request,
        "can_remind": permissions.can_remind(request.user, support_request),
        "thread": support_request.messages.select_related("structure"),
        "events": support_request.events.all(),
        "message_form": forms.get("message_form") or MessageForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "reroute_form": forms.get("reroute_form") or RerouteForm(support_request=support_request),
    }


class InvalidForm(Exception):
    """An action's form did not validate: the page is shown again with it (400)."""

    def __init__(self, name: str, form):
        self.name, self.form = name, form


@login_required
@require_POST
def inbox_action(request, public_id):
    """One of the inbox's actions (`INBOX_ACTIONS`) on a request the user handles."""
    support_request = _handled(request, public_id)
    action = INBOX_ACTIONS.get(request.POST.get("action", ""))
    detail = reverse("support:inbox_detail", args=[support_request.public_id])
    if action is None:
        messages.error(request, "Action inconnue.")
        return redirect(detail)
    try:
        done, leave = action(request, support_request)
    except InvalidForm as invalid:
        support_request.refresh_from_db()
        context = _detail_context(request, support_request, **{invalid.name: invalid.form})
        return render(request, "support/inbox_detail.html", context, status=400)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(detail)
    messages.success(request, done)
    return redirect("support:inbox" if leave else detail)


def _valid(name: str, form):
    if not form.is_valid():
        raise InvalidForm(name, form)
    return form.cleaned_data


def _take(request, support_request):
    workflow.take(support_request, request.user)
    return "Vous avez pris en charge la demande ; le demandeur est prévenu.", False


def _start(request, support_request):
    workflow.start(support_request, request.user)
    return "La demande est « en cours » ; le demandeur est prévenu.", False


def _reroute(request, support_request):
    data = _valid("reroute_form", RerouteForm(request.POST, support_request=support_request))
    workflow.reroute(support_request, request.user, data["structure"], data["note"])
    still_handled = permissions.can_handle_request(request.user, support_request)
    done = f"Demande réorientée vers {data['structure'].display_name} ; le demandeur est prévenu."
    return done, not still_handled


def _close(request, support_request):
    data = _valid("close_form", CloseForm(request.POST))
    workflow.close(support_request, request.user, data["outcome"])
    return "La demande est clôturée ; le demandeur est prévenu.", False


def _message(request, support_request):
    data = _valid("message_form", MessageForm(request.POST))
    author = (
        Message.Author.STRUCTURE
        if support_request.structure_id in permissions.structure_ids(request.user)
        else Message.Author.PLATFORM
    )
    workflow.post_message(support_request, request.user, data["body"], author)
    return "Votre message a été envoyé au demandeur.", False


def _remind(request, support_request):
    if not permissions.can_remind(request.user, support_request):
        raise PermissionDenied
    workflow.remind(support_request, request.user)
    return "La structure a été relancée par courriel.", False


INBOX_ACTIONS = {
    "take": _take,
    "start": _start,
    "reroute": _reroute,
    "close": _close,
    "message": _message,
    "remind": _remind,
}
