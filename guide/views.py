"""/guide/<département>.pdf and /guide/intercommunalites/<siren>.pdf: the printable guides."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from territories.models import EPCI, Departement

from . import store
from .render import Unavailable


def departement_pdf(request, code: str):
    served = Departement.objects.filter(communes__isnull=False).distinct()
    return _guide(request, "departement", get_object_or_404(served, code=code))


def epci_pdf(request, code: str):
    served = EPCI.objects.filter(communes__isnull=False).distinct()
    return _guide(request, "epci", get_object_or_404(served, code=code))


def _guide(request, kind: str, territory):
    try:
        path = store.guide_pdf(kind, territory)
    except Unavailable:  # a server without Pango: say so, and point at the same content
        page = territory.get_absolute_url()
        return render(request, "guide/unavailable.html", {"page": page}, status=503)
    response = FileResponse(
        path.open("rb"),
        content_type="application/pdf",
        filename=f"guide-ingenierie-{territory.code}.pdf",
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
