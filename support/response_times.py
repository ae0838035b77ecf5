"""How long a commune waits for a first human answer — the one definition the fiche, the
results pages, the observatory and the open data read.

A request's first answer is the first of: taken in hand, a message of its structure or of the
platform team. Its delay runs from the request reaching its structure (sent, or re-routed to
it), in days (calendar days, to the tenth). A structure's figures (median and 90th percentile
over the last WINDOW) are kept on the structure itself (`Structure.answer_*`), refreshed when
it answers: the directory shows them without reading the requests. They are shown once
MIN_SHOWN requests were answered."""

import math
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Min, Q, QuerySet
from django.utils import timezone

from directory.models import ANSWER_TIMES_AFTER, Structure

from .models import Message, SupportRequest

WINDOW = timedelta(days=365)
MIN_SHOWN = ANSWER_TIMES_AFTER  # answered requests before a structure's figures are shown


@dataclass(frozen=True)
class Times:
    count: int  # answered requests
    median: float | None  # days
    p90: float | None  # days: 9 requests in 10 answered within


def summarise(delays: list[float]) -> Times:
    if not delays:
        return Times(0, None, None)
    ordered = sorted(delays)
    p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]  # nearest rank
    return Times(len(ordered), round(statistics.median(ordered), 1), round(p90, 1))


def first_answers(requests: QuerySet) -> list[tuple[int, datetime, datetime | None]]:
    """(structure id, reached it at, first answer or None) of each request."""
    # A message counts from the request reaching its structure (not the previous one's note
    # when it re-routed the request), by that structure or the platform team.
    rows = requests.annotate(
        first_message=Min(
            "messages__created_at",
            filter=Q(messages__created_at__gte=F("waiting_since"))
            & (
                Q(messages__author=Message.Author.PLATFORM)
                | Q(
                    messages__author=Message.Author.STRUCTURE,
                    messages__structure=F("structure"),
                )
            ),
        )
    ).values_list("structure_id", "waiting_since", "taken_at", "first_message")
    found = []
    for structure_id, sent, taken, message in rows:
        answers = [moment for moment in (taken, message) if moment is not None]
        found.append((structure_id, sent, min(answers) if answers else None))
    return found


def delays(requests: QuerySet) -> dict[int, list[float]]:
    """The answered requests' delays in days, by structure."""
    found: dict[int, list[float]] = {}
    for structure_id, sent, answer in first_answers(requests):
        if answer is not None:
            found.setdefault(structure_id, []).append((answer - sent).total_seconds() / 86_400)
    return found


def refresh(structure_ids) -> None:
    """Recompute the figures kept on these structures (the last WINDOW's requests)."""
    ids = set(structure_ids)
    since = timezone.now() - WINDOW
    found = delays(SupportRequest.objects.filter(structure_id__in=ids, waiting_since__gte=since))
    for pk in ids:
        times = summarise(found.get(pk, []))
        Structure.objects.filter(pk=pk).update(
            answered_requests=times.count,
            answer_median_days=times.median,
            answer_p90_days=times.p90,
        )
