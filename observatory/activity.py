"""What the platform itself sees: journeys (needs expressed) and help requests (how they are
answered), over a period and a territory. Counts only: no requester, no free text."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.calendar import working_days_after
from directory.index import get_index
from directory.models import Structure
from orientation.models import Audience, Journey
from support import response_times
from support.models import SupportRequest
from territories import site


@dataclass
class Filters:
    departement: str = field(default_factory=site.default_departement)
    start: date | None = None
    end: date | None = None
    epci: str = ""
    theme: str = ""

    def bounds(self) -> dict:
        where = {}
        if self.start:
            where["created_at__gte"] = timezone.make_aware(datetime.combine(self.start, time.min))
        if self.end:
            where["created_at__lte"] = timezone.make_aware(datetime.combine(self.end, time.max))
        return where


@dataclass
class JourneyFigures:
    total: int = 0
    weak: int = 0
    clicked: int = 0
    by_theme: list[tuple[str, str, int]] = field(default_factory=list)  # slug, name, count
    by_month: list[tuple[str, int]] = field(default_factory=list)  # "2026-11", count
    by_commune: list[tuple[str, str, int]] = field(default_factory=list)  # code, name, count
    # every journey of the period by origin, the communes' (counted above) and the others
    by_audience: list[tuple[str, str, int]] = field(default_factory=list)  # label, channel, n

    def share(self, part: int) -> float | None:
        return round(100 * part / self.total, 1) if self.total else None


def journeys(filters: Filters) -> JourneyFigures:
    """The communes' journeys (people on the site); applications, the platform's team and its
    tests, and robots are counted apart in `by_audience`."""
    every = Journey.objects.filter(commune__departement_id=filters.departement, **filters.bounds())
    if filters.epci:
        every = every.filter(epci_id=filters.epci)
    figures = JourneyFigures()
    labels = dict(Audience.choices)
    figures.by_audience = [
        (labels.get(row["audience"], row["audience"]), row["channel"], row["n"])
        for row in every.values("audience", "channel")
        .annotate(n=Count("pk"))
        .order_by("audience", "-n")
    ]
    found = every.filter(audience=Audience.SITE)
    themes = Counter()
    rows = list(found.values_list("pk", "themes", "weak", "clicked_offre_id"))
    if filters.theme:  # themes are a JSON list: filtered here, the same on every database
        rows = [r for r in rows if filters.theme in (r[1] or [])]
        found = found.filter(pk__in=[r[0] for r in rows])
    for _pk, slugs, weak, clicked in rows:
        figures.total += 1
        figures.weak += weak
        figures.clicked += clicked is not None
        themes.update(slugs or [])
    known = get_index().themes
    figures.by_theme = [
        (slug, known[slug].name if slug in known else slug, n) for slug, n in themes.most_common()
    ]
    months = found.annotate(month=TruncMonth("created_at")).values("month").annotate(n=Count("pk"))
    figures.by_month = sorted((m["month"].strftime("%Y-%m"), m["n"]) for m in months)
    communes = (
        found.values("commune_id", "commune__name").annotate(n=Count("pk")).order_by("-n")[:20]
    )
    figures.by_commune = [(c["commune_id"], c["commune__name"], c["n"]) for c in communes]
    return figures


@dataclass
class StructureFigures:
    name: str
    total: int
    answered: int  # taken in hand at some point
    in_time: int  # answered within the working days of the setting
    median_days: float | None
    p90_days: float | None = None


@dataclass
class RequestFigures:
    total: int = 0
    by_status: list[tuple[str, str, int]] = field(default_factory=list)
    by_structure: list[StructureFigures] = field(default_factory=list)
    median_days: float | None = None  # to the first answer (`support.response_times`)
    p90_days: float | None = None
    in_time: int = 0
    answered: int = 0
    working_days: int = 5

    def share_in_time(self) -> float | None:
        return round(100 * self.in_time / self.total, 1) if self.total else None


def requests(filters: Filters) -> RequestFigures:
    found = SupportRequest.objects.filter(
        commune__departement_id=filters.departement, **filters.bounds()
    )
    if filters.epci:
        found = found.filter(commune__epci_id=filters.epci)
    if filters.theme:
        found = found.filter(Q(theme__slug=filters.theme) | Q(offre__themes__slug=filters.theme))
        found = found.distinct()
    days = settings.SUPPORT_UNANSWERED_WORKING_DAYS
    figures = RequestFigures(working_days=days)
    counts = dict(found.values_list("status").annotate(n=Count("pk")).order_by())
    figures.by_status = [
        (value, label, counts.get(value, 0)) for value, label in SupportRequest.Status.choices
    ]
    # One definition of the first answer (taken in hand or a first message), shared with
    # the fiches and the open data: `support.response_times`.
    per_structure: dict[int, list] = {}
    every = []
    for structure_id, sent, answer in response_times.first_answers(found):
        figures.total += 1
        entry = per_structure.setdefault(structure_id, [0, 0, []])
        entry[0] += 1
        if answer is None:  # not answered (yet, or closed without)
            continue
        figures.answered += 1
        delay = (answer - sent).total_seconds() / 86400
        every.append(delay)
        entry[2].append(delay)
        if answer <= working_days_after(sent, days, filters.departement):
            figures.in_time += 1
            entry[1] += 1
    overall = response_times.summarise(every)
    figures.median_days, figures.p90_days = overall.median, overall.p90
    names = dict(Structure.objects.filter(pk__in=per_structure).values_list("pk", "name"))
    figures.by_structure = sorted(
        (
            StructureFigures(
                names.get(pk, ""),
                total,
                len(d),
                in_time,
                response_times.summarise(d).median,
                response_times.summarise(d).p90,
            )
            for pk, (total, in_time, d) in per_structure.items()
        ),
        key=lambda s: (-s.total, s.name),
    )
    return figures
