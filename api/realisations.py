"""Réalisations of communes, intercommunalities and départements."""

from django.db.models import Q
from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from core.routing import page_url
from peers.models import Realisation
from peers.selectors import published
from territories.models import EPCI, Commune

from . import schemas
from .pagination import PageParams, paginated

router = Router()


class RealisationParams(PageParams):
    commune: str = Field("", description="Code INSEE : les réalisations de cette commune.")
    intercommunalite: str = Field(
        "", description="SIREN : celles de l'intercommunalité et de ses communes."
    )
    theme: str = Field("", description="Slug d'un thème (voir /taxonomies).")


def realisation_dict(realisation: Realisation) -> dict:
    return {
        "id": realisation.pk,
        "titre": realisation.title,
        "commune": realisation.commune_id,
        "intercommunalite": realisation.epci_id,
        "departement": realisation.departement_id,
        "annee": realisation.year_start,
        "cout_total": realisation.total_cost,
        "themes": [t.slug for t in realisation.themes.all()],
        "financements": [
            {"financeur": f.backer, "dispositif": f.scheme, "montant": f.amount}
            for f in realisation.funding.all()
        ],
        "appuis": [
            {"structure": h.structure.slug, "role": h.role} for h in realisation.helpers.all()
        ],
        "sources": realisation.sources,
        "url": page_url("peers:detail", str(realisation.pk)),
    }


@router.get(
    "/realisations",
    response={200: schemas.RealisationPage, 400: schemas.Error},
    tags=["réalisations"],
)
def realisations(request, params: Query[RealisationParams]):
    """Les réalisations publiées, les plus récentes d'abord : coût, financements, structures
    qui ont aidé, sources. Aucune donnée personnelle."""
    found = published().prefetch_related("themes")  # the API lists them; the cards do not
    if params.commune:
        if not Commune.objects.filter(code=params.commune).exists():
            raise HttpError(400, f"Commune inconnue : « {params.commune} ».")
        found = found.filter(commune_id=params.commune)
    if params.intercommunalite:
        if not EPCI.objects.filter(code=params.intercommunalite).exists():
            raise HttpError(400, f"Intercommunalité inconnue : « {params.intercommunalite} ».")
        found = found.filter(
            Q(epci_id=params.intercommunalite) | Q(commune__epci_id=params.intercommunalite)
        )
    if params.theme:
        found = found.filter(themes__slug=params.theme).distinct()
    return paginated(found, params, realisation_dict)
