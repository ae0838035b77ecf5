"""Projects of the communes, for signed-in accounts only (session): each sees the projects its
roles open (`projects.permissions`), in the format of the project's JSON export."""

import uuid

from ninja import Query, Router
from ninja.errors import HttpError
from ninja.security import django_auth

from projects import permissions
from projects.exports import project_dict

from . import schemas
from .pagination import MAX_PAGE, PageParams, paginated

router = Router()


@router.get(
    "/projets",
    response={200: schemas.ProjetPage, 400: schemas.Error, 401: schemas.Error},
    tags=["projets"],
    auth=django_auth,
)
def projets(request, page: int = Query(1, ge=1, le=MAX_PAGE)):
    """Les projets que le compte connecté porte, suit ou voit partagés (50 par page), la
    dernière activité d'abord."""
    visible = (
        permissions.visible(request.user)
        .select_related("epci")
        .prefetch_related(
            "communes", "themes", "financing__aid", "milestones", "followers__structure"
        )
        .order_by("-last_activity_at", "-pk")
    )
    return paginated(visible, PageParams(page=page, page_size=50), project_dict)


@router.get(
    "/projets/{public_id}",
    response={200: schemas.Projet, 400: schemas.Error, 401: schemas.Error, 404: schemas.Error},
    tags=["projets"],
    auth=django_auth,
)
def projet(request, public_id: str):
    """Un projet, si le compte connecté peut l'ouvrir ; sinon 404, comme inconnu."""
    try:
        wanted = uuid.UUID(public_id)
    except ValueError:
        wanted = None
    found = permissions.visible(request.user).filter(public_id=wanted).first()
    if found is None:
        raise HttpError(404, "Projet inconnu.")
    return project_dict(found)
