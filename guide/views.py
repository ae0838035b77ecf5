"""/guide/<département>.pdf and /guide/intercommunalites/<siren>.pdf: the printable guides, as
`build_guides` last built them (a request never builds one)."""

import os

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import http_date

from territories.models import EPCI, Departement

from . import store

RETRY_AFTER = 600  # seconds: build_guides runs every 10 minutes (docs/production.md)


def departement_pdf(request, code: str):
    served = Departement.objects.filter(communes__isnull=False).distinct()
    return _guide(request, "departement", get_object_or_404(served, code=code))


def epci_pdf(request, code: str):
    served = EPCI.objects.filter(communes__isnull=False).distinct()
    return _guide(request, "epci", get_object_or_404(served, code=code))


def _guide(request, kind: str, territory):
    path = store.latest(kind, territory)
    try:
        stream = path.open("rb") if path else None
    except FileNotFoundError:  # removed by build_guides' clean-up in between: as not built
        stream = None
    if stream is None:  # not built yet: say so, and point at the same content online
        context = {"page": territory.get_absolute_url(), "territory": territory}
        response = render(request, "guide/unavailable.html", context, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    response = FileResponse(
        stream, content_type="application/pdf", filename=f"guide-ingenierie-{territory.code}.pdf"
    )
    response["Last-Modified"] = http_date(os.fstat(stream.fileno()).st_mtime)
    response["Cache-Control"] = "public, max-age=3600"
    return response
