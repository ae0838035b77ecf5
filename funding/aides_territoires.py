"""Synchronise the aids of aides-territoires for the served départements.

The live API (MTES-MCT/aides-territoires-symfony) wants an account's token in `X-AUTH-TOKEN`
on `POST /api/connexion/`, which answers a short-lived JWT, then `Authorization: Bearer …`.
Aids are searched by perimeter (`/api/aids/?perimeter_id=…`, pages of `itemsPerPage`, a
`next` address until the last). A search by a département's perimeter also returns the wider
aids (région, France) and the narrower ones (an intercommunality, a commune, an ad-hoc
area): the narrower ones are placed by searching each intercommunality's perimeter too.

Each page is written in its own transaction; an aid the API no longer returns for a
département is archived, never deleted; a label the mapping does not know is reported."""

import json
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

import nh3
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from core.text import without_controls
from directory.models import HelpKind, Phase, Structure, Theme
from territories.models import EPCI, Departement

from . import index
from .mapping import map_labels
from .models import Aid

SITE = "https://aides-territoires.beta.gouv.fr"
PAGE_SIZE = 50
TIMEOUT = 60
NATIONAL_SCALES = {"Pays", "Métropole", "Continent", "Outre-mer"}
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "h3", "h4"}


class SyncError(Exception):
    """The API cannot be used: said in one French line."""


class Client:
    def __init__(self, token: str, base: str = SITE, page_size: int | None = None):
        self.token = token
        self.base = base.rstrip("/")
        self.page_size = page_size or PAGE_SIZE
        self.jwt = ""

    def _call(self, url: str, method: str = "GET", headers: dict | None = None) -> dict:
        request = urllib.request.Request(url, method=method, headers=headers or {})  # noqa: S310
        request.add_header("Accept", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise SyncError(f"aides-territoires a répondu {error.code} à {url}.") from error
        except (urllib.error.URLError, OSError) as error:
            raise SyncError(f"aides-territoires injoignable ({error}).") from error
        except json.JSONDecodeError as error:
            raise SyncError(f"réponse illisible de aides-territoires pour {url}.") from error

    def connect(self) -> None:
        answer = self._call(
            f"{self.base}/api/connexion/", method="POST", headers={"X-AUTH-TOKEN": self.token}
        )
        self.jwt = answer.get("token", "") if isinstance(answer, dict) else ""
        if not self.jwt:
            raise SyncError("aides-territoires a refusé le jeton (AIDES_TERRITOIRES_TOKEN).")

    def get(self, url: str) -> dict:
        return self._call(url, headers={"Authorization": f"Bearer {self.jwt}"})

    def pages(self, path: str, **params):
        params["itemsPerPage"] = self.page_size
        url = f"{self.base}{path}?{urllib.parse.urlencode(params)}"
        while url:
            page = self.get(url)
            yield page
            url = page.get("next")
            if url and not url.startswith(self.base):  # the API's own absolute address
                url = self.base + urllib.parse.urlsplit(url)._replace(scheme="", netloc="").geturl()

    def perimeter_id(self, code: str, scale: str, name: str) -> str | None:
        for page in self.pages("/api/perimeters/", q=name, scale=scale):
            for perimeter in page.get("results", []):
                if str(perimeter.get("code")) == code:
                    return str(perimeter["id"])
        return None


@dataclass
class Summary:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0  # read, but past their deadline: kept, never proposed
    archived: int = 0
    linked: int = 0  # engineering aids tied to a directory structure
    unmapped: Counter = field(default_factory=Counter)  # (field, label) → aids
    missing_perimeters: list[str] = field(default_factory=list)


def clean_html(value) -> str:
    if not isinstance(value, str):
        return ""
    return without_controls(nh3.clean(value, tags=ALLOWED_TAGS, attributes={"a": {"href"}})).strip()


def _names(value) -> list[str]:
    return [without_controls(str(v)).strip() for v in value or [] if str(v).strip()][:50]


def _rate(value) -> int | None:
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= 100 else None


def _scope(scale: str) -> str:
    if scale in NATIONAL_SCALES:
        return Aid.Scope.NATIONAL
    if scale == "Région":
        return Aid.Scope.REGIONAL
    if scale == "Département":
        return Aid.Scope.DEPARTEMENTAL
    return Aid.Scope.LOCAL  # intercommunality, commune, basin, ad-hoc


class Taxonomies:
    def __init__(self):
        self.themes = {t.slug: t for t in Theme.objects.all()}
        self.helps = {h.slug: h for h in HelpKind.objects.all()}
        self.phases = {p.slug: p for p in Phase.objects.all()}
        self.backers = {}
        for structure in Structure.objects.all():
            for name in (structure.name, structure.acronym, structure.display_name):
                if name:
                    self.backers.setdefault(name.casefold(), structure)


def _fields(raw: dict, mapped, backer) -> dict:
    return {
        "name": without_controls(str(raw.get("name") or raw.get("name_initial") or ""))[:300],
        "url": (SITE + raw["url"]) if str(raw.get("url", "")).startswith("/") else "",
        "origin_url": str(raw.get("origin_url") or "")[:500],
        "application_url": str(raw.get("application_url") or "")[:500],
        "financers": _names(raw.get("financers")),
        "instructors": _names(raw.get("instructors")),
        "programs": _names(raw.get("programs")),
        "backer": backer,
        "description": clean_html(raw.get("description")),
        "eligibility": clean_html(raw.get("eligibility")),
        "perimeter": str(raw.get("perimeter") or "")[:200],
        "perimeter_scale": str(raw.get("perimeter_scale") or "")[:40],
        "scope": _scope(str(raw.get("perimeter_scale") or "")),
        "categories": _names(raw.get("categories")),
        "audiences": _names(raw.get("targeted_audiences")),
        "aid_types": _names(raw.get("aid_types")),
        "steps": _names(raw.get("mobilization_steps")),
        "for_communes": mapped.for_communes,
        "for_epcis": mapped.for_epcis,
        "is_financial": mapped.is_financial,
        "is_engineering": mapped.is_engineering,
        "is_call_for_project": bool(raw.get("is_call_for_project")),
        "recurrence": str(raw.get("recurrence") or "")[:40],
        "start_date": parse_date(str(raw.get("start_date") or "")),
        "predeposit_date": parse_date(str(raw.get("predeposit_date") or "")),
        "submission_deadline": parse_date(str(raw.get("submission_deadline") or "")),
        "subvention_rate_min": _rate(raw.get("subvention_rate_lower_bound")),
        "subvention_rate_max": _rate(raw.get("subvention_rate_upper_bound")),
        "subvention_comment": str(raw.get("subvention_comment") or "")[:2000],
        "remote_created_at": parse_datetime(str(raw.get("date_created") or "")),
        "remote_updated_at": parse_datetime(str(raw.get("date_updated") or "")),
    }


def _same(aid: Aid, values: dict) -> bool:
    return all(getattr(aid, name) == value for name, value in values.items())


def upsert(raw: dict, taxonomies: Taxonomies, departement: Departement, summary: Summary, now):
    """One aid of the API, written with its mapping; the contact field is never read (it
    often names a person)."""
    mapped = map_labels(
        _names(raw.get("categories")),
        _names(raw.get("targeted_audiences")),
        _names(raw.get("aid_types")),
        _names(raw.get("mobilization_steps")),
    )
    summary.unmapped.update(mapped.unknown)
    backer = None
    if mapped.is_engineering:
        backer = next(
            (
                taxonomies.backers[n.casefold()]
                for n in _names(raw.get("financers"))
                if n.casefold() in taxonomies.backers
            ),
            None,
        )
        summary.linked += backer is not None
    values = _fields(raw, mapped, backer)
    aid = Aid.objects.filter(
        source=Aid.Source.AIDES_TERRITOIRES, external_id=str(raw["id"])
    ).first()
    if aid is None:
        aid = Aid(source=Aid.Source.AIDES_TERRITOIRES, external_id=str(raw["id"]), **values)
        summary.new += 1
    elif _same(aid, values) and aid.archived_at is None:
        summary.unchanged += 1
    else:
        for name, value in values.items():
            setattr(aid, name, value)
        summary.updated += 1
    aid.archived_at = None
    aid.synced_at = now
    aid.save()
    aid.themes.set([taxonomies.themes[s] for s in mapped.themes if s in taxonomies.themes])
    aid.help_kinds.set([taxonomies.helps[s] for s in mapped.help_kinds if s in taxonomies.helps])
    aid.phases.set([taxonomies.phases[s] for s in mapped.phases if s in taxonomies.phases])
    if aid.scope == Aid.Scope.REGIONAL:
        aid.regions.add(departement.region_id)
    if aid.scope == Aid.Scope.DEPARTEMENTAL:
        aid.departements.add(departement)
    if values["submission_deadline"] and values["submission_deadline"] < now.date():
        summary.closed += 1
    return aid


def sync(client: Client, codes: list[str], progress=None, now=None) -> Summary:
    """Aids of these départements, then where the narrower ones apply."""
    tick = progress or (lambda n: None)
    now = now or timezone.now()
    summary = Summary()
    taxonomies = Taxonomies()
    client.connect()
    with index.batch():  # the in-memory index is rebuilt once, after the sync
        _sync(client, codes, tick, now, summary, taxonomies)
    return summary


def _sync(client, codes, tick, now, summary, taxonomies) -> None:
    for departement in Departement.objects.filter(code__in=codes).defer("geometry"):
        perimeter = client.perimeter_id(departement.code, "department", departement.name)
        if perimeter is None:
            summary.missing_perimeters.append(f"département {departement.code}")
            continue
        seen: set[int] = set()
        for page in client.pages("/api/aids/", perimeter_id=perimeter):
            results = [r for r in page.get("results", []) if isinstance(r, dict) and "id" in r]
            with transaction.atomic():
                for raw in results:
                    seen.add(upsert(raw, taxonomies, departement, summary, now).pk)
            summary.read += len(results)
            tick(len(results))
        local = Aid.objects.filter(pk__in=seen, scope=Aid.Scope.LOCAL)
        epcis = EPCI.objects.filter(communes__departement=departement).distinct().defer("geometry")
        for epci in epcis:
            epci_perimeter = client.perimeter_id(epci.code, "epci", epci.name)
            if epci_perimeter is None:
                summary.missing_perimeters.append(f"EPCI {epci.code}")
                continue
            ids = {
                str(r["id"])
                for page in client.pages("/api/aids/", perimeter_id=epci_perimeter)
                for r in page.get("results", [])
                if isinstance(r, dict) and "id" in r
            }
            with transaction.atomic():
                for aid in local.filter(external_id__in=ids):
                    aid.epcis.add(epci)
                for aid in local.exclude(external_id__in=ids):
                    aid.epcis.remove(epci)
        gone = Aid.objects.filter(
            source=Aid.Source.AIDES_TERRITOIRES, archived_at=None, synced_at__lt=now
        ).filter(_in_departement(departement))
        archived = gone.update(archived_at=now)
        if archived:
            index.bump()  # an update sends no signal
        summary.archived += archived


def _in_departement(departement: Departement):
    return (
        Q(departements=departement)
        | Q(regions=departement.region_id)
        | Q(epcis__departements=departement)
        | Q(scope=Aid.Scope.NATIONAL)
    )
