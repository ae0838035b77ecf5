"""Working days as a French public service counts them: Monday to Friday, public holidays
excluded (those of the département: Alsace-Moselle and the overseas départements have their
own), from the `holidays` package — never a hand-typed list."""

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone

# The `holidays` subdivisions of France whose public holidays differ from the national ones.
SUBDIVISIONS = {"57": "57", "67": "6AE", "68": "6AE", "971": "971", "972": "972",
                "973": "973", "974": "974", "976": "976"}  # fmt: skip


@lru_cache(maxsize=128)
def _holidays(departement: str, year: int) -> frozenset[date]:
    calendar = holidays.France(subdiv=SUBDIVISIONS.get(departement), years=year)
    return frozenset(calendar)


def is_working_day(day: date, departement: str = "") -> bool:
    return day.weekday() < 5 and day not in _holidays(departement, day.year)


@lru_cache(maxsize=4096)
def _calendar_days(start: date, days: int, direction: int, departement: str) -> int:
    """How many calendar days `days` working days are from the day `start` (its local date)."""
    day, steps, remaining = start, 0, days
    while remaining:
        day += timedelta(days=direction)
        steps += 1
        if is_working_day(day, departement):
            remaining -= 1
    return steps


def _step(moment: datetime, days: int, direction: int, departement: str) -> datetime:
    if days < 0:
        raise ValueError("Un nombre de jours ouvrés positif ou nul est attendu.")
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    # Wall-clock days: the same local time of day, whatever a change of summer time between.
    return local + timedelta(
        days=direction * _calendar_days(local.date(), days, direction, departement)
    )


def working_days_after(moment: datetime, days: int, departement: str = "") -> datetime:
    """The instant `days` working days after `moment` (same time of day)."""
    return _step(moment, days, 1, departement)


def working_days_before(moment: datetime, days: int, departement: str = "") -> datetime:
    """The instant `days` working days before `moment` (same time of day)."""
    return _step(moment, days, -1, departement)
