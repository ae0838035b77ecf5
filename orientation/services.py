"""Writes of the orientation domain."""

from django.db import connections, router
from django.utils import timezone

from .engine import Orientation
from .models import Journey
from .privacy import redact


def journey_record(*, orientation: Orientation, text: str, source: str) -> Journey:
    understood = orientation.understood
    journey = Journey(
        source=source,
        commune=orientation.commune,
        epci_id=orientation.commune.epci_id,
        text=redact(text),
        themes=[t.slug for t in understood.themes],
        aides=[a.slug for a in understood.aides],
        phases=[p.slug for p in understood.phases],
        result_count=len(orientation.results),
        weak=orientation.weak,
    )
    _insert(journey)
    return journey


def _insert(journey: Journey) -> None:
    """`journey.save()` for a new journey, with the statement written here: one is recorded
    on every results page, and compiling the INSERT through the ORM took three times as long
    as running it (`make bench`). The values go through each field's own preparation, as
    `save()` does."""
    alias = router.db_for_write(Journey)
    connection = connections[alias]
    meta = Journey._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    values = [
        field.get_db_prep_save(field.pre_save(journey, add=True), connection) for field in fields
    ]
    quote = connection.ops.quote_name
    columns, slots = ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({slots})"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{sql} RETURNING {quote(meta.pk.column)}", values)
            journey.pk = cursor.fetchone()[0]
        else:
            cursor.execute(sql, values)
            journey.pk = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    journey._state.adding = False
    journey._state.db = alias


def journey_click(*, journey: Journey, offre, rank: int | None) -> None:
    """Keep the first result chosen: what the mayor went to see after the results."""
    if journey.clicked_offre_id is None:
        journey.clicked_offre = offre
        journey.clicked_rank = rank
        journey.clicked_at = timezone.now()
        journey.save(update_fields=["clicked_offre", "clicked_rank", "clicked_at"])
