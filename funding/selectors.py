"""Which open aids to propose for a commune's project, and why."""

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Aid

SHOWN = 5


@dataclass
class AidMatch:
    aid: Aid
    reasons: list[str]

    @property
    def closes_soon(self) -> bool:
        return self.aid.closes_soon()


def perimeter_words(aid: Aid) -> str:
    if aid.scope == Aid.Scope.NATIONAL:
        return "toute la France"
    if aid.perimeter:
        return aid.perimeter
    return aid.get_scope_display()


def _hits(through, column: str, slugs):
    """How many of these slugs an aid carries, as a subquery."""
    found = (
        through.objects.filter(aid_id=OuterRef("pk"), **{f"{column}__slug__in": slugs})
        .order_by()
        .values("aid_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(found), 0)


def aids_for(commune, theme_slugs, phase_slugs=(), limit=SHOWN, today=None) -> list[AidMatch]:
    """Open aids covering the commune, for communes, on one of the project's themes; those
    sharing more themes and the project's phase first, then the nearest deadline. Ranked by
    the database: thousands of aids may cover a commune."""
    today = today or timezone.localdate()
    theme_slugs, phase_slugs = set(theme_slugs), set(phase_slugs)
    if not theme_slugs or commune is None:
        return []
    found = (
        Aid.objects.open(today)
        .covering(commune)
        .filter(for_communes=True)
        .annotate(
            theme_hits=_hits(Aid.themes.through, "theme", theme_slugs),
            phase_hits=_hits(Aid.phases.through, "phase", phase_slugs),
        )
        .filter(theme_hits__gt=0)
        .order_by(
            "-theme_hits", "-phase_hits", F("submission_deadline").asc(nulls_last=True), "name"
        )
        .prefetch_related("themes", "phases")[:limit]
    )
    matches = []
    for aid in found:
        themes = [t for t in aid.themes.all() if t.slug in theme_slugs]
        phases = [p for p in aid.phases.all() if p.slug in phase_slugs]
        reasons = [
            f"couvre {commune.name} ({perimeter_words(aid)})",
            "porte sur " + ", ".join(t.name.lower() for t in themes),
        ]
        if phases:
            reasons.append("vise la phase " + ", ".join(p.name.lower() for p in phases))
        if aid.is_call_for_project:
            reasons.append("est un appel à projets ou à manifestation d'intérêt")
        matches.append(AidMatch(aid, reasons))
    return matches
