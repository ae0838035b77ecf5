"""The « Qui peut m'aider ? » journey: commune → project → (details) → results.
Plain GET forms all the way: shareable URLs, back and forward safe, no JavaScript needed."""

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from core.context_processors import in_widget
from core.params import int_param
from core.ratelimit import allow, client_ip, refused
from core.routing import page_url
from directory import reach
from directory.index import get_index
from directory.models import Offre, Structure
from funding.selectors import aids_for
from library.selectors import for_project
from peers.selectors import nearby
from territories.fields import no_match_message
from territories.models import Commune

from .engine import OrientationError, orient
from .forms import FeedbackForm, ProjectForm
from .models import Journey
from .serializers import result_dict
from .services import feedback_record, journey_click, journey_record

MAX_RANK = 1000  # far more results than the engine ever gives
# What the journey carries from step to step; a widget may also keep the search of the first
# step to an intercommunality or a département.
PARAMS = ("commune", "q", "theme", "aide", "phase", "epci", "departement")
CARRIED = ("theme", "epci", "departement")  # from the first step on
MAX_LISTED_COMMUNES = 300  # an intercommunality's communes, offered as a list to choose from


def _query(data, **changes) -> str:
    values = {key: data.get(key, "") for key in PARAMS}
    values.update(changes)
    return urlencode({k: v for k, v in values.items() if v})


def _url(request, name: str) -> str:
    """A step's address in the journey being followed: the site's, or the widget's."""
    match = request.resolver_match
    return reverse(f"orientation:{name}", current_app=match.namespace if match else None)


def _scope(request):
    """The communes the first step looks among: all, or those of the intercommunality or the
    département a widget was given (`?epci=`, `?departement=`)."""
    communes = Commune.objects.all()
    if request.GET.get("epci"):
        return communes.filter(epci_id=request.GET["epci"][:20])
    if request.GET.get("departement"):
        return communes.filter(departement_id=request.GET["departement"][:3])
    return communes


def step_commune(request):
    """Step 1: the commune, typed freely (or chosen in the list of an intercommunality's
    communes, in a widget); one match goes on, several are offered."""
    query = request.GET.get("commune", "").strip()[:100]
    scope = _scope(request)
    listed = []
    if request.GET.get("epci"):
        listed = list(scope.order_by("name").only("code", "name")[:MAX_LISTED_COMMUNES])
    context = {
        "query": query,
        "matches": [],
        "error": "",
        "listed": listed,
        "carried": {
            key: request.GET[key]
            for key in ("theme", "epci", "departement")
            if request.GET.get(key)
        },
    }
    if query:
        commune, matches = scope.resolve(query, limit=10)
        if commune is not None:
            carried = _query(request.GET, commune=commune.code, q="", aide="", phase="")
            return redirect(f"{_url(request, 'project')}?{carried}")
        if matches:
            context["matches"] = matches
        elif listed:
            context["error"] = (
                f"Aucune commune de cette intercommunalité ne correspond à « {query} » : "
                "choisissez la vôtre dans la liste."
            )
        else:
            context["error"] = no_match_message(query)
    return render(request, "orientation/step_commune.html", context)


def step_project(request, template="orientation/step_project.html"):
    """Step 2 (the project) and step 3 (kind of help and phase, optional)."""
    commune = Commune.objects.with_territories().filter(code=request.GET.get("commune", "")).first()
    if commune is None:
        return redirect(_url(request, "start"))
    form = ProjectForm(initial={key: request.GET.get(key, "") for key in PARAMS})
    skip_query = _query(request.GET, aide="", phase="")
    context = {
        "commune": commune,
        "form": form,
        "skip_query": skip_query,
        "restart_query": _restart_query(request),
    }
    return render(request, template, context)


def _restart_query(request) -> str:
    """« Changer de commune » keeps a widget's theme and territory."""
    return _query({key: request.GET.get(key, "") for key in CARRIED})


def step_details(request):
    return step_project(request, template="orientation/step_details.html")


def results(request):
    """The results: the first few on the page, the rest behind « voir plus » (a link to the
    same URL with `suite=1`; htmx fetches only the rest and puts it in place).
    The engine checks the request; the form is only built to show what was wrong."""
    commune = Commune.objects.for_orientation(request.GET.get("commune", ""))
    if commune is None:
        return redirect(_url(request, "start"))
    asked = {
        "text": request.GET.get("q", "").strip(),
        **{key: request.GET.get(key, "").strip() for key in ("theme", "aide", "phase")},
    }
    index = get_index()
    try:
        orientation = orient(commune, **asked, index=index)
    except OrientationError as error:
        form = ProjectForm(request.GET, index=index)
        form.is_valid()
        form.errors.pop(error.field, None)  # one message on the field: the engine's, precise
        form.add_error(error.field, str(error))
        step = "step_details" if error.field in ("aide", "phase") else "step_project"
        context = {
            "commune": commune,
            "form": form,
            "skip_query": _query(request.GET, aide="", phase=""),
            "restart_query": _restart_query(request),
        }
        return render(request, f"orientation/{step}.html", context)
    show_all = request.GET.get("suite") == "1"
    journey = _journey_of(request, orientation) if show_all else None
    if journey is None:
        source = Journey.Source.WIDGET if in_widget(request) else Journey.Source.PAGE
        journey = journey_record(
            orientation=orientation,
            text=asked["text"],
            source=source,
            request=request,
        )
    context = {
        "commune": commune,
        "orientation": orientation,
        "journey": journey,
        "feedback_form": FeedbackForm(),  # the question only: the page stays light
        "feedback_step": "question",
        "more_count": len(orientation.more),
        "text": asked["text"],
        "show_all": show_all,
        **_panels(orientation, asked["text"]),
        **_cards_and_links(request, orientation, journey, show_all, asked),
    }
    if show_all and request.headers.get("HX-Request"):
        response = render(request, "orientation/_more_results.html", context)
    else:
        response = render(request, "orientation/results.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _panels(orientation, text: str) -> dict:
    """Beside the structures: open aids, resources and réalisations nearby on what was
    understood — none for a request out of scope."""
    if orientation.is_out_of_scope:
        return {"aids": [], "resources": [], "nearby": []}
    themes = [theme.slug for theme in orientation.understood.themes]
    phases = [phase.slug for phase in orientation.understood.phases]
    return {
        "aids": aids_for(orientation.commune, themes, phases),
        "resources": for_project(themes, phases, text),
        "nearby": nearby(orientation.commune, themes, text),
    }


def _cards_and_links(request, orientation, journey: Journey, show_all: bool, asked: dict) -> dict:
    """The results shown, and the addresses the page gives, built here rather than by
    `{% url %}`: the same few pages on every results page (`core.routing`)."""
    commune, text, theme = orientation.commune, asked["text"], asked["theme"]
    choose_url = reverse("orientation:choose", args=[journey.public_id])
    themes = orientation.understood.themes
    request_url = f"{page_url('support:new')}?" + urlencode(
        {"commune": commune.code, "journey": journey.public_id}
        | ({"theme": themes[0].slug} if themes else {})
        | ({"q": text} if text else {})  # the project, not typed a second time
    )
    map_query = {"departement": commune.departement_id, "commune": commune.code}
    if theme:
        map_query["theme"] = theme
    shown = [
        r for block in orientation.blocks for r in block.first + (block.more if show_all else [])
    ]
    direct = reach.receiving({r.offre.structure_id for r in shown}) if shown else {}
    departement = commune.departement_id
    fallback = settings.PLATFORM_FALLBACK_OFFRE.format(departement=departement)
    return {
        "blocks": [
            {
                "kind": block.kind,
                "title": block.title,
                "first": _cards(block.first, choose_url, request_url, direct, departement),
                "more": (
                    _cards(block.more, choose_url, request_url, direct, departement)
                    if show_all
                    else []
                ),
                "more_count": len(block.more),
            }
            for block in orientation.blocks
        ],
        "fallback_url": f"{request_url}&offre={fallback}",
        "platform_team": reach.team_name(departement),
        "ask_label": reach.ask_label(departement),
        "edit_url": f"{_url(request, 'project')}?{_query(request.GET)}",
        "map_url": f"{page_url('directory:map')}?{urlencode(map_query)}",
        "more_query": _query(request.GET, suite="1", parcours=str(journey.public_id)),
    }


def _cards(
    results, choose_url: str, request_url: str, direct: dict, departement: str
) -> list[dict]:
    """The results as the API gives them, with the page's two links: following the result
    (counted for the observatory) and asking for help (the form comes prefilled)."""
    cards = []
    for result in results:
        card = result_dict(result)
        slug = card["offre"]["slug"]
        card["follow_url"] = f"{choose_url}?offre={slug}&rang={card['rank']}"
        if result.evidence.reserved:  # the programme chose its communes: no request to it
            card["request_url"] = card["transmission"] = ""
        else:
            card["request_url"] = f"{request_url}&offre={slug}"
            card["transmission"] = reach.notice(
                card["structure"]["nom"], direct.get(result.offre.structure_id), departement
            )
        cards.append(card)
    return cards


def _journey_of(request, orientation) -> Journey | None:
    """« Voir plus » continues the journey of the first page rather than counting another."""
    try:
        public_id = uuid.UUID(request.GET.get("parcours", ""))
    except ValueError:
        return None
    return Journey.objects.filter(public_id=public_id, commune=orientation.commune).first()


def choose(request, journey_id):
    """A result was followed (?offre=<slug>&rang=<n>): remember which (anonymously), then
    show the offer."""
    journey = get_object_or_404(Journey, public_id=journey_id)
    offre = get_object_or_404(Offre, slug=request.GET.get("offre", ""))
    rank = int_param(request.GET, "rang", minimum=1, maximum=MAX_RANK)
    journey_click(journey=journey, offre=offre, rank=rank)
    if journey.commune_id:  # the offer page then gives the contact for that territory
        return redirect(f"{offre.get_absolute_url()}?commune={journey.commune_id}")
    return redirect(offre)


def _expected_choices(commune, index) -> list[Structure]:
    """The structures that cover the commune, for « Qui attendiez-vous ? »."""
    structure_ids = {index.offers[pk].structure_id for pk in index.available(commune)}
    return list(
        Structure.objects.filter(pk__in=structure_ids)
        .only("slug", "name", "acronym")
        .order_by("name")
    )


@require_http_methods(["GET", "POST"])
def feedback(request, journey_id):
    """« Cette réponse vous a-t-elle aidé ? »: anonymous, limited per address. After a « non »
    comes « Qui attendiez-vous ? » (the structures covering the commune, read only then, so
    that the results page stays light). Without JavaScript each step is a page of its own;
    htmx puts each in place of the previous one."""
    journey = get_object_or_404(Journey.objects.select_related("commune"), public_id=journey_id)
    details = request.POST.get("etape") == "details"
    structures = _expected_choices(journey.commune, get_index()) if journey.commune else []
    data = request.POST if request.method == "POST" else None
    form = FeedbackForm(data, structures=structures if details else ())
    template = (
        "orientation/_feedback.html"
        if request.headers.get("HX-Request")
        else ("orientation/feedback.html")
    )
    context = {"journey": journey, "feedback_form": form, "feedback_step": "question"}
    if request.method != "POST":
        return render(request, template, context)
    if not allow("feedback-ip", client_ip(request), settings.RATE_LIMIT_FEEDBACK_PER_IP, 3600):
        return refused(
            request, "Trop d'avis envoyés depuis votre connexion : réessayez dans une heure."
        )
    if not form.is_valid():
        context["feedback_step"] = "details" if details else "question"
        return render(request, template, context, status=400)
    helped = form.cleaned_data["aide"] == "oui"
    expected = next((s for s in structures if s.slug == form.cleaned_data.get("attendu")), None)
    feedback_record(
        journey=journey,
        helped=helped,
        expected=expected,
        comment=form.cleaned_data.get("precision", ""),
    )
    if helped or details:
        context["feedback_step"] = "thanks"
    else:  # a « non »: thanks, and who was expected, if the user wants to say
        context["feedback_step"] = "details"
        context["feedback_form"] = FeedbackForm(initial={"aide": "non"}, structures=structures)
    return render(request, template, context)
