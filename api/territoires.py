"""The referential: commune search (autocompletion) and a commune with the offers it has."""

from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from directory.selectors import offres_with_details
from territories.models import Commune

from . import schemas
from .serializers import commune_summary, offre_dict

router = Router()


class CommuneQuery(schemas.Schema):
    q: str = Field(..., min_length=1, max_length=100, description="Nom, code postal ou INSEE.")
    limit: int = Field(10, ge=1, le=50)


@router.get(
    "/communes",
    response={200: list[schemas.CommuneSummary], 400: schemas.Error},
    tags=["territoires"],
)
def communes(request, params: Query[CommuneQuery]):
    """Recherche de communes pour l'autocomplétion : nom (sans accents, « St » = « Saint »,
    anciens noms et communes déléguées), code postal ou code INSEE, par préfixe."""
    found = Commune.objects.search(params.q, limit=params.limit)
    return [commune_summary(c) for c in found]


@router.get(
    "/communes/{code}",
    response={200: schemas.CommuneDetail, 400: schemas.Error, 404: schemas.Error},
    tags=["territoires"],
)
def commune(request, code: str):
    """Une commune, son EPCI, son département et toutes les offres qui la couvrent."""
    found = (
        Commune.objects.with_territories()
        .prefetch_related("postal_codes", "aliases")
        .filter(code=code)
        .first()
    )
    if found is None:
        raise HttpError(404, f"Commune inconnue : « {code} ».")
    covering = offres_with_details().covering(found).order_by("slug")
    centre = None
    if found.latitude is not None:
        centre = {
            "latitude": found.latitude,
            "longitude": found.longitude,
            "origine": found.centre_source,
        }
    return {
        **commune_summary(found),
        "region": {"code": found.region.code, "nom": found.region.name},
        "autres_noms": [a.name for a in found.aliases.all()],
        "centre": centre,
        "offres": [offre_dict(o) for o in covering],
    }
