"""The directory: taxonomies, structures and offers, filtered and paginated."""

import math

from django.conf import settings
from django.db.models import Count
from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from directory.models import HelpKind, Offre, Phase, Structure, Theme
from directory.selectors import OffreFilters, filter_offres, offres_with_details
from territories.models import Commune

from . import schemas
from .serializers import offre_dict, structure_dict

router = Router()


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


@router.get(
    "/taxonomies", response={200: schemas.Taxonomies, 400: schemas.Error}, tags=["annuaire"]
)
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


@router.get(
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


@router.get(
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


@router.get("/offres", response={200: schemas.OffrePage, 400: schemas.Error}, tags=["annuaire"])
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


@router.get(
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
