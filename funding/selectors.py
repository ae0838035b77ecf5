"""Which open aids to propose for a commune's project, and why: ranked in memory
(`funding.index`), without a query once the index is built."""

from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from directory.models import Offre

from .index import AidEntry, get_aid_index
from .models import Aid

SHOWN = 5


@dataclass
class AidMatch:
    aid: AidEntry
    reasons: list[str]

    @property
    def closes_soon(self) -> bool:
        return self.aid.closes_soon()


def perimeter_words(aid) -> str:
    if aid.scope == Aid.Scope.NATIONAL:
        return "toute la France"
    return aid.perimeter or Aid.Scope(aid.scope).label


def aids_for(commune, theme_slugs, phase_slugs=(), limit=SHOWN, today=None) -> list[AidMatch]:
    """Open aids covering the commune, for communes, on one of the project's themes; those
    sharing more themes and the project's phase first, then the nearest deadline."""
    theme_slugs, phase_slugs = set(theme_slugs), set(phase_slugs)
    if not theme_slugs or commune is None:
        return []
    today = today or timezone.localdate()
    index = get_aid_index()
    candidates = set().union(*(index.by_theme.get(slug, set()) for slug in theme_slugs))
    ranked = []
    for pk in candidates:
        aid = index.entries[pk]
        if not aid.open_for(commune, today):
            continue
        themes = [name for slug, name in aid.themes if slug in theme_slugs]
        phases = [name for slug, name in aid.phases if slug in phase_slugs]
        deadline = aid.submission_deadline or today.replace(year=9999)
        ranked.append(((-len(themes), -len(phases), deadline, aid.name), aid, themes, phases))
    ranked.sort(key=lambda item: item[0])
    matches = []
    for _key, aid, themes, phases in ranked[:limit]:
        reasons = [
            f"couvre {commune.name} ({perimeter_words(aid)})",
            "porte sur " + ", ".join(name.lower() for name in themes),
        ]
        if phases:
            reasons.append("vise la phase " + ", ".join(name.lower() for name in phases))
        if aid.is_call_for_project:
            reasons.append("est un appel à projets ou à manifestation d'intérêt")
        matches.append(AidMatch(aid, reasons))
    return matches


def aids_by_theme(commune, today=None) -> list[tuple[str, str, list]]:
    """The open aids for a commune, by theme: (slug, name, the first aids, nearest deadline
    first); a theme listed only when an aid covers it."""
    today = today or timezone.localdate()
    index = get_aid_index()
    groups: dict[tuple[str, str], list[AidEntry]] = {}
    for aid in index.entries.values():
        if not aid.open_for(commune, today):
            continue
        for slug, name in aid.themes:
            groups.setdefault((slug, name), []).append(aid)
    far = today.replace(year=9999)
    return [
        (slug, name, sorted(aids, key=lambda a: (a.submission_deadline or far, a.name)))
        for (slug, name), aids in sorted(groups.items(), key=lambda item: item[0][1])
    ]


def permanent_schemes(filters: dict):
    """The directory's funding offers (DETR and DSIL, contrats de territoire, amendes de
    police, LEADER, the Région, the Agence de l'eau, the Banque des Territoires…): permanent
    schemes, open all year or by a yearly call, listed beside the dated aids so that the page
    is never empty. Filtered like the aids by commune and theme."""
    found = (
        Offre.objects.current()
        .filter(cost=Offre.Cost.FUNDING, for_communes=True)
        .select_related("structure")
        .order_by("structure__name", "title")
    )
    if filters.get("commune"):
        found = found.covering(filters["commune"])
    if filters.get("theme"):
        found = found.filter(themes__slug=filters["theme"])
    return found.distinct()


def filtered(filters: dict):
    """Open aids for communes, by the filters of `AidFilterForm`, the nearest deadline first."""
    today = timezone.localdate()
    found = Aid.objects.open(today).filter(for_communes=True).select_related("backer")
    if filters.get("commune"):
        found = found.covering(filters["commune"])
    if filters.get("theme"):
        found = found.filter(themes__slug=filters["theme"])
    if filters.get("nature") == "financiere":
        found = found.filter(is_financial=True)
    if filters.get("nature") == "ingenierie":
        found = found.filter(is_engineering=True)
    if filters.get("echeance"):
        found = found.filter(
            submission_deadline__lte=today + timezone.timedelta(days=int(filters["echeance"]))
        )
    if filters.get("appel"):
        found = found.filter(is_call_for_project=True)
    return found.distinct().order_by(F("submission_deadline").asc(nulls_last=True), "name")
