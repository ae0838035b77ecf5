"""Mutualisation suggestions: when at least two communes of one intercommunality expressed
the same need (a theme, and the kind of help when known) within `POOLING_WINDOW_DAYS`, through
the orientation journeys, the help requests or the projects they shared with it, the
intercommunality is shown a suggestion — a groupement de commandes, a service commun or an
étude mutualisée. Communes are named only when they agreed (a request or a project shared
with the intercommunality); otherwise they are counted.
Nothing of a request's text is ever used."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from directory.models import HelpKind, Theme
from outbox.emails import queue_email
from projects.needs import shared_needs
from support.expressed import needs_by_commune, window_start
from territories.models import EPCI

from .models import PoolingSuggestion

MIN_COMMUNES = 2
# The kind of pooling that answers a kind of help; a need without one calls for a study.
KIND_FOR_HELP = {
    "technique": PoolingSuggestion.Kind.PURCHASE,
    "fonciere-immobiliere": PoolingSuggestion.Kind.PURCHASE,
    "juridique": PoolingSuggestion.Kind.SERVICE,
    "financiere": PoolingSuggestion.Kind.SERVICE,
    "donnees": PoolingSuggestion.Kind.SERVICE,
    "formation": PoolingSuggestion.Kind.SERVICE,
    "concertation-communication": PoolingSuggestion.Kind.STUDY,
    "strategie": PoolingSuggestion.Kind.STUDY,
}


@transaction.atomic
def refresh(epci_codes=None, now=None) -> list[PoolingSuggestion]:
    """Create or update the suggestions of these intercommunalities (all when None)."""
    now = now or timezone.now()
    codes = (
        list(epci_codes)
        if epci_codes is not None
        else list(EPCI.objects.values_list("code", flat=True))
    )
    since = window_start(now)
    expressed, named = needs_by_commune(codes, since)
    for key, communes in shared_needs(codes, since).items():  # projects count too, named
        expressed[key] |= communes
        named[key] |= communes
    themes = {t.slug: t for t in Theme.objects.all()}
    helps = {h.slug: h for h in HelpKind.objects.all()}
    found = []
    for (epci, theme, aide), communes in sorted(expressed.items()):
        if len(communes) < MIN_COMMUNES or theme not in themes:
            continue
        if not aide and any(
            k[:2] == (epci, theme) and k[2] and v == communes for k, v in expressed.items()
        ):
            continue  # the same communes, already suggested with their kind of help
        suggestion, _ = PoolingSuggestion.objects.update_or_create(
            epci_id=epci,
            theme=themes[theme],
            help_kind=helps.get(aide),
            defaults={
                "kind": KIND_FOR_HELP.get(aide, PoolingSuggestion.Kind.STUDY),
                "communes": sorted(communes),
                "named": sorted(named.get((epci, theme, aide), set()) & communes),
                "last_seen_at": now,
            },
        )
        found.append(suggestion)
    return found


def set_state(user, suggestion: PoolingSuggestion, state: str) -> None:
    suggestion.state = state
    suggestion.state_changed_at = timezone.now()
    suggestion.save(update_fields=["state", "state_changed_at"])


def epci_recipients(epci) -> list[str]:
    members = Membership.objects.filter(structure__epci=epci, user__is_active=True).exclude(
        user__email=""
    )
    return sorted(set(members.values_list("user__email", flat=True)))


def send_digest(now=None) -> int:
    """Each intercommunality's members get the suggestions they have not been told of yet, in
    one e-mail: theme, kind, how many communes (named only when they agreed). No request
    text. Returns the number of e-mails queued."""
    now = now or timezone.now()
    pending = PoolingSuggestion.objects.filter(
        notified_at=None, state=PoolingSuggestion.State.NEW
    ).select_related("epci", "theme", "help_kind")
    by_epci = defaultdict(list)
    for suggestion in pending:
        by_epci[suggestion.epci].append(suggestion)
    sent = 0
    for epci, suggestions in by_epci.items():
        recipients = epci_recipients(epci)
        if not recipients:
            continue  # told once an agent of the intercommunality joins
        names = dict(epci.communes.values_list("code", "name"))
        items = [
            {"suggestion": s, "named": [names.get(c, c) for c in s.named]} for s in suggestions
        ]
        for email in recipients:
            queue_email(email, "pooling_digest", {"epci": epci, "items": items})
            sent += 1
        PoolingSuggestion.objects.filter(pk__in=[s.pk for s in suggestions]).update(notified_at=now)
    return sent
