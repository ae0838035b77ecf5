"""The observatory: the same tables as its pages and downloads."""

from decimal import Decimal
from typing import Literal

from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.security import django_auth

from accounts import permissions
from observatory import activity, tables
from observatory.coverage import coverage_matrix
from observatory.models import FIRST_SURVEY_YEAR, LAST_SURVEY_YEAR, Dimension, Survey
from observatory.needs import latest_survey, needs_vs_offer
from territories import site
from territories.models import Commune

from . import schemas
from .annuaire import DEFAULT_DEPARTEMENT

router = Router()


def _tableau(table) -> dict:
    return {
        "slug": table.slug,
        "titre": table.caption,
        "resume": table.summary,
        "colonnes": table.headers,
        "lignes": [[float(c) if isinstance(c, Decimal) else c for c in row] for row in table.rows],
    }


def _observed_departement(code: str) -> str:
    code = code or site.default_departement()
    if not Commune.objects.filter(departement_id=code).exists():
        raise HttpError(400, f"Département sans communes importées : « {code} ».")
    return code


@router.get(
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


@router.get(
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


@router.get(
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
    departement = departement or site.default_departement()
    survey = Survey.objects.filter(departement_id=departement, year=annee).first()
    if survey is None:
        raise HttpError(404, f"Aucune enquête {annee} pour le département {departement}.")
    return [
        _tableau(tables.survey_table(survey, dimension))
        for dimension in Dimension.values
        if survey.figures.filter(dimension=dimension).exists()
    ]


@router.get(
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
    departement = departement or site.default_departement()
    if not permissions.can_moderate(request.user, departement):
        raise HttpError(403, "Réservé à l'équipe de la plateforme de ce département.")
    filters = activity.Filters(departement=departement)
    found = tables.journey_tables(activity.journeys(filters))
    found += tables.request_tables(activity.requests(filters))
    return [_tableau(t) for t in found]
