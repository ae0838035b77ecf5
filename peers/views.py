from django.shortcuts import get_object_or_404, render

from territories.models import EPCI, Commune

from .selectors import of_commune, of_epci, published


def detail(request, pk):
    realisation = get_object_or_404(published(), pk=pk)
    links = []
    if realisation.commune_id:
        links = [(realisation.commune.name, realisation.commune.get_absolute_url())]
    return render(
        request, "peers/detail.html", {"realisation": realisation, "breadcrumb_links": links}
    )


def commune(request, code):
    place = get_object_or_404(Commune.objects.defer("geometry"), code=code)
    return _territory(request, place, of_commune(place))


def epci(request, code):
    place = get_object_or_404(EPCI.objects.defer("geometry"), code=code)
    return _territory(request, place, of_epci(place))


def _territory(request, place, nears):
    """A territory's réalisations: a page of its own, and the part of the territory's page
    that htmx loads in place (that page links here without JavaScript)."""
    htmx = request.headers.get("HX-Request")
    template = "peers/_territory.html" if htmx else "peers/territory.html"
    return render(request, template, {"place": place, "nears": nears})
