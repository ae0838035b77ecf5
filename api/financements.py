"""Open aids and calls for projects, as /financements/ lists them."""

from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from funding.models import Aid
from funding.selectors import filtered
from territories.models import Commune

from . import schemas
from .pagination import PageParams, paginated

router = Router()


class AidParams(PageParams):
    commune: str = Field("", description="Code INSEE d'une commune couverte.")
    theme: str = Field("", description="Slug d'un thème (voir /taxonomies).")
    nature: str = Field("", description="financiere ou ingenierie.")


def aid_dict(aid: Aid) -> dict:
    return {
        "source": aid.source,
        "identifiant": aid.external_id,
        "nom": aid.name,
        "url": aid.full_link,
        "porteurs": aid.financers,
        "programmes": aid.programs,
        "perimetre": aid.perimeter,
        "territoire": aid.scope,
        "themes": [t.slug for t in aid.themes.all()],
        "nature": aid.aid_types,
        "appel_a_projets": aid.is_call_for_project,
        "recurrence": aid.recurrence,
        "ouverture": aid.start_date,
        "cloture": aid.submission_deadline,
        "echeance": aid.deadline_label(),
        "taux_max": aid.subvention_rate_max,
    }


@router.get("/aides", response={200: schemas.AidePage, 400: schemas.Error}, tags=["financements"])
def aides(request, params: Query[AidParams]):
    """Les aides et appels à projets ouverts aux communes, l'échéance la plus proche
    d'abord ; jamais une aide close."""
    filters = {}
    if params.commune:
        filters["commune"] = Commune.objects.filter(code=params.commune).first()
        if filters["commune"] is None:
            raise HttpError(400, f"Commune inconnue : « {params.commune} ».")
    if params.theme:
        filters["theme"] = params.theme
    if params.nature:
        if params.nature not in ("financiere", "ingenierie"):
            raise HttpError(400, "« nature » vaut financiere ou ingenierie.")
        filters["nature"] = params.nature
    return paginated(filtered(filters).prefetch_related("themes"), params, aid_dict)
