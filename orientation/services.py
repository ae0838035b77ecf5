"""Writes of the orientation domain."""

from django.utils import timezone

from .engine import Orientation
from .models import Feedback, Journey
from .privacy import redact
from .traffic import classify


def journey_record(*, orientation: Orientation, text: str, source: str, request=None) -> Journey:
    understood = orientation.understood
    audience, channel = classify(request, source)
    journey = Journey(
        source=source,
        audience=audience,
        channel=channel,
        commune=orientation.commune,
        epci_id=orientation.commune.epci_id,
        text=redact(text),
        themes=[t.slug for t in understood.themes],
        aides=[a.slug for a in understood.aides],
        phases=[p.slug for p in understood.phases],
        result_count=len(orientation.results),
        weak=orientation.weak,
    )
    journey.save()
    return journey


def journey_click(*, journey: Journey, offre, rank: int | None) -> None:
    """Keep the first result chosen: what the mayor went to see after the results."""
    if journey.clicked_offre_id is None:
        journey.clicked_offre = offre
        journey.clicked_rank = rank
        journey.clicked_at = timezone.now()
        journey.save(update_fields=["clicked_offre", "clicked_rank", "clicked_at"])


def feedback_record(*, journey: Journey, helped: bool, expected=None, comment: str = ""):
    """The last word of a journey's user on its answer; the text without personal data."""
    feedback, _ = Feedback.objects.update_or_create(
        journey=journey,
        defaults={"helped": helped, "expected_structure": expected, "comment": redact(comment)},
    )
    return feedback
