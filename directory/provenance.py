"""Where a fiche's information comes from, how old it is and how sure we are of it.

A source is a dict stored with its record: `titre` and/or `url`, `date` as the source gives it
(« 2019 », « 2020-12 », « 2025-09-02 », or « non datée » for a live page or a code that states
none) and `secondaire` for press articles and copies of documents. A record's information date
is the end of the period of its newest dated source: « 2019 » counts as 31 December 2019, so
that an information is never called more recent than it may be.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

UNDATED = "non datée"
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
STALE_AFTER_YEARS = 3
MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip


def parse_date(value) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a source date stands for; None for « non datée ».
    Raises ValueError with a French message for anything else."""
    if isinstance(value, datetime.date):
        return value, value
    if value == UNDATED:
        return None
    found = DATE.match(value) if isinstance(value, str) else None
    if not found:
        raise ValueError(f"date attendue (AAAA, AAAA-MM, AAAA-MM-JJ ou « {UNDATED} »)")
    year, month, day = (int(part) if part else None for part in found.groups())
    try:
        if day:
            first = last = datetime.date(year, month, day)
        elif month:
            first = datetime.date(year, month, 1)
            last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        else:
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    except ValueError:
        raise ValueError(f"date impossible « {value} »") from None
    return first, last


def date_label(value: str) -> str:
    """« 2020-12 » → « décembre 2020 »; « 2025-09-02 » → « 02/09/2025 »."""
    if value == UNDATED or not value:
        return UNDATED
    year, month, day = DATE.match(value).groups()
    if day:
        return f"{day}/{month}/{year}"
    if month:
        return f"{MONTHS[int(month) - 1]} {year}"
    return year


def normalised(entry) -> dict:
    """A source of the seed files (a table, or a bare string from a form) as stored."""
    if isinstance(entry, str):
        is_url = entry.startswith(("http://", "https://"))
        return {
            "titre": "" if is_url else entry,
            "url": entry if is_url else "",
            "date": UNDATED,
            "secondaire": False,
        }
    date = entry.get("date", UNDATED)
    if isinstance(date, datetime.date):
        date = date.isoformat()
    return {
        "titre": entry.get("titre", ""),
        "url": entry.get("url", ""),
        "date": date,
        "secondaire": bool(entry.get("secondaire", False)),
    }


def information_date(sources: list) -> datetime.date | None:
    """The end of the period of the newest dated source."""
    ends = []
    for entry in sources:
        try:
            period = parse_date(normalised(entry)["date"])
        except (ValueError, AttributeError):
            continue  # refused by `validate_sources` wherever a person can type it
        if period:
            ends.append(period[1])
    return max(ends) if ends else None


def validate_sources(value) -> None:
    """For the admin and any form: a list of sources, each with a title or an address and a
    date as `parse_date` reads it."""
    if not isinstance(value, list):
        raise ValidationError("Une liste de sources est attendue.")
    for position, entry in enumerate(value, start=1):
        if isinstance(entry, str):
            continue
        if not isinstance(entry, dict) or not (entry.get("titre") or entry.get("url")):
            raise ValidationError(f"Source {position} : un titre ou une adresse est attendu.")
        try:
            parse_date(entry.get("date", UNDATED))
        except ValueError as error:
            raise ValidationError(f"Source {position} : {error}.") from None


@dataclass(frozen=True)
class Source:
    titre: str
    url: str
    date: str
    secondaire: bool

    @property
    def when(self) -> str:
        return date_label(self.date)


def sources_of(record) -> list[Source]:
    return [Source(**normalised(entry)) for entry in record.sources or []]


class Level:
    VERIFIED = "verifiee"
    PUBLIC = "sources-publiques"
    UNIDENTIFIED = "non-identifiee"


@dataclass(frozen=True)
class Confidence:
    """How sure the platform is of a fiche or an offer, in words for every page and the API."""

    level: str
    label: str
    information_date: datetime.date | None
    dated: str  # « information datée de 2019 » when the newest source is over 3 years old

    def as_dict(self) -> dict:
        """As the API and the results page give it."""
        return {
            "niveau": self.level,
            "libelle": self.label,
            "informations_du": self.information_date.isoformat() if self.information_date else None,
            "datee": self.dated,
        }


def _dated(information: datetime.date | None, today: datetime.date) -> str:
    if information is None:
        return ""
    limit = datetime.date(today.year - STALE_AFTER_YEARS, today.month, min(today.day, 28))
    return f"information datée de {information.year}" if information < limit else ""


def confidence(structure, information: datetime.date | None, today=None) -> Confidence:
    today = today or timezone.localdate()
    if not structure.identified:
        return Confidence(
            Level.UNIDENTIFIED, "Structure non identifiée publiquement", information, ""
        )
    if structure.is_verified and structure.validated_at:
        label = f"Vérifiée par la structure le {structure.validated_at:%d/%m/%Y}"
        return Confidence(Level.VERIFIED, label, structure.validated_at, "")
    if getattr(structure, "template", ""):  # `onboard_departement`: what the law gives all
        return Confidence(Level.PUBLIC, "D'après sources publiques (textes nationaux)", None, "")
    label = "D'après sources publiques"
    if information:
        label += f" ({information.year})"
    return Confidence(Level.PUBLIC, label, information, _dated(information, today))
