"""/guide/<département>.pdf and /guide/intercommunalites/<siren>.pdf: the printable guides."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from territories.models import EPCI, Departement

from . import store
from .render import Unavailable


def _served(path, filename: str) -> FileResponse:
    response = FileResponse(path.open("rb"), content_type="application/pdf", filename=filename)
    response["Cache-Control"] = "public, max-age=3600"
    return response


def departement_pdf(request, code: str):
    served = Departement.objects.filter(communes__isnull=False).distinct()
    departement = get_object_or_404(served, code=code)
    try:
        path = store.guide_pdf("departement", departement)
    except Unavailable:
        return _unavailable(request, departement.get_absolute_url())
    return _served(path, f"guide-ingenierie-{departement.code}.pdf")


def epci_pdf(request, code: str):
    epci = get_object_or_404(EPCI.objects.filter(communes__isnull=False).distinct(), code=code)
    try:
        path = store.guide_pdf("epci", epci)
    except Unavailable:
        return _unavailable(request, epci.get_absolute_url())
    return _served(path, f"guide-ingenierie-{epci.code}.pdf")


def _unavailable(request, page: str):
    """A server without Pango: say so, and point at the same content online."""
    return render(request, "guide/unavailable.html", {"page": page}, status=503)
