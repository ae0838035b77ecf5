"""Per theme, side by side: the need the surveys expressed, the demand the platform saw, the
offer in the directory and how well the structures serving it are known. Two readings stand
out: « bien couvert mais méconnu » and « demandé mais peu couvert »."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count
from django.utils import timezone

from directory.index import get_index
from directory.models import in_taxonomy_order
from orientation.models import Audience, Journey
from support.models import SupportRequest
from territories.models import Commune

from .models import Dimension, Segment, Survey, SurveyFigure

WELL_COVERED = 3  # offers covering the whole département on the theme
LITTLE_KNOWN = 70  # % of the panel knowing the structures, on average
IN_DEMAND = 85  # % of the panel expressing the need
DEMAND_MIN = 20  # journeys and requests of the communes on a theme over DEMAND_PERIOD…
DEMAND_PERIOD = timedelta(days=365)  # …for the platform to call it « demandé »
DEMAND_RULE = (
    f"« demandé » : au moins {IN_DEMAND} % des répondants de la dernière enquête, ou au moins "
    f"{DEMAND_MIN} parcours et demandes des communes sur les 12 derniers mois (hors API, "
    "équipe, tests et robots)"
)


@dataclass
class ThemeRow:
    slug: str
    name: str
    need: float | None  # % of the panel, latest survey
    journeys: int
    requests: int
    offers: int  # offers covering every commune of the département
    partial_offers: int  # offers covering some of its communes only
    structures: int
    knowledge: float | None  # mean % of the panel knowing the structures serving it

    @property
    def reading(self) -> str:
        if (
            self.offers >= WELL_COVERED
            and self.knowledge is not None
            and (self.knowledge < LITTLE_KNOWN)
        ):
            return "bien couvert mais méconnu"
        demanded = (self.need or 0) >= IN_DEMAND or self.journeys + self.requests >= DEMAND_MIN
        if demanded and self.offers <= 1:
            return "demandé mais peu couvert"
        return ""


def latest_survey(departement: str) -> Survey | None:
    return Survey.objects.filter(departement_id=departement).order_by("-year").first()


def needs_vs_offer(departement: str, survey: Survey | None = None) -> list[ThemeRow]:
    index = get_index()
    communes = list(Commune.objects.for_coverage().filter(departement_id=departement))
    reach = index.available_to(communes)
    some = set(reach)
    whole = {pk for pk, n in reach.items() if n == len(communes)}
    need, knowledge_by_structure = _survey_figures(survey or latest_survey(departement))
    journeys, requests = _demand(departement)
    rows = []
    for theme in in_taxonomy_order(index.themes.values()):
        serving = index.by_theme.get(theme.slug, set())
        # A structure no public source identifies is left out of the counts and the mean.
        identified = {pk for pk in serving & some if index.offers[pk].identified}
        structures = {index.offers[pk].structure_id for pk in identified}
        known = [
            float(knowledge_by_structure[s]) for s in structures if s in knowledge_by_structure
        ]
        rows.append(
            ThemeRow(
                slug=theme.slug,
                name=theme.name,
                need=float(need[theme.slug]) if theme.slug in need else None,
                journeys=journeys.get(theme.slug, 0),
                requests=requests.get(theme.slug, 0),
                offers=len(identified & whole),
                partial_offers=len(identified - whole),
                structures=len(structures),
                knowledge=round(sum(known) / len(known), 1) if known else None,
            )
        )
    return rows


def _survey_figures(survey: Survey | None) -> tuple[dict, dict]:
    """From the panel of the survey: the share of communes needing each theme, and how well
    each structure is known (mean of its answers)."""
    if survey is None:
        return {}, {}
    panel = SurveyFigure.objects.filter(survey=survey, segment=Segment.PANEL)
    need = dict(
        panel.filter(dimension=Dimension.NEED)
        .exclude(theme=None)
        .values_list("theme__slug", "percentage")
    )
    knowledge = dict(
        panel.filter(dimension=Dimension.KNOWLEDGE)
        .exclude(structure=None)
        .values("structure_id")
        .annotate(share=Avg("percentage"))
        .values_list("structure_id", "share")
    )
    return need, knowledge


def _demand(departement: str) -> tuple[Counter, Counter]:
    """Per theme, the journeys and the requests of the département's communes in the period."""
    since = timezone.now() - DEMAND_PERIOD
    journeys = Counter()
    # Counted by the database per list of themes (a few dozen distinct lists for tens of
    # thousands of journeys): only those lists are read and decoded here.
    for themes, count in (
        Journey.objects.filter(
            commune__departement_id=departement, audience=Audience.SITE, created_at__gte=since
        )
        .values("themes")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("themes", "n")
    ):
        for slug in themes or []:
            journeys[slug] += count
    requests = Counter(
        dict(
            SupportRequest.objects.filter(
                commune__departement_id=departement, created_at__gte=since
            )
            .exclude(theme=None)
            .values("theme__slug")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("theme__slug", "n")
        )
    )
    return journeys, requests
