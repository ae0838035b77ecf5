"""Which open aids to propose for a commune's project, and why."""

from dataclasses import dataclass

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


def aids_for(commune, theme_slugs, phase_slugs=(), limit=SHOWN, today=None) -> list[AidMatch]:
    """Open aids covering the commune, for communes, on one of the project's themes; those
    sharing more themes and the project's phase first, then the nearest deadline."""
    today = today or timezone.localdate()
    theme_slugs, phase_slugs = set(theme_slugs), set(phase_slugs)
    if not theme_slugs or commune is None:
        return []
    found = (
        Aid.objects.open(today)
        .covering(commune)
        .filter(for_communes=True, themes__slug__in=theme_slugs)
        .distinct()
        .prefetch_related("themes", "phases")
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
        key = (-len(themes), -len(phases), aid.submission_deadline or today.replace(year=9999))
        matches.append((key, AidMatch(aid, reasons)))
    matches.sort(key=lambda item: item[0])
    return [match for _, match in matches[:limit]]
