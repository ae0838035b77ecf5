"""The library's shelf on launch day: public resources that exist today, listed in
`seed/ressources.toml`, each with its publisher (a structure of the directory), its address,
its date (« non datée » when its page gives none), its licence when the publisher states it,
its themes, and the day the list was last checked (`verifie_le`: a resource is due for review
a year later).

A record is checked by the form a structure fills in (`ResourceForm`): the seed and the
structures' space share one set of rules. One problem, and nothing is written. Loaded
resources are published (the platform team wrote the list); a resource its publisher (or the team)
has since edited or withdrawn is theirs (`seeded` is cleared) and never overwritten or brought
back; a seeded resource that left the list is removed."""

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from core.errors import ProblemsError
from directory.models import Phase, Structure, Theme
from directory.provenance import UNDATED, parse_date

from .forms import ResourceForm
from .index import REVISION
from .models import Resource

RECORD_KEYS = {
    "title", "url", "publisher", "kind", "audience", "published_on", "licence", "themes",
    "phases", "summary", "review_by",
}  # fmt: skip
REVIEW_AFTER = datetime.timedelta(days=365)


class ResourceSeedError(ProblemsError):
    """The list is refused: nothing was written."""


@dataclass
class ResourceSummary:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # taken over by their publisher or the team
    already_published: list[str] = field(default_factory=list)  # by a structure, at that address


def _published(value) -> tuple[datetime.date | None, bool]:
    """The publisher's date as its page gives it: (first day, year only), or (None, False)
    for « non datée »."""
    if value == UNDATED:
        return None, False
    found = parse_date(value)  # ValueError, in French, for anything else
    return found[0], isinstance(value, str) and len(value) == len("2024")


class SeedResourceForm(ResourceForm):
    """The structures' form, except that a page without a date is listed as « non datée »
    (a structure publishing its own resource knows its date)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].required = False


def read(path: Path) -> tuple[datetime.date, list[dict]]:
    """The checked records, ready for `load`: every problem at once, or ResourceSeedError."""
    problems: list[str] = []
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ResourceSeedError([f"{Path(path).name} : illisible ({error})."]) from error
    checked = data.get("verifie_le", "")
    try:
        if not isinstance(checked, datetime.date):
            checked = datetime.date.fromisoformat(checked)
    except (TypeError, ValueError):
        problems.append("verifie_le : date attendue (AAAA-MM-JJ), le jour de la vérification.")
        checked = timezone.localdate()
    publishers = dict(Structure.objects.values_list("slug", "pk"))
    themes = dict(Theme.objects.values_list("slug", "pk"))
    phases = dict(Phase.objects.values_list("slug", "pk"))
    records, seen = [], {}
    for position, record in enumerate(data.get("ressources", []), start=1):
        where = f"ressource n° {position} ({record.get('title', 'sans titre')})"
        found = [f"champ inconnu « {key} »" for key in sorted(set(record) - RECORD_KEYS)]
        if record.get("publisher") not in publishers:
            found.append(f"éditeur inconnu de l'annuaire « {record.get('publisher')} »")
        for name, known in (("themes", themes), ("phases", phases)):
            unknown = [slug for slug in record.get(name, []) if slug not in known]
            found += [f"{name} : « {slug} » inconnu" for slug in unknown]
        url = record.get("url", "")
        if url in seen:
            found.append(f"adresse déjà donnée par la ressource n° {seen[url]}")
        seen[url] = position
        keys = ("title", "summary", "kind", "url", "licence")
        values = {key: record.get(key, "") for key in keys}
        values["audience"] = record.get("audience", Resource.Audience.TOUS)
        try:
            values["published_on"], year_only = _published(record.get("published_on"))
        except ValueError as error:
            found.append(f"published_on : {error}")
            values["published_on"], year_only = None, False
        values["review_by"] = record.get("review_by") or checked + REVIEW_AFTER
        values["themes"] = [themes[s] for s in record.get("themes", []) if s in themes]
        values["phases"] = [phases[s] for s in record.get("phases", []) if s in phases]
        form = SeedResourceForm(data=values)
        if not form.is_valid():
            found += [f"{name} : {' '.join(errors)}" for name, errors in form.errors.items()]
        problems += [f"{where}, {problem}." for problem in found]
        if not found:
            cleaned = dict(
                form.cleaned_data,
                publisher_id=publishers[record["publisher"]],
                published_year_only=year_only,
            )
            records.append(cleaned)
    if problems:
        raise ResourceSeedError(problems)
    return checked, records


@transaction.atomic
def load(path: Path) -> ResourceSummary:
    """Each listed resource is known by its address in the list (`seed_key`), whatever its
    publisher later changes. A resource its publisher or the team has edited or withdrawn is
    left as it is; an address a structure already published is not listed twice."""
    _, records = read(path)
    summary = ResourceSummary()
    listed = {resource.seed_key: resource for resource in Resource.objects.exclude(seed_key="")}
    published_elsewhere = set(Resource.objects.filter(seed_key="").values_list("url", flat=True))
    with REVISION.batch():  # the index is rebuilt once, not for every resource
        _write(records, listed, published_elsewhere, summary)
    gone = Resource.objects.filter(seeded=True).exclude(seed_key__in=[r["url"] for r in records])
    summary.removed = gone.count()
    gone.delete()
    return summary


def _write(records, listed, published_elsewhere, summary) -> None:
    for record in records:
        themes, phases = record.pop("themes"), record.pop("phases")
        resource = listed.get(record["url"])
        if resource is not None and not resource.seeded:
            summary.kept.append(resource.title)
            continue
        if resource is None and record["url"] in published_elsewhere:
            summary.already_published.append(record["title"])
            continue
        if resource is None:
            resource = Resource(seed_key=record["url"], seeded=True, decided_at=timezone.now())
            summary.created += 1
        elif all(getattr(resource, name) == value for name, value in record.items()):
            summary.unchanged += 1
        else:
            summary.updated += 1
        for name, value in record.items():
            setattr(resource, name, value)
        resource.status = Resource.Status.PUBLISHED
        resource.save()
        resource.themes.set(themes)
        resource.phases.set(phases)
