"""The needs the communes' projects express, for the intercommunality's mutualisation
suggestions: the themes of the projects its communes shared with it and that lived within
the window (a project carried by two communes is the need of both). Shared: the communes
agreed to be named."""

from collections import defaultdict

from .models import Project


def shared_needs(epci_codes, since) -> dict:
    """(epci, theme, "") → communes of the intercommunality whose shared projects have it."""
    found = defaultdict(set)
    rows = (
        Project.objects.filter(
            shared_with_epci=True,
            last_activity_at__gte=since,
            communes__epci_id__in=list(epci_codes),
        )
        .exclude(state=Project.State.INACTIVE)
        .values_list("communes__epci_id", "communes__code", "themes__slug")
        .order_by()
        .distinct()
    )
    for epci, commune, theme in rows:
        if theme:
            found[(epci, theme, "")].add(commune)
    return found
