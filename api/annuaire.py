"""The directory: taxonomies, structures and offers, filtered and paginated."""

from django.conf import settings
from django.db.models import Count
from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from directory.models import HelpKind, Offre, Phase, Structure, Theme
from directory.selectors import OffreFilters, filter_offres, offres_with_details
from territories import site
from territories.models import Commune, Departement

from . import schemas
from .pagination import PageParams, paginated
from .serializers import offre_dict, structure_dict

router = Router()


# The observatory's answers: the served département (a national instance: asked, else the first).
DEFAULT_DEPARTEMENT = "" if site.serves_all() else settings.SITE_DEPARTEMENTS[0]


class FilterParams(PageParams):
    theme: str = Field("", description="Slug d'un thème (voir /taxonomies).")
    aide: str = Field("", description="Slug d'un type d'aide.")
    phase: str = Field("", description="Slug d'une phase de projet.")
    nature: str = Field("", description="Nature de structure.")
    commune: str = Field("", description="Code INSEE d'une commune couverte.")
    departement: str = Field(
        "", description="Code d'un département : les offres dont le territoire l'atteint."
    )


def _filters(params: FilterParams) -> OffreFilters:
    commune = None
    if params.commune:
        commune = Commune.objects.filter(code=params.commune).first()
        if commune is None:
            raise HttpError(400, f"Commune inconnue : « {params.commune} ».")
    if params.departement and not Departement.objects.filter(code=params.departement).exists():
        raise HttpError(400, f"Département inconnu : « {params.departement} ».")
    return OffreFilters(
        theme=params.theme,
        aide=params.aide,
        phase=params.phase,
        nature=params.nature,
        commune=commune,
        departement=params.departement,
    )


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
    return paginated(queryset, params, lambda structure: structure_dict(structure, structure.n))


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
    return paginated(queryset, params, offre_dict)


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
