"""What users say of the answers, for the platform team: the weak answers and the « non »,
by theme and by intercommunality, with the request text (personal data already removed)."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from core.spreadsheets import CsvWriter

from .models import Journey

COLUMNS = [
    "date", "commune", "intercommunalite", "demande", "themes", "reponse_faible", "avis",
    "structure_attendue", "precision",
]  # fmt: skip


def to_review(departements: set[str] | None, epci: str = "") -> QuerySet:
    """Journeys answered weak or judged unhelpful, newest first; all of France when
    `departements` is None."""
    journeys = (
        Journey.objects.filter(Q(weak=True) | Q(feedback__helped=False))
        .select_related("commune", "epci", "feedback__expected_structure")
        .order_by("-created_at")
    )
    if departements is not None:
        journeys = journeys.filter(commune__departement_id__in=departements)
    if epci:
        journeys = journeys.filter(epci_id=epci)
    return journeys


def with_theme(journeys, theme: str) -> list[Journey]:
    """The theme filter, in Python: the themes are a JSON list, and SQLite cannot search it."""
    return [j for j in journeys if not theme or theme in (j.themes or [])]


@dataclass
class Tally:
    by_theme: list[tuple[str, int]]
    by_epci: list[tuple[str, int]]


def tally(journeys: list[Journey]) -> Tally:
    themes = Counter(theme for j in journeys for theme in (j.themes or ["(aucun thème compris)"]))
    epcis = Counter(j.epci.name if j.epci else "(sans intercommunalité)" for j in journeys)
    return Tally(themes.most_common(), epcis.most_common())


def write_csv(stream, journeys) -> None:
    """The rows, as the export command and the platform page give them."""
    writer = CsvWriter(stream)
    writer.writerow(COLUMNS)
    for journey in journeys:
        cells = row(journey)
        writer.writerow([cells[column] for column in COLUMNS])


def row(journey: Journey) -> dict:
    feedback = getattr(journey, "feedback", None)
    return {
        "date": f"{journey.created_at:%Y-%m-%d}",
        "commune": journey.commune.name if journey.commune else "",
        "intercommunalite": journey.epci.name if journey.epci else "",
        "demande": journey.text,
        "themes": ", ".join(journey.themes or []),
        "reponse_faible": "oui" if journey.weak else "non",
        "avis": "" if feedback is None else ("oui" if feedback.helped else "non"),
        "structure_attendue": (
            feedback.expected_structure.display_name
            if feedback is not None and feedback.expected_structure
            else ""
        ),
        "precision": feedback.comment if feedback is not None else "",
    }
