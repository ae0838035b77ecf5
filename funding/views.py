import hashlib

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from core.calendars import ics_response
from core.ratelimit import allow, client_ip, may_write_to
from directory.models import Theme
from territories.models import Commune

from . import alerts
from .calendar import deadline_entry
from .forms import AidAlertForm, AidFilterForm
from .models import Aid
from .selectors import AidMatch, aids_by_theme, filtered, perimeter_words, permanent_schemes

PAGE_SIZE = 20
SHOWN_PER_THEME = 3


def aid_list(request):
    form = AidFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(filtered(filters).prefetch_related("themes"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "permanent": permanent_schemes(filters),
        "matches": [AidMatch(aid, []) for aid in page.object_list],
        "feed_query": query.urlencode(),
        "filtered": filters,
        # An empty page must say why: no synchronisation yet is not « widen your filters ».
        "synchronised": page.paginator.count
        or Aid.objects.filter(source=Aid.Source.AIDES_TERRITOIRES).exists(),
    }
    return render(request, "funding/list.html", context)


def commune_aids(request, code):
    """The open aids for a commune, by theme: a page of its own, and the part of the commune
    page that htmx loads (the commune page links here without JavaScript)."""
    commune = get_object_or_404(Commune.objects.defer("geometry").select_related("epci"), code=code)
    groups = [
        (slug, name, [AidMatch(aid, []) for aid in aids[:SHOWN_PER_THEME]], len(aids))
        for slug, name, aids in aids_by_theme(commune)
    ]
    template = "funding/_commune_aids.html" if request.headers.get("HX-Request") else None
    return render(
        request,
        template or "funding/commune.html",
        {"commune": commune, "groups": groups, "per_theme": SHOWN_PER_THEME},
    )


def deadlines_ics(request):
    """One all-day event per deadline of the filtered aids, with its link."""
    filters = AidFilterForm(request.GET or None).filters()
    entries = [
        deadline_entry(aid) for aid in filtered(filters).exclude(submission_deadline=None)[:500]
    ]
    return ics_response("Échéances des aides et appels à projets", entries, "echeances-aides.ics")


def aid_detail(request, pk):
    """An aid or a call as Carto'Ingé knows it: the page of a structure's own calls, and a
    summary of a synchronised aid with its link to aides-territoires."""
    aid = get_object_or_404(
        Aid.objects.select_related("backer").prefetch_related("themes", "phases"),
        pk=pk,
        status=Aid.Status.PUBLISHED,
    )
    today = timezone.localdate()
    closed = aid.archived_at is not None or (
        aid.submission_deadline is not None and aid.submission_deadline < today
    )
    return render(
        request,
        "funding/detail.html",
        {
            "aid": aid,
            "closed": closed,
            "perimeter": perimeter_words(aid),
            "breadcrumb_links": [("Financements", reverse("funding:list"))],
        },
        status=410 if aid.archived_at else 200,
    )


ALERTS_PER_HOUR = 10  # per address of the network, and per e-mail address


def alert_new(request):
    """Ask for an alert: no account, a confirmation e-mail first. Prefilled from the filters
    of /financements/ (commune, theme)."""
    typed = request.GET.get("commune", "")[:100]
    named = Commune.objects.filter(code=typed).values_list("name", flat=True).first()
    if named and getattr(Commune.objects.resolve(named)[0], "code", None) != typed:
        named = None  # a name several communes share: the code stays, it is unambiguous
    initial = {"commune": named or typed}  # a code from a link: its name, as a person types it
    if request.GET.get("theme"):
        initial["themes"] = Theme.objects.filter(slug=request.GET["theme"][:100])
    form = AidAlertForm(initial=initial)
    if request.method == "POST":
        form = AidAlertForm(request.POST)
        if form.is_valid() and _may_ask(request, form):
            data = form.cleaned_data
            alerts.ask(
                data["email"], data["commune"], data["epci"], data["themes"], data["frequency"]
            )
            return redirect("funding:alert_asked")
    return render(
        request,
        "funding/alert_new.html",
        {"form": form, "breadcrumb_links": [("Financements", reverse("funding:list"))]},
        status=400 if form.errors else 200,
    )


def _may_ask(request, form) -> bool:
    email = form.cleaned_data["email"].lower()
    if alerts.awaiting_confirmation(email):
        form.add_error(
            "email",
            "Un courriel de confirmation a déjà été envoyé à cette adresse : cliquez sur son "
            "lien pour activer l'alerte (pensez à regarder dans les indésirables). Une seule "
            "alerte attend sa confirmation à la fois.",
        )
        return False
    if (
        allow("alert-ip", client_ip(request), ALERTS_PER_HOUR, 3600)
        and allow("alert-email", hashlib.sha256(email.encode()).hexdigest(), 3, 3600)
        and may_write_to(request, email)
    ):
        return True
    form.add_error(
        None,
        "Vous avez demandé beaucoup d'alertes en peu de temps. Votre saisie est conservée "
        "ci-dessous : réessayez plus tard (dans une heure, ou demain si cette adresse a déjà "
        "reçu beaucoup de courriels aujourd'hui).",
    )
    return False


def alert_asked(request):
    return render(request, "funding/alert_asked.html", {"days": alerts.CONFIRM_WITHIN.days})


def alert_confirm(request, token):
    """The link of the confirmation e-mail opens a page with one button: a link that a
    mail filter follows by itself confirms nothing."""
    alert = alerts.alert_for(token, "confirm")
    if alert is None:
        return render(request, "funding/alert_link_expired.html", status=404)
    if request.method == "POST":
        alerts.confirm(alert)
        return render(request, "funding/alert_confirmed.html", {"alert": alert})
    return render(request, "funding/alert_confirm.html", {"alert": alert})


@csrf_exempt  # RFC 8058: mail clients POST « List-Unsubscribe=One-Click » without a form
def alert_unsubscribe(request, token):
    alert = alerts.alert_for(token, "unsubscribe")
    if request.method == "POST":
        if alert is not None:
            alerts.unsubscribe(alert)
        return render(request, "funding/alert_unsubscribed.html")
    if alert is None:
        return render(request, "funding/alert_unsubscribed.html")
    return render(request, "funding/alert_unsubscribe.html", {"alert": alert})
