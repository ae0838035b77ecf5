"""Read-only JSON API, /api/v1/, with its OpenAPI document at /api/v1/openapi.json: one
router per domain (annuaire, territoires, orientation, demandes, observatoire)."""

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from . import (
    annuaire,
    demandes,
    financements,
    observatoire,
    orientation,
    projets,
    realisations,
    territoires,
)


class CartoIngeAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """The operation's function name, as published since the API's first version (when
        every operation lived in `api/api.py`): clients that use the identifiers keep them."""
        return f"api_api_{operation.view_func.__name__}"


api = CartoIngeAPI(
    title="Carto'Ingé — API de l'annuaire de l'ingénierie territoriale",
    version="1",
    description=(
        "Qui peut accompagner les projets des communes : structures, offres de service, "
        "référentiel des communes, en lecture seule et sans authentification. Les demandes "
        "d'accompagnement (/demandes) et les projets des communes (/projets) sont réservés aux "
        "comptes connectés, chacun ne voyant que ceux que ses rôles lui ouvrent. Une requête "
        "illisible (caractère nul, valeur de plus de 20 000 caractères, nombre hors de ses "
        'bornes) reçoit 400 et {"detail": "…"} en français.'
    ),
    docs_url=None,  # the bundled Swagger UI loads from a CDN; the OpenAPI document suffices
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    fields = ", ".join(".".join(str(p) for p in error["loc"][1:]) for error in exc.errors)
    return api.create_response(
        request, {"detail": f"Paramètre(s) invalide(s) : {fields}."}, status=400
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request,
        {"detail": "Connectez-vous pour consulter les demandes et les projets."},
        status=401,
    )


for module in (
    annuaire, territoires, orientation, demandes, observatoire, financements, realisations,
    projets,
):  # fmt: skip
    api.add_router("", module.router)
