"""The territory pages that show offers: a commune, an EPCI, a département, and the coverage
map with its accessible table. Beside the directory, whose offers they show (the
referential itself, `territories`, knows nothing of offers)."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from territories import site
from territories.models import EPCI, Commune, Departement

from . import maps, selectors
from .forms import MapFilterForm
from .models import HelpKind, Theme


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
        "programmes": commune.programmes.select_related("programme"),
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


DEPARTEMENT_PARTIAL_SHOWN = 100


def departement_pick(request):
    """The home page's « Votre département » (a plain form, without JavaScript)."""
    code = request.GET.get("departement", "")
    if Departement.objects.filter(code=code).exists():
        return redirect("directory:departement", code)
    return redirect("directory:home")


def departement_detail(request, code):
    departement = get_object_or_404(
        Departement.objects.select_related("region").defer("geometry"),
        code=code,
    )
    communes = list(Commune.objects.for_coverage().filter(departement=departement))
    epcis = (
        EPCI.objects.filter(communes__departement=departement)
        .defer("geometry")
        .distinct()
        .order_by("name")
    )
    offer = selectors.offres_for_communes(communes) if communes else None
    # At national scale a département has a thousand local offers: the page lists those that
    # reach the most communes; each EPCI's page lists all of its own.
    partial = sorted(offer.partial, key=lambda item: -item[1]) if offer else []
    context = {
        "departement": departement,
        "communes_count": len(communes),
        "epcis": epcis,
        "offer": offer,
        "partial_shown": partial[:DEPARTEMENT_PARTIAL_SHOWN],
        "partial_hidden": max(0, len(partial) - DEPARTEMENT_PARTIAL_SHOWN),
    }
    return render(request, "territories/departement_detail.html", context)


def _map_context(request):
    departement = get_object_or_404(
        Departement.objects.defer("geometry"),
        code=request.GET.get("departement") or site.default_departement(),
    )
    form = MapFilterForm(request.GET or None)
    theme = aide = ""
    measure = "propres"
    if form.is_bound and form.is_valid():
        theme, aide = form.cleaned_data["theme"], form.cleaned_data["aide"]
        measure = form.cleaned_data["mesure"] or measure
    selected = None
    if request.GET.get("commune"):
        selected = Commune.objects.defer("geometry").filter(code=request.GET["commune"]).first()
    coverage = maps.coverage_map(departement, theme=theme, aide=aide, measure=measure)
    params = {"departement": departement.code, "mesure": measure, "theme": theme, "aide": aide,
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
    context["columns"] = [
        ("nom", "Commune"),
        ("epci", "Intercommunalité"),
        ("population", "Population"),
        ("propres", "Offres propres au territoire"),
        ("offres", "Toutes les offres"),
    ]
    return render(request, "territories/map_table.html", context)
