"""An intercommunality's dashboard: its communes' needs quarter by quarter (journeys by
theme, weak answers and « non » ratings, help requests by status and outcome), the offer on
its territory (by theme and kind of help, by whom, the gaps), the 2023 survey for context and
the mutualisation suggestions. Requests appear one by one only when their requester agreed to
share them with the intercommunality; otherwise in the counts only."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from directory.index import get_index
from directory.models import in_taxonomy_order
from orientation.models import Audience, Feedback, Journey
from projects.models import Project
from support.models import SupportRequest
from territories.models import EPCI, Commune

from . import tables
from .coverage import WEAK_COVERAGE
from .models import Dimension, PoolingSuggestion, Segment
from .needs import latest_survey

QUARTERS = 4


def quarters(today: date) -> list[tuple[str, date]]:
    """The last QUARTERS calendar quarters, the current one included: (label, first day)."""
    year, quarter = today.year, (today.month - 1) // 3
    found = []
    for _ in range(QUARTERS):
        found.append((f"{year} T{quarter + 1}", date(year, 3 * quarter + 1, 1)))
        quarter -= 1
        if quarter < 0:
            year, quarter = year - 1, 3
    return list(reversed(found))


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Dashboard:
    epci: EPCI
    communes: list[Commune]
    quarters: list[str]
    tables: list[tables.Table]
    journey_bars: list[tuple[str, float]]
    offer_bars: list[tuple[str, float]]
    shared: list[SupportRequest]
    suggestions: list[PoolingSuggestion]
    gaps: list[str]
    projects: list[Project]  # shared with the intercommunality by their carriers


@dataclass
class Period:
    """The quarters shown: their labels and [start, end) instants, and since when."""

    labels: list[str]
    bounds: list[tuple[str, datetime, datetime]]
    since: datetime
    words: str  # « du 01/01/2026 à aujourd'hui »

    def counts(self, prefix: str = "", condition: Q | None = None) -> dict[str, Count]:
        """One count per quarter, {"n0": …, "n1": …}, on `prefix`created_at: counted by the
        database, a date range on the index (a busy intercommunality has tens of thousands)."""
        return {
            f"n{i}": Count(
                "pk",
                filter=Q(**{f"{prefix}created_at__gte": low, f"{prefix}created_at__lt": high})
                & (condition or Q()),
            )
            for i, (_label, low, high) in enumerate(self.bounds)
        }


def period_of(today: date) -> Period:
    starts = quarters(today)
    bounds = []
    for position, (label, first) in enumerate(starts):
        end = starts[position + 1][1] if position + 1 < len(starts) else today + timedelta(days=1)
        bounds.append((label, _aware(first), _aware(end)))
    return Period(
        [label for label, _ in starts],
        bounds,
        _aware(starts[0][1]),
        f"du {starts[0][1]:%d/%m/%Y} à aujourd'hui",
    )


def build(epci: EPCI, today: date | None = None) -> Dashboard:
    period = period_of(today or timezone.localdate())
    communes = list(Commune.objects.for_coverage().filter(epci=epci).order_by("name"))
    index = get_index()
    journey_rows, quality = _journeys(epci, period, index)
    requests = SupportRequest.objects.filter(  # its communes by code: the index, no join
        commune_id__in=[c.code for c in communes], created_at__gte=period.since
    )
    shared = list(
        requests.filter(share_with_epci=True)
        .select_related("commune", "theme", "structure")
        .order_by("-created_at")[:100]
    )
    theme_rows, aide_rows = _offer_rows(index, communes)
    gaps = [row[0] for row in theme_rows if row[1] <= WEAK_COVERAGE]
    suggestions = list(
        PoolingSuggestion.objects.filter(epci=epci)
        .select_related("theme", "help_kind")
        .order_by("state", "-last_seen_at")
    )
    shared_projects = _shared_projects(epci, communes)
    projects = list(
        shared_projects.annotate(helpers=Count("followers", distinct=True))
        .prefetch_related("communes", "themes")
        .order_by("-last_activity_at")[:200]
    )
    found_tables = [
        *_journey_tables(epci, period, journey_rows, quality),
        *_request_tables(period, requests, len(shared)),
        *_offer_tables(epci, theme_rows, aide_rows, len(gaps)),
        _pooling_table(suggestions, {c.code: c.name for c in communes}),
        _project_table(epci, shared_projects),
    ]
    survey = _survey_table(communes)
    if survey is not None:
        found_tables.append(survey)
    return Dashboard(
        epci=epci,
        communes=communes,
        quarters=period.labels,
        tables=found_tables,
        journey_bars=[(row[0], float(row[-1])) for row in journey_rows[:10]],
        offer_bars=[(row[0], float(row[1])) for row in theme_rows],
        shared=shared,
        suggestions=suggestions,
        gaps=gaps,
        projects=projects,
    )


def _shared_projects(epci: EPCI, communes: list[Commune]):
    """The projects its communes (or itself) carry and chose to share with it."""
    ids = Project.objects.filter(
        Q(communes__in=[c.code for c in communes]) | Q(epci=epci), shared_with_epci=True
    ).values("pk")
    return Project.objects.filter(pk__in=ids)


def _project_table(epci: EPCI, shared) -> tables.Table:
    """Counted by the database, every one of them (the list shows the latest 200)."""
    rows = shared.values("maturity").annotate(
        n=Count("pk"), followed=Count("pk", filter=Q(followers__isnull=False), distinct=True)
    )
    by_maturity = {row["maturity"]: row for row in rows.order_by()}
    total = sum(row["n"] for row in by_maturity.values())
    return tables.Table(
        "epci-projets",
        "Projets partagés avec l'intercommunalité, par avancement",
        f"{total} projet(s) que des communes de {epci.name} ont choisi de partager avec elle, "
        "et combien sont suivis par au moins une structure.",
        ["Avancement", "Projets", "Suivis par une structure"],
        [
            [
                label,
                by_maturity.get(value, {}).get("n", 0),
                by_maturity.get(value, {}).get("followed", 0),
            ]
            for value, label in Project.Maturity.choices
        ],
    )


def _journeys(epci: EPCI, period: Period, index) -> tuple[list[list], dict[str, list[int]]]:
    """Needs: the journeys of its communes (people on the site) by theme and quarter, and per
    quarter the journeys, weak answers and « non » ratings."""
    labels = period.labels
    by_theme = defaultdict(Counter)
    quality = {label: [0, 0, 0] for label in labels}  # journeys, weak, rated « non »
    journeys = Journey.objects.filter(
        epci=epci, audience=Audience.SITE, created_at__gte=period.since
    )
    weak = {name.replace("n", "w"): c for name, c in period.counts(condition=Q(weak=True)).items()}
    for row in journeys.values("themes").annotate(**period.counts(), **weak).order_by():
        for i, label in enumerate(labels):
            quality[label][0] += row[f"n{i}"]
            quality[label][1] += row[f"w{i}"]
            for slug in row["themes"] or []:
                by_theme[slug][label] += row[f"n{i}"]
    rated = Feedback.objects.filter(journey__in=journeys, helped=False).aggregate(
        **period.counts("journey__")
    )
    for i, label in enumerate(labels):
        quality[label][2] = rated[f"n{i}"]
    names = {slug: t.name for slug, t in index.themes.items()}
    rows = [
        [names.get(slug, slug), *[counts[q] for q in labels], sum(counts.values())]
        for slug, counts in sorted(by_theme.items(), key=lambda i: -sum(i[1].values()))
    ]
    return rows, quality


def _offer_rows(index, communes: list[Commune]) -> tuple[list[list], list[list]]:
    """The offer on its territory, by theme and by kind of help: offers covering every
    commune, some of them, and the structures behind them."""
    reach = index.available_to(communes) if communes else {}
    whole = {pk for pk, n in reach.items() if n == len(communes)}
    partial = set(reach) - whole

    def rows(by_slug, known):
        found = []
        for slug, entry in in_taxonomy_order(known.items(), key=lambda item: item[1]):
            serving = by_slug.get(slug, set())
            everywhere = {pk for pk in serving & whole if index.offers[pk].identified}
            somewhere = {pk for pk in serving & partial if index.offers[pk].identified}
            names = sorted({index.offers[pk].sort_key[0] for pk in everywhere | somewhere})
            found.append([entry.name, len(everywhere), len(somewhere), ", ".join(names)])
        return found

    return rows(index.by_theme, index.themes), rows(index.by_aide, index.aides)


def _journey_tables(epci, period: Period, journey_rows, quality) -> list[tables.Table]:
    return [
        tables.Table(
            "epci-parcours-themes",
            "Parcours des communes par thème et par trimestre",
            f"Les parcours « Qui peut m'aider ? » faits sur le site pour une commune de "
            f"{epci.name}, {period.words} (ni API, ni équipe, ni robots).",
            ["Thème", *period.labels, "Total"],
            journey_rows,
        ),
        tables.Table(
            "epci-parcours-qualite",
            "Réponses faibles et avis « non » par trimestre",
            "Parcours, réponses sans offre qui convienne vraiment, et réponses jugées inutiles "
            "par leur utilisateur.",
            ["Trimestre", "Parcours", "Réponses faibles", "Avis « non »"],
            [[label, *quality[label]] for label in period.labels],
        ),
    ]


def _request_tables(period: Period, requests, shared: int) -> list[tables.Table]:
    labels = period.labels
    statuses = defaultdict(Counter)
    for row in requests.values("status").annotate(**period.counts()).order_by():
        for i, label in enumerate(labels):
            statuses[row["status"]][label] += row[f"n{i}"]
    outcomes = Counter(
        dict(requests.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")).order_by())
    )
    return [
        tables.Table(
            "epci-demandes-statuts",
            "Demandes d'accompagnement par statut et par trimestre",
            f"{sum(sum(c.values()) for c in statuses.values())} demandes des communes, "
            f"{period.words} ; {shared} partagées avec l'intercommunalité par leur demandeur.",
            ["Statut", *labels, "Total"],
            [
                [label, *[statuses[value][q] for q in labels], sum(statuses[value].values())]
                for value, label in SupportRequest.Status.choices
            ],
        ),
        tables.Table(
            "epci-demandes-issues",
            "Issue des demandes closes",
            "Ce que sont devenues les demandes closes de la période.",
            ["Issue", "Demandes"],
            [[label, outcomes[value]] for value, label in SupportRequest.Outcome.choices],
        ),
    ]


def _offer_tables(epci, theme_rows, aide_rows, gaps: int) -> list[tables.Table]:
    columns = ["Offres sur tout le territoire", "Offres sur une partie", "Structures"]
    return [
        tables.Table(
            "epci-offre-themes",
            "L'offre sur le territoire, par thème",
            f"Offres qui couvrent toutes les communes de {epci.name} ou une partie, et les "
            f"structures qui les portent ; {gaps} thème(s) sans offre ou avec une seule "
            "sur tout le territoire : des manques de l'annuaire à vérifier.",
            ["Thème", *columns],
            theme_rows,
        ),
        tables.Table(
            "epci-offre-aides",
            "L'offre sur le territoire, par type d'aide",
            "Les mêmes offres, par type d'aide.",
            ["Type d'aide", *columns],
            aide_rows,
        ),
    ]


def _pooling_table(suggestions, names: dict[str, str]) -> tables.Table:
    return tables.Table(
        "epci-mutualisation",
        "Suggestions de mutualisation",
        "Quand au moins deux communes ont exprimé le même besoin ces derniers mois. Les "
        "communes ne sont nommées que si elles l'ont accepté.",
        ["Thème", "Type d'aide", "Piste", "Communes", "Dont nommées", "État"],
        [
            [
                s.theme.name,
                s.help_kind.name if s.help_kind else "",
                s.get_kind_display(),
                len(s.communes),
                ", ".join(names.get(c, c) for c in s.named),
                s.get_state_display(),
            ]
            for s in suggestions
        ],
    )


def _survey_table(communes: list[Commune]) -> tables.Table | None:
    """For context: the département's needs in its latest survey."""
    survey = latest_survey(communes[0].departement_id) if communes else None
    if survey is None:
        return None
    values = defaultdict(dict)
    for figure in survey.figures.filter(dimension=Dimension.NEED).exclude(theme=None):
        values[figure.label][figure.segment] = figure.shown
    return tables.Table(
        "epci-enquete",
        f"Pour mémoire : besoins exprimés dans l'enquête {survey.year} (département)",
        f"{tables.survey_summary(survey)} Chiffres du département entier, pas de la "
        "seule intercommunalité.",
        ["Thème", "Ensemble des répondants", "Communes de 1 000 habitants ou moins"],
        [
            [label, cells.get(Segment.PANEL, "—"), cells.get(Segment.SMALL, "—")]
            for label, cells in values.items()
        ],
    )
