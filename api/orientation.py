"""« Qui peut m'aider ? » through the API: the same engine as the pages."""

from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from orientation.engine import MAX_TEXT, OrientationError, orient
from orientation.models import Journey
from orientation.serializers import orientation_dict
from orientation.services import journey_record
from territories.models import Commune

from . import schemas

router = Router()


class OrientationQuery(schemas.Schema):
    commune: str = Field(..., description="Code INSEE de la commune.")
    q: str = Field(
        "",
        max_length=MAX_TEXT,
        description=f"Le projet : quelques mots ou un paragraphe ({MAX_TEXT} caractères au plus).",
    )
    theme: str = Field("", description="Slug d'un thème (facultatif).")
    aide: str = Field("", description="Slug d'un type d'aide (facultatif).")
    phase: str = Field("", description="Slug d'une phase (facultatif).")


@router.get(
    "/orientation",
    response={200: schemas.Orientation, 400: schemas.Error},
    tags=["orientation"],
)
def orientation(request, params: Query[OrientationQuery]):
    """Qui peut aider cette commune pour ce projet ? Les offres qui conviennent, pourquoi, à
    quelles conditions ; ou, si rien ne convient vraiment, les portes d'entrée généralistes."""
    commune = Commune.objects.for_orientation(params.commune)
    if commune is None:
        raise HttpError(400, f"Commune inconnue : « {params.commune} » (code INSEE attendu).")
    try:
        result = orient(commune, params.q, theme=params.theme, aide=params.aide, phase=params.phase)
    except OrientationError as error:
        raise HttpError(400, str(error)) from error
    journey_record(orientation=result, text=params.q, source=Journey.Source.API, request=request)
    return orientation_dict(result)
