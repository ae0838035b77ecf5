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
from orientation.models import Audience, Feedback, Journey
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


def build(epci: EPCI, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    starts = quarters(today)
    labels = [name for name, _ in starts]
    since = _aware(starts[0][1])
    communes = list(Commune.objects.for_coverage().filter(epci=epci).order_by("name"))
    index = get_index()
    theme_names = {slug: t.name for slug, t in index.themes.items()}

    # Needs: journeys of the communes (people on the site), weak answers and « non » ratings.
    # Counted by the database, one query per quarter and per table: a busy intercommunality
    # has tens of thousands of them (a date range uses the index; a truncation would not).
    bounds = []
    for position, (label, first) in enumerate(starts):
        end = starts[position + 1][1] if position + 1 < len(starts) else today + timedelta(days=1)
        bounds.append((label, _aware(first), _aware(end)))
    by_theme = defaultdict(Counter)
    quality = {label: [0, 0, 0] for label in labels}  # journeys, weak, rated « non »
    journeys = Journey.objects.filter(epci=epci, audience=Audience.SITE, created_at__gte=since)
    # its communes by code: the requests' index on the commune, no join
    requests = SupportRequest.objects.filter(
        commune_id__in=[c.code for c in communes], created_at__gte=since
    )

    def in_quarter(prefix=""):
        """One count per quarter: {"n0": …, "n1": …}, on `prefix`created_at."""
        return {
            f"n{i}": Q(**{f"{prefix}created_at__gte": low, f"{prefix}created_at__lt": high})
            for i, (_label, low, high) in enumerate(bounds)
        }

    per_quarter = {name: Count("pk", filter=q) for name, q in in_quarter().items()}
    weak_per_quarter = {
        name.replace("n", "w"): Count("pk", filter=q & Q(weak=True))
        for name, q in in_quarter().items()
    }
    for row in journeys.values("themes").annotate(**per_quarter, **weak_per_quarter).order_by():
        for i, label in enumerate(labels):
            quality[label][0] += row[f"n{i}"]
            quality[label][1] += row[f"w{i}"]
            for slug in row["themes"] or []:
                by_theme[slug][label] += row[f"n{i}"]
    rated = Feedback.objects.filter(journey__in=journeys, helped=False).aggregate(
        **{name: Count("pk", filter=q) for name, q in in_quarter("journey__").items()}
    )
    for i, label in enumerate(labels):
        quality[label][2] = rated[f"n{i}"]
    statuses = defaultdict(Counter)
    for row in requests.values("status").annotate(**per_quarter).order_by():
        for i, label in enumerate(labels):
            statuses[row["status"]][label] += row[f"n{i}"]
    outcomes = Counter(
        dict(requests.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")).order_by())
    )
    shared = list(
        requests.filter(share_with_epci=True)
        .select_related("commune", "theme", "structure")
        .order_by("-created_at")[:100]
    )

    # The offer on its territory
    reach = index.available_to(communes) if communes else {}
    whole = {pk for pk, n in reach.items() if n == len(communes)}
    partial = set(reach) - whole

    def offer_rows(by_slug, known):
        rows = []
        for slug, entry in sorted(known.items(), key=lambda i: (i[1].position, i[1].name)):
            serving = by_slug.get(slug, set())
            everywhere = {pk for pk in serving & whole if index.offers[pk].identified}
            somewhere = {pk for pk in serving & partial if index.offers[pk].identified}
            names = sorted({index.offers[pk].sort_key[0] for pk in everywhere | somewhere})
            rows.append([entry.name, len(everywhere), len(somewhere), ", ".join(names)])
        return rows

    theme_rows = offer_rows(index.by_theme, index.themes)
    aide_rows = offer_rows(index.by_aide, index.aides)
    gaps = [row[0] for row in theme_rows if row[1] <= WEAK_COVERAGE]

    survey = latest_survey(communes[0].departement_id) if communes else None
    survey_rows = []
    if survey is not None:
        figures = survey.figures.filter(dimension=Dimension.NEED).exclude(theme=None)
        values = defaultdict(dict)
        for figure in figures:
            values[figure.label][figure.segment] = figure.shown
        survey_rows = [
            [label, cells.get(Segment.PANEL, "—"), cells.get(Segment.SMALL, "—")]
            for label, cells in values.items()
        ]

    suggestions = list(
        PoolingSuggestion.objects.filter(epci=epci)
        .select_related("theme", "help_kind")
        .order_by("state", "-last_seen_at")
    )
    names = {c.code: c.name for c in communes}
    period = f"du {starts[0][1]:%d/%m/%Y} à aujourd'hui"
    journey_rows = [
        [theme_names.get(slug, slug), *[counts[q] for q in labels], sum(counts.values())]
        for slug, counts in sorted(by_theme.items(), key=lambda i: -sum(i[1].values()))
    ]
    found_tables = [
        tables.Table(
            "epci-parcours-themes",
            "Parcours des communes par thème et par trimestre",
            f"Les parcours « Qui peut m'aider ? » faits sur le site pour une commune de "
            f"{epci.name}, {period} (ni API, ni équipe, ni robots).",
            ["Thème", *labels, "Total"],
            journey_rows,
        ),
        tables.Table(
            "epci-parcours-qualite",
            "Réponses faibles et avis « non » par trimestre",
            "Parcours, réponses sans offre qui convienne vraiment, et réponses jugées inutiles "
            "par leur utilisateur.",
            ["Trimestre", "Parcours", "Réponses faibles", "Avis « non »"],
            [[label, *quality[label]] for label in labels],
        ),
        tables.Table(
            "epci-demandes-statuts",
            "Demandes d'accompagnement par statut et par trimestre",
            f"{sum(sum(c.values()) for c in statuses.values())} demandes des communes, {period} "
            f"; {len(shared)} partagées avec l'intercommunalité par leur demandeur.",
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
        tables.Table(
            "epci-offre-themes",
            "L'offre sur le territoire, par thème",
            f"Offres qui couvrent toutes les communes de {epci.name} ou une partie, et les "
            f"structures qui les portent ; {len(gaps)} thème(s) sans offre ou avec une seule "
            "sur tout le territoire : des manques de l'annuaire à vérifier.",
            ["Thème", "Offres sur tout le territoire", "Offres sur une partie", "Structures"],
            theme_rows,
        ),
        tables.Table(
            "epci-offre-aides",
            "L'offre sur le territoire, par type d'aide",
            "Les mêmes offres, par type d'aide.",
            [
                "Type d'aide",
                "Offres sur tout le territoire",
                "Offres sur une partie",
                "Structures",
            ],  # fmt: skip
            aide_rows,
        ),
        tables.Table(
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
                ]  # fmt: skip
                for s in suggestions
            ],
        ),
    ]
    if survey is not None:
        found_tables.append(
            tables.Table(
                "epci-enquete",
                f"Pour mémoire : besoins exprimés dans l'enquête {survey.year} (département)",
                f"{tables.survey_summary(survey)} Chiffres du département entier, pas de la "
                "seule intercommunalité.",
                ["Thème", "Ensemble des répondants", "Communes de 1 000 habitants ou moins"],
                survey_rows,
            )
        )
    return Dashboard(
        epci=epci,
        communes=communes,
        quarters=labels,
        tables=found_tables,
        journey_bars=[(row[0], float(row[-1])) for row in journey_rows[:10]],
        offer_bars=[(row[0], float(row[1])) for row in theme_rows],
        shared=shared,
        suggestions=suggestions,
        gaps=gaps,
    )
