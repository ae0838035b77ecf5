import datetime

from django.db.models import Q

from directory.models import Offre

from .models import AUDIENCE_FIELDS, Event


def training_offers():
    """The directory's training offers (CNFPT, AMF 53, CDG 53, CAUE…), by structure: what the
    agenda and « Par où commencer ? » show while no event is announced — never an invented
    date."""
    return (
        Offre.objects.current()
        .filter(help_kinds__slug="formation")
        .select_related("structure")
        .order_by("structure__name", "title")
        .distinct()
    )


def filtered(filters: dict):
    """Upcoming published events by the filters of `EventFilterForm`, soonest first. An online
    event with no département matches every département."""
    found = Event.objects.upcoming().select_related("organiser", "departement")
    if filters.get("public"):
        found = found.filter(**{AUDIENCE_FIELDS[filters["public"]]: True})
    if filters.get("theme"):
        found = found.filter(themes__slug=filters["theme"])
    if filters.get("departement"):
        found = found.filter(
            Q(departement_id=filters["departement"]) | Q(departement=None, online=True)
        )
    if filters.get("mois"):
        year, month = (int(part) for part in filters["mois"].split("-"))
        first = datetime.date(year, month, 1)
        after = datetime.date(year + month // 12, month % 12 + 1, 1)
        found = found.filter(starts_at__date__gte=first, starts_at__date__lt=after)
    return found.distinct().order_by("starts_at", "title")


def for_newcomers(limit: int = 10):
    """The next events for elected officials or town-hall secretaries."""
    return filtered({}).filter(Q(for_elected=True) | Q(for_secretaries=True))[:limit]
