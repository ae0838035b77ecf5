"""The one table from aides-territoires' labels to Carto'Ingé's taxonomies
(`seed/aides-territoires.toml`). Every label it does not know is returned, to be reported."""

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

MAPPING_FILE = Path(settings.SEED_DIR) / "aides-territoires.toml"
COMMUNE, EPCI, OTHER = "commune", "epci", "autre"


@dataclass
class Mapped:
    themes: set[str] = field(default_factory=set)
    help_kinds: set[str] = field(default_factory=set)
    phases: set[str] = field(default_factory=set)
    for_communes: bool = False
    for_epcis: bool = False
    is_financial: bool = False
    is_engineering: bool = False
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (field, label)


@cache
def table(path: Path = MAPPING_FILE) -> dict:
    with open(path, "rb") as stream:
        return tomllib.load(stream)


def _category(label: str, categories: dict) -> list[str] | None:
    """The whole label, then without its last « / … » part, and so on."""
    parts = label.split(" / ")
    while parts:
        key = " / ".join(parts)
        if key in categories:
            return categories[key]
        parts.pop()
    return None


def map_labels(categories, audiences, aid_types, steps, mapping: dict | None = None) -> Mapped:
    mapping = mapping or table()
    found = Mapped()
    for label in categories:
        themes = _category(label, mapping["categories"])
        if themes is None:
            found.unknown.append(("thématique", label))
        else:
            found.themes.update(themes)
    for label in aid_types:
        entry = mapping["types"].get(label)
        if entry is None:
            found.unknown.append(("nature d'aide", label))
            continue
        found.help_kinds.add(entry["aide"])
        if entry["groupe"] == "financier":
            found.is_financial = True
        else:
            found.is_engineering = True
    for label in steps:
        phases = mapping["etapes"].get(label)
        if phases is None:
            found.unknown.append(("étape", label))
        else:
            found.phases.update(phases)
    for label in audiences:
        kind = mapping["publics"].get(label)
        if kind is None:
            found.unknown.append(("bénéficiaire", label))
        found.for_communes |= kind == COMMUNE
        found.for_epcis |= kind == EPCI
    return found
