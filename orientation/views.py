"""The « Qui peut m'aider ? » journey: commune → project → (details) → results.
Plain GET forms all the way: shareable URLs, back and forward safe, no JavaScript needed."""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from directory.models import Offre
from territories.models import Commune

from .engine import OrientationError, orient
from .forms import ProjectForm
from .models import Journey
from .services import journey_click, journey_record

PARAMS = ("commune", "q", "theme", "aide", "phase")


def _commune(code: str) -> Commune | None:
    return (
        Commune.objects.select_related("epci", "departement", "region")
        .defer("geometry", "epci__geometry", "departement__geometry")
        .filter(code=code)
        .first()
    )


def _query(data, **changes) -> str:
    values = {key: data.get(key, "") for key in PARAMS}
    values.update(changes)
    return urlencode({k: v for k, v in values.items() if v})


def step_commune(request):
    """Step 1: the commune, typed freely; one match goes on, several are offered."""
    query = request.GET.get("commune", "").strip()[:100]
    context = {"query": query, "matches": [], "error": ""}
    if query:
        matches = Commune.objects.search(query, limit=10)
        if len(matches) == 1:
            return redirect(
                f"{reverse('orientation:project')}?{_query({'commune': matches[0].code})}"
            )
        if matches:
            context["matches"] = matches
        else:
            context["error"] = (
                f"Aucune commune ne correspond à « {query} ». Vérifiez l'orthographe ou "
                "saisissez le code postal."
            )
    return render(request, "orientation/step_commune.html", context)


def step_project(request, template="orientation/step_project.html"):
    """Step 2 (the project) and step 3 (kind of help and phase, optional)."""
    commune = _commune(request.GET.get("commune", ""))
    if commune is None:
        return redirect("orientation:start")
    form = ProjectForm(initial={key: request.GET.get(key, "") for key in PARAMS})
    skip_query = _query(request.GET, aide="", phase="")
    return render(request, template, {"commune": commune, "form": form, "skip_query": skip_query})


def step_details(request):
    return step_project(request, template="orientation/step_details.html")


def results(request):
    commune = _commune(request.GET.get("commune", ""))
    if commune is None:
        return redirect("orientation:start")
    form = ProjectForm(request.GET)
    if not form.is_valid():
        return render(request, "orientation/step_project.html", {"commune": commune, "form": form})
    data = form.cleaned_data
    try:
        orientation = orient(commune, data["q"], data["theme"], data["aide"], data["phase"])
    except OrientationError as error:
        form.add_error("q", str(error))
        return render(request, "orientation/step_project.html", {"commune": commune, "form": form})
    journey = journey_record(orientation=orientation, text=data["q"], source=Journey.Source.PAGE)
    context = {
        "commune": commune,
        "form": form,
        "orientation": orientation,
        "journey": journey,
        "text": data["q"],
        "edit_query": _query(request.GET),
        "understood_theme": orientation.understood.themes[0].slug
        if orientation.understood.themes
        else "",
    }
    return render(request, "orientation/results.html", context)


def choose(request, journey_id, slug):
    """A result was followed: remember which (anonymously), then show the offer."""
    journey = get_object_or_404(Journey, public_id=journey_id)
    offre = get_object_or_404(Offre, slug=slug)
    rank = request.GET.get("rang", "")
    journey_click(journey=journey, offre=offre, rank=int(rank) if rank.isdigit() else None)
    return redirect(offre)
