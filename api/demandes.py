"""Help requests, for signed-in accounts only (session): each sees what its roles allow."""

import uuid

from ninja import Query, Router
from ninja.errors import HttpError
from ninja.security import django_auth

from accounts import permissions
from support.models import SupportRequest

from . import schemas
from .pagination import MAX_PAGE, PageParams, paginated

router = Router()


def _demande_dict(support_request) -> dict:
    return {
        "id": str(support_request.public_id),
        "date": support_request.created_at.date().isoformat(),
        "statut": support_request.status,
        "issue": support_request.outcome,
        "commune": {"code": support_request.commune_id, "nom": support_request.commune.name},
        "structure": {
            "slug": support_request.structure.slug,
            "nom": support_request.structure.display_name,
        },
        "projet": support_request.project,
    }


def _visible_requests(user):
    base = SupportRequest.objects.select_related("commune", "structure")
    return permissions.handled_requests(user, base) | permissions.followed_requests(user, base)


@router.get(
    "/demandes",
    response={200: schemas.DemandePage, 400: schemas.Error, 401: schemas.Error},
    tags=["demandes"],
    auth=django_auth,
)
def demandes(request, page: int = Query(1, ge=1, le=MAX_PAGE)):
    """Les demandes d'accompagnement que le compte connecté traite ou suit (50 par page)."""
    visible = _visible_requests(request.user).order_by("-created_at", "-pk")
    return paginated(visible, PageParams(page=page, page_size=50), _demande_dict)


@router.get(
    "/demandes/{public_id}",
    response={200: schemas.Demande, 400: schemas.Error, 401: schemas.Error, 404: schemas.Error},
    tags=["demandes"],
    auth=django_auth,
)
def demande(request, public_id: str):
    """Une demande, si le compte connecté la traite ou la suit ; sinon 404, comme inconnue."""
    found = _visible_requests(request.user).filter(public_id=_uuid_or_none(public_id)).first()
    if found is None:
        raise HttpError(404, "Demande inconnue.")
    return _demande_dict(found)


def _uuid_or_none(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
