from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from directory import selectors
from directory.models import HelpKind, Theme

from . import maps
from .forms import MapFilterForm
from .models import EPCI, Commune, Departement

SEARCH_LIMIT = 20


def commune_search(request):
    """Find a commune by name, postal code or INSEE code; a single match goes straight to it."""
    query = request.GET.get("q", "").strip()[:100]
    results = Commune.objects.search(query, limit=SEARCH_LIMIT) if query else []
    if len(results) == 1:
        return redirect(results[0])
    return render(
        request,
        "territories/commune_search.html",
        {"query": query, "results": results, "limit": SEARCH_LIMIT},
    )


def commune_suggestions(request):
    """HTML options for the autocomplete (htmx); the JSON twin is /api/v1/communes?q=.
    The field is named `q` in the search forms and `commune` in the journey."""
    query = (request.GET.get("q") or request.GET.get("commune", "")).strip()[:100]
    results = Commune.objects.search(query, limit=10) if len(query) >= 2 else []
    return render(request, "territories/_commune_options.html", {"results": results})


def commune_detail(request, code):
    commune = get_object_or_404(
        Commune.objects.select_related("departement", "region", "epci").defer(
            "departement__geometry", "epci__geometry"
        ),
        code=code,
    )
    theme_slug = request.GET.get("theme", "")
    theme = Theme.objects.filter(slug=theme_slug).first() if theme_slug else None
    offer = selectors.offres_for_commune(commune, theme=theme.slug if theme else "")
    context = {
        "commune": commune,
        "offer": offer,
        "themes": Theme.objects.all(),
        "selected_theme": theme,
        "epci_structure": selectors.epci_structure(commune.epci) if commune.epci else None,
        "aliases": commune.aliases.all(),
        "postal_codes": commune.postal_code_list,
        "breadcrumb_links": [(commune.departement.name, commune.departement.get_absolute_url())],
    }
    return render(request, "territories/commune_detail.html", context)


def epci_detail(request, code):
    epci = get_object_or_404(EPCI.objects.defer("geometry"), code=code)
    communes = list(
        epci.communes.select_related("departement")
        .defer("geometry", "departement__geometry")
        .order_by("name")
    )
    context = {
        "epci": epci,
        "communes": communes,
        "departements": epci.departements.defer("geometry"),
        "offer": selectors.offres_for_communes(communes) if communes else None,
        "epci_structure": selectors.epci_structure(epci),
    }
    return render(request, "territories/epci_detail.html", context)


def departement_detail(request, code):
    departement = get_object_or_404(Departement.objects.select_related("region"), code=code)
    communes = list(departement.communes.all())
    epcis = EPCI.objects.filter(communes__departement=departement).distinct().order_by("name")
    context = {
        "departement": departement,
        "communes_count": len(communes),
        "epcis": epcis,
        "offer": selectors.offres_for_communes(communes) if communes else None,
    }
    return render(request, "territories/departement_detail.html", context)


def _map_context(request):
    departement = get_object_or_404(
        Departement.objects.defer("geometry"), code=request.GET.get("departement") or "53"
    )
    form = MapFilterForm(request.GET or None)
    theme = aide = ""
    if form.is_bound and form.is_valid():
        theme, aide = form.cleaned_data["theme"], form.cleaned_data["aide"]
    selected = None
    if request.GET.get("commune"):
        selected = Commune.objects.defer("geometry").filter(code=request.GET["commune"]).first()
    coverage = maps.coverage_map(departement, theme=theme, aide=aide)
    params = {"departement": departement.code, "theme": theme, "aide": aide,
              "commune": selected.code if selected else ""}  # fmt: skip
    return {
        "departement": departement,
        "form": form,
        "coverage": coverage,
        "selected": selected,
        "theme": Theme.objects.filter(slug=theme).first() if theme else None,
        "aide": HelpKind.objects.filter(slug=aide).first() if aide else None,
        "params": urlencode({k: v for k, v in params.items() if v}),
    }


def coverage_map(request):
    context = _map_context(request)
    context["tile_url"] = settings.MAP_TILE_URL
    return render(request, "territories/map.html", context)


def coverage_map_data(request):
    context = _map_context(request)
    payload = maps.map_data(context["coverage"], context["selected"])
    return HttpResponse(payload, content_type="application/json")


def coverage_table(request):
    context = _map_context(request)
    order = request.GET.get("tri", "nom")
    context["rows"] = maps.table_rows(context["coverage"], order)
    context["order"] = order
    context["columns"] = [("nom", "Commune"), ("epci", "Intercommunalité"),
                          ("population", "Population"), ("offres", "Nombre d'offres")]  # fmt: skip
    return render(request, "territories/map_table.html", context)
