"""Needs the communes expressed, from their journeys on the site and their help requests:
which communes of an intercommunality expressed the same need within `POOLING_WINDOW_DAYS`.
Read by the mutualisation suggestions (`observatory.pooling`) and by the request form (« 3
communes de votre intercommunalité ont exprimé ce besoin », a count only)."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from orientation.models import Audience, Journey

from .models import SupportRequest


def window_start(now=None):
    return (now or timezone.now()) - timedelta(days=settings.POOLING_WINDOW_DAYS)


def needs_by_commune(epci_codes, since) -> tuple[dict, dict]:
    """(epci, theme, help or "") → communes having expressed it; and → communes that agreed to
    be named (a request shared with their intercommunality)."""
    expressed, named = defaultdict(set), defaultdict(set)
    journeys = Journey.objects.filter(
        epci_id__in=epci_codes, audience=Audience.SITE, created_at__gte=since
    ).exclude(commune=None)
    # each distinct need of each commune once: the database folds thousands of journeys
    for epci, commune, themes, aides in (
        journeys.values_list("epci_id", "commune_id", "themes", "aides").order_by().distinct()
    ):
        for theme in themes or []:
            for aide in aides or [""]:
                expressed[(epci, theme, aide)].add(commune)
    requests = SupportRequest.objects.filter(
        commune__epci_id__in=epci_codes, created_at__gte=since
    ).exclude(theme=None)
    rows = (
        requests.values_list(
            "commune__epci_id",
            "commune_id",
            "theme__slug",
            "offre__help_kinds__slug",
            "share_with_epci",
        )
        .order_by()
        .distinct()
    )
    for epci, commune, theme, aide, shared in rows:
        for key in {(epci, theme, aide or ""), (epci, theme, "")}:
            expressed[key].add(commune)
            if shared:
                named[key].add(commune)
    return expressed, named


def neighbours_count(commune, theme_slugs, now=None) -> int:
    """How many other communes of the commune's intercommunality expressed a need on one of
    these themes within the window."""
    if commune is None or not commune.epci_id or not theme_slugs:
        return 0
    expressed, _ = needs_by_commune([commune.epci_id], window_start(now))
    communes = set()
    for (_epci, theme, _aide), found in expressed.items():
        if theme in theme_slugs:
            communes |= found
    return len(communes - {commune.code})
