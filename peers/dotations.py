"""The State's investment grants of 2019 (DETR, DSIL, DSID) as réalisations: the ANCT's open
data, one row per grant. A project funded by two grants is one réalisation with two funding
lines. 2019 commune codes are read through the referential's former codes; themes come from
an editable keyword table (`seed/realisations.toml`)."""

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from core.text import normalize
from directory.models import Theme
from territories.models import EPCI, Commune, CommuneAlias, Departement

from .models import FundingLine, Realisation

KEYWORDS = Path(settings.BASE_DIR) / "seed" / "realisations.toml"
CREDIT = "ANCT, « Dotations d'investissement 2019 » (DGCL, traitement ANCT), Licence Ouverte 2.0"
DATASET = "https://github.com/anct-carto/dotations_investissement_2019"
COLUMNS = {"id_projet", "id_dep", "id_terr", "echelon", "dotation", "categorie", "description",
           "cout_total", "montant_sub"}  # fmt: skip


class DotationsError(ValueError):
    """The file or the keyword table cannot be used: nothing is written."""


@dataclass
class ThemeTable:
    categories: dict[str, list[str]]
    groups: list[tuple[list[str], list[str]]]  # (normalised words, theme slugs)

    def themes_for(self, description: str, category: str) -> list[str]:
        text = f" {_without_places(_words(description))} "
        found: list[str] = []
        for words, themes in self.groups:
            if any(f" {word}" in text for word in words):
                found += [slug for slug in themes if slug not in found]
        return found or self.categories.get(category.split("-", 1)[0].strip(), [])


# Words that name a place, not the project: « au 95 rue du Pressoir salé » is not road works,
# « carrefour de l'église » is not the church (audit of 6 December 2026).
STREETS = "rue|route|avenue|boulevard|place|carrefour|chemin|impasse|allee"
NUMBERED_ADDRESS = re.compile(rf"\b\d+ (?:bis |ter )?(?:{STREETS})\b( \w+){{0,4}}")
PLACE_NAMED_AFTER = re.compile(rf"\b({STREETS})s? (?:de l|du|des|de la) (?:eglise|mairie|ecole)\b")


def _without_places(text: str) -> str:
    return PLACE_NAMED_AFTER.sub(r"\1", NUMBERED_ADDRESS.sub("", text))


def _words(value: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", normalize(value).replace("'", " ")))


def load_table(path: Path = KEYWORDS) -> ThemeTable:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    known = set(Theme.objects.values_list("slug", flat=True))
    used = [slug for slugs in data.get("categories", {}).values() for slug in slugs] + [
        slug for group in data.get("keywords", []) for slug in group.get("themes", [])
    ]
    unknown = sorted(set(used) - known)
    if unknown:
        raise DotationsError(f"{path.name} : thèmes inconnus {', '.join(unknown)}.")
    return ThemeTable(
        {key: list(value) for key, value in data.get("categories", {}).items()},
        [([_words(w) for w in g["words"]], list(g["themes"])) for g in data.get("keywords", [])],
    )


def rows_of(body: bytes) -> list[dict]:
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    missing = COLUMNS - set(reader.fieldnames or [])
    if missing:
        raise DotationsError(f"colonnes absentes : {', '.join(sorted(missing))}.")
    return list(reader)


def _int(value: str) -> int | None:
    try:
        return round(float(value))
    except (TypeError, ValueError):
        return None


def _float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass
class Summary:
    rows: int = 0
    projects: int = 0
    new: int = 0
    updated: int = 0
    removed: int = 0
    unmapped: list[str] = field(default_factory=list)  # territories of no place today


SAME_COST = 0.025  # two grants whose projects' total costs differ by less: one project


def _cost(grants: list[dict]) -> int | None:
    costs = [c for c in (_int(g["cout_total"]) for g in grants) if c]
    return max(costs) if costs else None


def merge_split_projects(projects: dict[tuple, list[dict]]) -> dict[tuple, list[dict]]:
    """One project co-funded by DETR and DSIL is often listed twice, worded differently, each
    line with the full cost and its own grant (audit of 6 December 2026, 17 pairs): grants of
    the same territory, from different schemes, whose total costs are within SAME_COST of
    each other, are one project, titled by its largest grant's description."""
    merged: dict[tuple, list[dict]] = {}
    for key, grants in sorted(
        projects.items(), key=lambda item: -max(_int(g["montant_sub"]) or 0 for g in item[1])
    ):
        cost = _cost(grants)
        schemes = {g["dotation"] for g in grants}
        twin = next(
            (
                other
                for other, found in merged.items()
                if other[:2] == key[:2]
                and cost
                and _cost(found)
                and not schemes & {g["dotation"] for g in found}
                and abs(cost - _cost(found)) <= SAME_COST * max(cost, _cost(found))
            ),
            None,
        )
        if twin is None:
            merged[key] = list(grants)
        else:
            merged[twin].extend(grants)
    return merged


@transaction.atomic
class _Places:
    """Where a project was done, from the file's level and code: a commune (today's, also
    under a former code), an intercommunality or a département."""

    def __init__(self):
        self.communes = {c.code: c for c in Commune.objects.defer("geometry")}
        self.former = dict(CommuneAlias.objects.exclude(code="").values_list("code", "commune_id"))
        self.epcis = set(EPCI.objects.values_list("code", flat=True))
        self.departements = set(Departement.objects.values_list("code", flat=True))

    def of(self, echelon: str, territory: str) -> dict:
        if echelon == "commune":
            code = territory if territory in self.communes else self.former.get(territory)
            if not code:
                return {}
            commune = self.communes[code]
            return {
                "commune": commune,
                "latitude": commune.latitude,
                "longitude": commune.longitude,
            }
        if echelon == "epci" and territory in self.epcis:
            return {"epci_id": territory}
        if territory in self.departements:
            return {"departement_id": territory}
        return {}


def _save_project(grants: list[dict], place: dict, table: ThemeTable, themes: dict):
    """One réalisation for the grants of one project, with its themes and funding lines."""
    first = grants[0]
    place.setdefault("latitude", _float(first.get("lat")))
    place.setdefault("longitude", _float(first.get("long")))
    description = " ".join(first["description"].split())
    realisation, created = Realisation.objects.update_or_create(
        source=Realisation.Source.DOTATIONS_2019,
        external_id=min(g["id_projet"] for g in grants),
        defaults={
            **{"commune": None, "epci_id": None, "departement_id": None},
            **place,
            "title": (description[:1].upper() + description[1:])[:300],
            "year_start": 2019,
            "total_cost": _cost(grants),
            "sources": [{"titre": CREDIT, "url": DATASET, "date": "2019"}],
            "status": Realisation.Status.PUBLISHED,
        },
    )
    realisation.themes.set([themes[s] for s in table.themes_for(description, first["categorie"])])
    realisation.funding.all().delete()
    FundingLine.objects.bulk_create(
        FundingLine(
            realisation=realisation,
            scheme=g["dotation"],
            backer="État",
            amount=_int(g["montant_sub"]),
        )
        for g in grants
    )
    return realisation, created


def import_dotations(rows: list[dict], table: ThemeTable, progress=None) -> Summary:
    summary = Summary(rows=len(rows))
    places = _Places()
    themes = {t.slug: t for t in Theme.objects.all()}
    projects: dict[tuple, list[dict]] = {}
    for row in rows:
        key = (row["echelon"], row["id_terr"], _words(row["description"]))
        projects.setdefault(key, []).append(row)
    projects = merge_split_projects(projects)
    seen, files_departements = set(), {row["id_dep"] for row in rows}
    for (echelon, territory, _), grants in projects.items():
        if progress:
            progress(len(grants))
        place = places.of(echelon, territory)
        if not place:
            summary.unmapped.append(f"{grants[0]['nom_terr']} ({territory})")
            continue
        realisation, created = _save_project(grants, place, table, themes)
        seen.add(realisation.pk)
        summary.projects += 1
        summary.new += created
        summary.updated += not created
    gone = (
        Realisation.objects.filter(source=Realisation.Source.DOTATIONS_2019)
        .exclude(pk__in=seen)
        .filter(
            Q(commune__departement_id__in=files_departements)
            | Q(epci__departements__code__in=files_departements)
            | Q(departement_id__in=files_departements)
        )
    )
    _, deleted = Realisation.objects.filter(pk__in=list(gone.values_list("pk", flat=True))).delete()
    summary.removed = deleted.get(Realisation._meta.label, 0)
    return summary
