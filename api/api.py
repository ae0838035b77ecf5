"""Read-only JSON API, /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

import math
import uuid
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.db.models import Count
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth
from pydantic import Field

from accounts import permissions
from directory.models import HelpKind, Offre, Phase, Structure, Theme
from directory.selectors import OffreFilters, filter_offres, offres_with_details
from observatory import activity, tables
from observatory.coverage import coverage_matrix
from observatory.models import FIRST_SURVEY_YEAR, LAST_SURVEY_YEAR, Dimension, Survey
from observatory.needs import latest_survey, needs_vs_offer
from orientation.engine import OrientationError, orient
from orientation.models import Journey
from orientation.serializers import orientation_dict
from orientation.services import journey_record
from support.models import SupportRequest
from territories.models import Commune

from . import schemas
from .serializers import commune_summary, offre_dict, structure_dict

api = NinjaAPI(
    title="Carto'Ingé — API de l'annuaire de l'ingénierie territoriale",
    version="1",
    description=(
        "Qui peut accompagner les projets des communes : structures, offres de service, "
        "référentiel des communes, en lecture seule et sans authentification. Les demandes "
        "d'accompagnement (/demandes) sont réservées aux comptes connectés, chacun ne voyant "
        "que celles que ses rôles lui ouvrent. Une requête illisible (caractère nul, valeur "
        "de plus de 20 000 caractères, nombre hors de ses bornes) reçoit 400 et "
        '{"detail": "…"} en français.'
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
        request, {"detail": "Connectez-vous pour consulter les demandes."}, status=401
    )


DEFAULT_DEPARTEMENT = settings.SITE_DEPARTEMENTS[0]  # of the observatory's answers
MAX_PAGE = 10_000  # 1 million results at 100 a page: beyond any list, below any overflow


class FilterParams(schemas.Schema):
    theme: str = Field("", description="Slug d'un thème (voir /taxonomies).")
    aide: str = Field("", description="Slug d'un type d'aide.")
    phase: str = Field("", description="Slug d'une phase de projet.")
    nature: str = Field("", description="Nature de structure.")
    commune: str = Field("", description="Code INSEE d'une commune couverte.")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page (au plus 10 000).")
    page_size: int = Field(50, ge=1, le=100)


def _filters(params: FilterParams) -> OffreFilters:
    commune = None
    if params.commune:
        commune = Commune.objects.filter(code=params.commune).first()
        if commune is None:
            raise HttpError(400, f"Commune inconnue : « {params.commune} ».")
    return OffreFilters(
        theme=params.theme,
        aide=params.aide,
        phase=params.phase,
        nature=params.nature,
        commune=commune,
    )


def _page(count: int, params: FilterParams) -> dict:
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": max(1, math.ceil(count / params.page_size)),
    }


def _slice(params: FilterParams) -> slice:
    start = (params.page - 1) * params.page_size
    return slice(start, start + params.page_size)


@api.get("/taxonomies", response={200: schemas.Taxonomies, 400: schemas.Error}, tags=["annuaire"])
def taxonomies(request):
    """Thèmes, types d'aide, phases, natures de structure et conditions."""
    return {
        "themes": [
            {
                "slug": t.slug,
                "nom": t.name,
                "description": t.description,
                "intitule_enquete_2023": t.survey_label,
            }
            for t in Theme.objects.all()
        ],
        "aides": [
            {"slug": t.slug, "nom": t.name, "description": t.description}
            for t in HelpKind.objects.all()
        ],
        "phases": [
            {"slug": t.slug, "nom": t.name, "description": t.description}
            for t in Phase.objects.all()
        ],
        "natures": [{"slug": v, "nom": label} for v, label in Structure.Kind.choices],
        "conditions": [{"slug": v, "nom": label} for v, label in Offre.Cost.choices],
    }


@api.get(
    "/structures",
    response={200: schemas.StructurePage, 400: schemas.Error},
    tags=["annuaire"],
)
def structures(request, params: Query[FilterParams]):
    """Les structures ayant au moins une offre correspondant aux filtres."""
    filters = _filters(params)
    matching = filter_offres(filters).values("pk")
    queryset = (
        Structure.objects.filter(offres__in=matching)
        .annotate(n=Count("offres", distinct=True))
        .order_by("name")
    )
    count = queryset.count()
    page = list(queryset[_slice(params)])
    return {**_page(count, params), "results": [structure_dict(s, s.n) for s in page]}


@api.get(
    "/structures/{slug}",
    response={200: schemas.StructureDetail, 400: schemas.Error, 404: schemas.Error},
    tags=["annuaire"],
)
def structure(request, slug: str):
    """Une structure et toutes ses offres."""
    found = Structure.objects.filter(slug=slug).first()
    if found is None:
        raise HttpError(404, f"Structure inconnue : « {slug} ».")
    offres = [offre_dict(o) for o in offres_with_details().filter(structure=found)]
    return {**structure_dict(found, len(offres)), "offres": offres}


@api.get("/offres", response={200: schemas.OffrePage, 400: schemas.Error}, tags=["annuaire"])
def offres(request, params: Query[FilterParams]):
    """Les offres de service correspondant aux filtres."""
    filters = _filters(params)
    matching = filter_offres(filters).values("pk")
    queryset = offres_with_details().filter(pk__in=matching).order_by("slug")
    count = queryset.count()
    return {
        **_page(count, params),
        "results": [offre_dict(o) for o in queryset[_slice(params)]],
    }


@api.get(
    "/offres/{slug}",
    response={200: schemas.Offre, 400: schemas.Error, 404: schemas.Error},
    tags=["annuaire"],
)
def offre(request, slug: str):
    """Une offre de service."""
    found = offres_with_details().filter(slug=slug).first()
    if found is None:
        raise HttpError(404, f"Offre inconnue : « {slug} ».")
    return offre_dict(found)


class CommuneQuery(schemas.Schema):
    q: str = Field(..., min_length=1, max_length=100, description="Nom, code postal ou INSEE.")
    limit: int = Field(10, ge=1, le=50)


@api.get(
    "/communes",
    response={200: list[schemas.CommuneSummary], 400: schemas.Error},
    tags=["territoires"],
)
def communes(request, params: Query[CommuneQuery]):
    """Recherche de communes pour l'autocomplétion : nom (sans accents, « St » = « Saint »,
    anciens noms et communes déléguées), code postal ou code INSEE, par préfixe."""
    found = Commune.objects.search(params.q, limit=params.limit)
    return [commune_summary(c) for c in found]


@api.get(
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


class OrientationQuery(schemas.Schema):
    commune: str = Field(..., description="Code INSEE de la commune.")
    q: str = Field("", max_length=500, description="Le projet, en quelques mots.")
    theme: str = Field("", description="Slug d'un thème (facultatif).")
    aide: str = Field("", description="Slug d'un type d'aide (facultatif).")
    phase: str = Field("", description="Slug d'une phase (facultatif).")


@api.get(
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
    journey_record(orientation=result, text=params.q, source=Journey.Source.API)
    return orientation_dict(result)


# Help requests: for signed-in accounts only (session), each sees what its roles allow.


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


@api.get(
    "/demandes",
    response={200: schemas.DemandePage, 400: schemas.Error, 401: schemas.Error},
    tags=["demandes"],
    auth=django_auth,
)
def demandes(request, page: int = Query(1, ge=1, le=MAX_PAGE)):
    """Les demandes d'accompagnement que le compte connecté traite ou suit (50 par page)."""
    visible = _visible_requests(request.user).order_by("-created_at", "-pk")
    start = (page - 1) * 50
    return {
        "count": visible.count(),
        "results": [_demande_dict(r) for r in visible[start : start + 50]],
    }


@api.get(
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


# The observatory: the same tables as its pages and downloads.


def _tableau(table) -> dict:
    return {
        "slug": table.slug,
        "titre": table.caption,
        "resume": table.summary,
        "colonnes": table.headers,
        "lignes": [[float(c) if isinstance(c, Decimal) else c for c in row] for row in table.rows],
    }


def _observed_departement(code: str) -> str:
    if not Commune.objects.filter(departement_id=code).exists():
        raise HttpError(400, f"Département sans communes importées : « {code} ».")
    return code


@api.get(
    "/observatoire/besoins",
    response={200: schemas.Tableau, 400: schemas.Error},
    tags=["observatoire"],
)
def observatoire_besoins(
    request,
    departement: str = DEFAULT_DEPARTEMENT,
    annee: int | None = Query(None, ge=FIRST_SURVEY_YEAR, le=LAST_SURVEY_YEAR),
):
    """Par thème : besoin exprimé (dernière enquête, ou `annee`), parcours, demandes, offres,
    structures et leur notoriété."""
    code = _observed_departement(departement)
    survey = None
    if annee is not None:
        survey = Survey.objects.filter(departement_id=code, year=annee).first()
        if survey is None:
            raise HttpError(400, f"Aucune enquête {annee} pour le département {code}.")
    rows = needs_vs_offer(code, survey)
    return _tableau(tables.needs_table(rows, survey or latest_survey(code)))


@api.get(
    "/observatoire/couverture",
    response={200: schemas.Tableau, 400: schemas.Error},
    tags=["observatoire"],
)
def observatoire_couverture(
    request, departement: str = DEFAULT_DEPARTEMENT, axe: Literal["themes", "aides"] = "themes"
):
    """Offres couvrant toutes les communes de chaque intercommunalité, par thème ou par type
    d'aide (`axe` : themes ou aides)."""
    if axe not in ("themes", "aides"):
        raise HttpError(400, "« axe » vaut themes ou aides.")
    code = _observed_departement(departement)
    return _tableau(tables.coverage_table(coverage_matrix([code], axe)))


@api.get(
    "/observatoire/enquetes/{annee}",
    response={200: list[schemas.Tableau], 400: schemas.Error, 404: schemas.Error},
    tags=["observatoire"],
)
def observatoire_enquete(
    request,
    annee: int = Path(..., ge=FIRST_SURVEY_YEAR, le=LAST_SURVEY_YEAR),
    departement: str = DEFAULT_DEPARTEMENT,
):
    """Les tableaux d'une enquête : connaissance des structures et besoins par thème."""
    survey = Survey.objects.filter(departement_id=departement, year=annee).first()
    if survey is None:
        raise HttpError(404, f"Aucune enquête {annee} pour le département {departement}.")
    return [
        _tableau(tables.survey_table(survey, dimension))
        for dimension in Dimension.values
        if survey.figures.filter(dimension=dimension).exists()
    ]


@api.get(
    "/observatoire/activite",
    response={
        200: list[schemas.Tableau],
        400: schemas.Error,
        401: schemas.Error,
        403: schemas.Error,
    },
    tags=["observatoire"],
    auth=django_auth,
)
def observatoire_activite(request, departement: str = DEFAULT_DEPARTEMENT):
    """Parcours et demandes (comptes d'administrateur de territoire)."""
    if not permissions.can_moderate(request.user, departement):
        raise HttpError(403, "Réservé à l'équipe de la plateforme de ce département.")
    filters = activity.Filters(departement=departement)
    found = tables.journey_tables(activity.journeys(filters))
    found += tables.request_tables(activity.requests(filters))
    return [_tableau(t) for t in found]
