from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from territories import site
from territories.models import Commune, Departement

from . import reach, schema_org, selectors
from .forms import DirectoryFilterForm
from .models import ErrorReport, Offre, Structure, Theme


def directory_list(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = selectors.OffreFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.OffreFilters(
            theme=data["theme"],
            aide=data["aide"],
            phase=data["phase"],
            nature=data["nature"],
            commune=data["commune"],
            q=data["q"],
            departement=data["departement"],
        )
    elif form.is_bound:
        # Keep every valid filter and explain the invalid ones next to their field.
        data = {name: form.cleaned_data.get(name, "") for name in form.fields}
        filters = selectors.OffreFilters(
            theme=data["theme"] or "",
            aide=data["aide"] or "",
            phase=data["phase"] or "",
            nature=data["nature"] or "",
            commune=data["commune"] or None,
            q=data["q"] or "",
            departement=data["departement"] or "",
        )
    search = selectors.search_directory(filters)
    page = selectors.structures_page(search, request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "facets": search.facets,
        "page": page,
        "structure_count": page.paginator.count,
        "offre_count": search.offres.count(),
    }
    template = "directory/_results.html" if request.headers.get("HX-Request") else None
    return render(request, template or "directory/list.html", context)


def structure_detail(request, slug):
    structure = get_object_or_404(
        Structure.objects.select_related("seat_commune", "epci"), slug=slug
    )
    offres = selectors.offres_with_details().filter(structure=structure)
    return render(
        request,
        "directory/structure_detail.html",
        {
            "structure": structure,
            "offres": offres,
            "directory_links": [("Annuaire", reverse("directory:list"))],
            "reach": reach.reach_of(structure),
            "ld": schema_org.organisation(structure, _absolute(request, structure)),
            "open_reports": structure.reports.filter(status=ErrorReport.Status.OPEN).exists(),
        },
    )


def offre_detail(request, slug):
    offre = get_object_or_404(selectors.offres_with_details(), slug=slug)
    others = Offre.objects.filter(structure=offre.structure).exclude(pk=offre.pk)
    commune = Commune.objects.filter(code=request.GET.get("commune", "")).first()
    return render(
        request,
        "directory/offre_detail.html",
        {
            "offre": offre,
            "structure": offre.structure,
            "territory": selectors.territory_label(offre),
            "others": others,
            "reach": reach.reach_of(offre.structure, offre, commune),
            "local_contacts": offre.contacts.select_related("epci"),
            "ld": schema_org.service(
                offre, _absolute(request, offre), _absolute(request, offre.structure)
            ),
            "open_reports": offre.structure.reports.filter(status=ErrorReport.Status.OPEN)
            .filter(Q(offre=offre) | Q(offre=None))
            .exists(),
            "offre_links": [
                ("Annuaire", reverse("directory:list")),
                (offre.structure.display_name, offre.structure.get_absolute_url()),
            ],
        },
    )


def _absolute(request, obj) -> str:
    """The page's canonical address (the site's own, as in the <link rel="canonical">)."""
    site = settings.SITE_URL.rstrip("/") or request.build_absolute_uri("/").rstrip("/")
    return site + obj.get_absolute_url()


def home(request):
    """The home page: what the platform holds where it serves, and the way in; an instance
    serving several départements lets the visitor pick theirs."""
    codes = site.served_codes()
    structures, offres = Structure.objects.all(), Offre.objects.all()
    if not site.serves_all():
        structures = structures.serving(codes)
        offres = offres.filter(structure__in=structures)
    served = list(Departement.objects.filter(code__in=codes).only("code", "name").order_by("code"))
    context = {
        "structure_count": structures.count(),
        "offre_count": offres.count(),
        "commune_count": Commune.objects.count(),
        "themes": Theme.objects.all(),
        "served": served,
        "of_served": site.of_departement(served[0]) if len(served) == 1 else "",
    }
    return render(request, "core/home.html", context)
