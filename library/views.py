from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from directory.index import get_index
from territories.models import Commune

from .forms import ResourceFilterForm
from .selectors import of_structures, search

PAGE_SIZE = 20


def resource_list(request):
    form = ResourceFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(search(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": filters}
    return render(request, "library/list.html", context)


def commune_resources(request, code):
    """The resources of the structures whose offers reach the commune: a page of its own,
    and the part of the commune page that htmx loads."""
    commune = get_object_or_404(Commune.objects.defer("geometry"), code=code)
    index = get_index()
    structures = {index.offers[pk].structure_id for pk in index.available(commune)}
    htmx = request.headers.get("HX-Request")
    return render(
        request,
        "library/_commune.html" if htmx else "library/commune.html",
        {"commune": commune, "resources": of_structures(structures)},
    )
