"""A département's directory on its first day, from what the law or a national programme gives
every département (`seed/modeles/`, see its README) and from official files: the referential
(names, chef-lieux, arrondissements, intercommunalities) and the ANCT's file of its delegates
(the State services' institutional contacts). Instantiated records go through the seed's
validator and writer: the same rules as a hand-written fiche; a hand-written or confirmed
fiche is never touched.

What no national source gives goes on the checklist (`checklist`), with the question to ask
and whom to ask; it is never guessed."""

import functools
import json
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from core.text import strip_accents
from territories import site
from territories.models import EPCI, Departement, Programme, ProgrammeMembership

from . import guichets
from .models import Guichet, HelpKind, Phase, Structure, Theme
from .seed import SeedError, SeedSummary, Validator, write_records

TEMPLATES_DIR = settings.SEED_DIR / "modeles"
GUICHETS_FILE = settings.SEED_DIR / "guichets-anct.csv"
# The INSEE « charnière » of a name (TNCC): « de la Sarthe », « d'Ille-et-Vilaine », « du Nord »
# The collectivités d'outre-mer of the referential: their own institutions, no template fits.
OVERSEAS_COLLECTIVITIES = ["975", "977", "978", "984", "986", "987", "988", "989"]
CHARNIERES = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'", 6: "des "}


class OnboardingError(Exception):
    """The département cannot be onboarded (unknown, or its referential missing)."""


@dataclass
class Template:
    name: str  # the file's stem: « ddt », « epci-cc »
    instance: str  # departement, arrondissement, region or epci
    text: str
    epci_types: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)  # départements (régions) it does not fit
    exclude_reason: str = ""


INSTANCE_KEYS = ("instance", "epci_types", "exclude", "exclude_reason")


class _Placeholder(dict):
    """Any variable, to read a template's own keys before it is instantiated."""

    def __missing__(self, key):
        return "0"


def templates() -> list[Template]:
    found = []
    for path in sorted(Path(TEMPLATES_DIR).glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        head = tomllib.loads(string.Template(text).substitute(_Placeholder()))  # instance keys
        found.append(
            Template(
                path.stem,
                head["instance"],
                text,
                head.get("epci_types", []),
                head.get("exclude", []),
                head.get("exclude_reason", ""),
            )
        )
    return found


@functools.cache
def _decoupage(name: str) -> list[dict]:
    return json.loads((Path(settings.DECOUPAGE_DATA_DIR) / name).read_text(encoding="utf-8"))


def _toml_safe(value) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"')


@dataclass
class Places:
    """The variables of each instance of the templates for one département."""

    departement: dict
    arrondissements: list[dict]
    region: dict
    epcis: list[dict]


def places(code: str) -> Places:
    departement = Departement.objects.filter(code=code).select_related("region").first()
    if departement is None:
        raise OnboardingError(f"Département « {code} » inconnu du référentiel.")
    source = next((d for d in _decoupage("departements.json") if d["code"] == code), None)
    if source is None:
        raise OnboardingError(f"Département « {code} » absent de decoupage-administratif.")
    if source.get("zone") == "com":
        raise OnboardingError(
            f"{departement.name} ({code}) est une collectivité d'outre-mer : ses institutions "
            "ne suivent pas les modèles départementaux ; son annuaire s'écrit à la main."
        )
    region = next(r for r in _decoupage("regions.json") if r["code"] == source["region"])
    de_nom = site.of(departement.name, source.get("typeLiaison"))
    de_region = site.of(region["nom"], region.get("typeLiaison"))
    regional_seat = region["chefLieu"] == source["chefLieu"]  # a DRFiP, not a DDFiP
    overseas = source.get("zone") == "drom"
    single = region["nom"] == departement.name  # Martinique, La Réunion…: one name for both
    base = {
        "code": code,
        "nom": departement.name,
        "de_nom": de_nom,
        "chef_lieu": source["chefLieu"],
        "region": region["code"],
        "region_nom": region["nom"],
        "de_region": de_region,
        "region_slug": slugify(region["nom"]),
        "finances_nom": f"Direction régionale des finances publiques {de_region}"
        + ("" if single else f" et du département {de_nom}")
        if regional_seat
        else f"Direction départementale des finances publiques {de_nom}",
        "finances_sigle": "DRFiP" if regional_seat else f"DDFiP {code}",
        # DETR (L2334-33): 2 000 and 20 000 inhabitants, 3 500 and 35 000 overseas
        "detr_max": 35000 if overseas else 20000,
        "detr_small": "3 500" if overseas else "2 000",
        "detr_large": "35 000" if overseas else "20 000",
    }
    epcis = [
        {**base, "siren": e.code, "epci_nom": e.name, "epci_type": e.kind}
        for e in EPCI.objects.filter(departements=code).order_by("code")
    ]
    return Places(base, _arrondissements(code, source["chefLieu"], base), base, epcis)


def _arrondissements(code: str, prefecture: str, base: dict) -> list[dict]:
    """One place per sous-préfecture, named as its commune is (« Sous-préfecture
    d'Argentan »: the commune's name and INSEE liaison)."""
    communes = {
        c["code"]: c
        for c in _decoupage("communes.json")
        if c.get("departement") == code and c["type"] == "commune-actuelle"
    }
    found = []
    for arrondissement in _decoupage("arrondissements.json"):
        seat = arrondissement["chefLieu"]
        if arrondissement["departement"] != code or seat == prefecture:
            continue
        town = communes.get(seat, arrondissement)  # its name and liaison are the town's
        found.append(
            {
                **base,
                "arrondissement": arrondissement["code"],
                "ville": town["nom"],
                "de_ville": site.of_town(town["nom"], town.get("typeLiaison")),
                "ville_code": seat,
                "ville_slug": slugify(town["nom"]),
            }
        )
    return found


def instances(template: Template, where: Places) -> list[dict]:
    if template.instance == "departement":
        return [where.departement]
    if template.instance == "region":
        return [where.region]
    if template.instance == "arrondissement":
        return where.arrondissements
    if template.instance == "epci":
        return [e for e in where.epcis if e["epci_type"] in template.epci_types]
    raise OnboardingError(f"Modèle {template.name} : instance « {template.instance} » inconnue.")


def instantiate(template: Template, variables: dict) -> dict:
    safe = {name: _toml_safe(value) for name, value in variables.items()}
    record = tomllib.loads(string.Template(template.text).substitute(safe))
    for key in INSTANCE_KEYS:
        record.pop(key, None)
    for item in [record, *record.get("offres", [])]:  # Corsica: « prefecture-2a »
        item["slug"] = item["slug"].lower()
    return record


# The State services' contacts, from the ANCT's file of its delegates (institutional columns).


def _contacts(code: str) -> dict[str, guichets.Row]:
    """The préfecture's, the DDT(M)'s and each sous-préfecture's row, by template key
    (« prefecture », « ddt », « sous-prefecture-<town> »)."""
    if not GUICHETS_FILE.exists():
        return {}
    rows = {}
    for row in guichets.read(GUICHETS_FILE.read_text(encoding="utf-8")):
        if row.departement != code:
            continue
        service = _plain(row.service)
        if service.startswith("prefecture"):
            rows.setdefault("prefecture", row)
        elif service.startswith("direction departementale des territoires"):
            rows.setdefault("ddt", row)
        elif service.startswith("sous-prefecture de "):
            rows.setdefault("sous-prefecture-" + slugify(row.service.split(" de ", 1)[1]), row)
    return rows


def _plain(text: str) -> str:
    return strip_accents(text.lower())


def _with_contacts(record: dict, row: guichets.Row | None) -> dict:
    if row is None:
        return record
    if _plain(row.service).startswith("direction departementale des territoires"):
        record["name"] = _ddt_name(row.service)
        record["acronym"] = "DDTM" if "mer" in _plain(row.service) else "DDT"
    given = {"contact_email": row.email, "contact_phone": row.phone}
    if row.url and urlsplit(row.url).netloc.endswith(".gouv.fr"):
        record["website"] = f"https://{urlsplit(row.url).netloc}"
    record.update({name: value for name, value in given.items() if value})
    if any(record.get(name) for name in ("contact_email", "contact_phone")):
        record["contact_source"] = {
            "titre": guichets.SOURCE_TITLE,
            "url": guichets.SOURCE_URL,
            "date": row.date.isoformat() if row.date else "non datée",
        }
    return record


def _ddt_name(service: str) -> str:
    """« Direction Départementale des Territoires et de la Mer d'Ille-et-Vilaine » as French
    writes it: « Direction départementale des territoires et de la mer d'Ille-et-Vilaine »."""
    for word in ("Départementale", "Territoires", "Mer"):
        service = service.replace(f" {word} ", f" {word.lower()} ")
    return service


# Onboarding


@dataclass
class Onboarded:
    code: str
    summary: SeedSummary
    by_template: dict[str, list[str]]  # template → slugs written
    kept: list[str]  # fiches left as they are: written or taken over by a person


@dataclass
class Plan:
    """What onboarding a département writes, what it leaves to hand-written fiches, and the
    templates that do not fit it (with why)."""

    records: list[tuple[str, dict]]  # (template, record) to create
    by_hand: list[Structure]  # hand-written fiches holding a template's role
    excluded: list[tuple[str, str]]  # (template, reason)
    superseded: list[Structure] = field(default_factory=list)  # template fiches now doubled


def plan(code: str) -> Plan:
    """Every instance of every template in the département, except the roles hand-written
    fiches already hold (the Mayenne's Département is two fiches, « cd53-routes » and
    « cd53-developpement-durable », not a « departement-53 ») and the templates that do not
    fit it (Corsica, Paris, Alsace, overseas, the Métropoles of Lyon, Paris, Aix-Marseille)."""
    where, contacts = places(code), _contacts(code)
    serving = Structure.objects.serving([code])
    found, by_hand, excluded, superseded = [], [], [], []
    for template in templates():
        key = where.region["region"] if template.instance == "region" else code
        if key in template.exclude:
            excluded.append((template.name, template.exclude_reason))
            continue
        for variables in instances(template, where):
            if variables.get("siren") in template.exclude:
                excluded.append(
                    (f"{template.name} ({variables['epci_nom']})", template.exclude_reason)
                )
                continue
            record = instantiate(template, variables)
            same = Structure.objects.filter(slug=record["slug"]).first()
            if same and same.template and not serving.filter(pk=same.pk).exists():
                # Another département's fiche of the same name (Saint-Pierre: 972 and 974).
                record["slug"] = f"{record['slug']}-{code.lower()}"
                for offre in record["offres"]:
                    offre["slug"] = f"{offre['slug']}-{code.lower()}"
            written = _written_by_hand(code, record, template.instance)
            if written:
                by_hand.extend(s for s in written if s not in by_hand)
                template_fiche = Structure.objects.exclude(template="").filter(slug=record["slug"])
                superseded.extend(template_fiche)
                continue
            key = record["slug"].removesuffix(f"-{code.lower()}")
            found.append((template.name, _with_contacts(record, contacts.get(key))))
    return Plan(found, by_hand, excluded, superseded)


def _written_by_hand(code: str, record: dict, instance: str) -> list[Structure]:
    """Hand-written fiches in the same role: the same slug, the same intercommunality, or the
    same type of local service (`annuaire_type`) working in the département (reaching it,
    for a regional body; seated in the same town, for a sous-préfecture)."""
    by_hand = Structure.objects.filter(template="")
    same = by_hand.filter(slug=record["slug"])
    if record.get("epci"):
        same = same | by_hand.filter(epci_id=record["epci"])
    if record.get("annuaire_type") == "sous_pref":
        same = same | by_hand.filter(
            annuaire_type="sous_pref", seat_commune_id=record["seat_commune"]
        )
    elif record.get("annuaire_type"):
        there = (
            Structure.objects.serving([code])
            if instance == "region"
            else Structure.objects.working_in([code])
        )
        same = same | by_hand.filter(annuaire_type=record["annuaire_type"], pk__in=there)
    return list(same.distinct().order_by("slug"))


def validate(records: list[tuple[str, dict]]) -> None:
    taxonomies = {
        "themes": [{"slug": s} for s in Theme.objects.values_list("slug", flat=True)],
        "aides": [{"slug": s} for s in HelpKind.objects.values_list("slug", flat=True)],
        "phases": [{"slug": s} for s in Phase.objects.values_list("slug", flat=True)],
    }
    validator = Validator(taxonomies)
    for template, record in records:
        validator.structure(f"modèle {template}", record)
    if validator.problems:
        raise SeedError(validator.problems)


def onboard(code: str, progress=None, planned: Plan | None = None) -> Onboarded:
    """Write the département's template fiches (idempotent); `progress()` after each."""
    planned = planned or plan(code)
    records, by_hand = planned.records, planned.by_hand
    validate(records)
    summary, by_template = SeedSummary(), {}
    with transaction.atomic():
        for template, record in records:
            kept = len(summary.structures_kept)
            write_records([record], summary, template=template)
            if len(summary.structures_kept) == kept:
                by_template.setdefault(template, []).append(record["slug"])
            if progress:
                progress()
    kept = sorted({*summary.structures_kept, *(s.slug for s in by_hand)})
    return Onboarded(code, summary, by_template, kept)


# What remains: the checklist of the département's platform team


@dataclass
class Item:
    label: str
    done: bool
    detail: str  # what was found, or the question to ask
    ask: str = ""  # whom to ask


@dataclass
class Checklist:
    departement: Departement
    created: list[Structure]  # from the templates, « d'après sources publiques, à confirmer »
    by_hand: list[Structure]
    items: list[Item]

    @property
    def remaining(self) -> int:
        return sum(not item.done for item in self.items)


# Roles no national file gives: (label, how a hand-written fiche in that role is recognised,
# the question to ask, whom to ask)
LOCAL_ROLES = [
    (
        "Syndicat départemental d'énergie",
        {"kind": Structure.Kind.SYNDICAT, "offres__themes__slug": "transition-energetique"},
        "Quel syndicat est l'autorité organisatrice de la distribution d'électricité (éclairage "
        "public, réseaux, conseil en énergie partagé) ? Ses offres, ses conditions d'adhésion ?",
        "la préfecture (bureau de l'intercommunalité) ou le syndicat lui-même",
    ),
    (
        "Ingénierie technique du Département (agence technique départementale)",
        {"kind": Structure.Kind.DEPARTEMENT, "offres__help_kinds__slug": "technique"},
        "Le Département assure-t-il lui-même l'assistance technique aux communes, ou par une "
        "agence technique départementale ? Avec quelles missions et quels tarifs ?",
        "la direction générale des services du Département",
    ),
    (
        "Établissement public foncier",
        {
            "offres__themes__slug": "amenagement-foncier",
            "offres__help_kinds__slug": "fonciere-immobiliere",
        },
        "Un établissement public foncier (d'État ou local) intervient-il dans le département ?",
        "la DDT",
    ),
    (
        "Syndicats d'eau, d'assainissement et de rivières",
        {"kind": Structure.Kind.SYNDICAT, "offres__themes__slug": "eau-assainissement"},
        "Quels syndicats exercent l'eau potable, l'assainissement et la GEMAPI, sur quelles "
        "communes ?",
        "la DDT (service de l'eau) ou la base BANATIC",
    ),
    (
        "Pays, PETR et groupes d'action locale (LEADER)",
        {"kind": Structure.Kind.PAYS_GAL},
        "Quels Pays, PETR ou GAL couvrent le département, et sur quelles intercommunalités ?",
        "la Région (autorité de gestion de LEADER) ou la préfecture",
    ),
    (
        "Agence de l'eau du bassin",
        {"name__icontains": "agence de l'eau"},
        "Quelle agence de l'eau couvre le département (parfois deux, selon les bassins) ?",
        "la DDT",
    ),
    (
        "Agence départementale d'information sur le logement (ADIL)",
        {"annuaire_type": "adil"},
        "Une ADIL existe-t-elle dans le département ?",
        "l'ANIL, qui tient la liste de son réseau",
    ),
]


def checklist(code: str) -> Checklist:
    departement = Departement.objects.get(code=code)
    serving = Structure.objects.serving([code])
    created = list(
        Structure.objects.working_in([code]).exclude(template="").order_by("template", "name")
    )
    by_hand = list(serving.filter(template="").order_by("name"))
    items = [
        Item(
            label,
            found.exists(),
            ", ".join(s.display_name for s in found[:3]) if found.exists() else question,
            "" if found.exists() else whom,
        )
        for label, rule, question, whom in LOCAL_ROLES
        for found in [serving.filter(template="", **rule).distinct()]
    ]
    planned = plan(code)
    items += _plan_items(planned, by_hand) + _created_items(code, created, planned)
    items += _programme_items(code)
    return Checklist(departement, created, by_hand, items)


def _plan_items(planned: Plan, by_hand: list[Structure]) -> list[Item]:
    """Templates that do not fit the département; template fiches a hand-written one now
    doubles; hand-written fiches holding a role whose offers do not reach the département."""
    items = [
        Item(
            f"Modèle « {template} » non appliqué",
            False,
            f"{reason[:1].upper()}{reason[1:]}.",
            "l'équipe de la plateforme",
        )
        for template, reason in planned.excluded
    ]
    items += [
        Item(
            f"Doublon : « {structure.display_name} »",
            False,
            "Fiche créée d'après un modèle alors qu'une fiche écrite à la main tient désormais ce "
            "rôle : à retirer, ou à fusionner avec elle.",
            "l'équipe de la plateforme",
        )
        for structure in planned.superseded
    ]
    items += [
        Item(
            f"Offres de « {structure.display_name} » dans le département",
            False,
            "Fiche écrite à la main pour un autre département : ses offres valent-elles aussi "
            "ici ? À étendre par sa structure ou par l'équipe de la plateforme.",
            structure.display_name,
        )
        for structure in planned.by_hand
        if structure not in by_hand
    ]
    return items


def _created_items(code: str, created: list[Structure], planned: Plan) -> list[Item]:
    if not created:
        if not planned.records:  # the Mayenne: hand-written fiches hold every role
            said = "Les fiches écrites à la main tiennent tous les rôles des modèles."
            return [Item("Fiches d'après les modèles nationaux", True, said)]
        return [
            Item(
                "Fiches d'après les modèles nationaux",
                False,
                f"Aucune fiche créée : lancez « python manage.py onboard_departement {code} ».",
                "l'équipe technique de la plateforme",
            )
        ]
    without = [s for s in created if not s.has_contact]
    missing = ", ".join(s.display_name for s in without[:5]) + ("…" if len(without) > 5 else "")
    return [
        Item(
            "Coordonnées institutionnelles des fiches créées",
            not without,
            f"{len(created) - len(without)} sur {len(created)} ont une coordonnée sourcée."
            + (f" Sans coordonnée : {missing}." if without else ""),
            "l'Annuaire de l'administration (import_annuaire), puis chaque structure"
            if without
            else "",
        ),
        Item(
            "Fiches confirmées par leur structure",
            all(s.is_verified for s in created),
            "Chaque fiche créée d'après les textes nationaux reste « à confirmer » jusqu'à ce "
            "qu'un agent de la structure la reprenne (tarifs, interlocuteurs, dispositifs "
            "locaux ; pour le CAUE, son existence même).",
            "chaque structure, invitée à rejoindre Carto'Ingé",
        ),
    ]


def _programme_items(code: str) -> list[Item]:
    items = []
    for programme in Programme.objects.order_by("name"):
        count = ProgrammeMembership.objects.filter(
            programme=programme, commune__departement_id=code
        ).count()
        items.append(
            Item(
                f"Programme « {programme.name} »",
                count > 0,
                f"{count} commune(s) du département"
                if count
                else "Liste des communes lauréates à importer (import_programme) depuis la "
                "liste ouverte de l'ANCT.",
                "" if count else "l'ANCT (data.gouv.fr) ou la préfecture",
            )
        )
    guichet = Guichet.objects.filter(departement_id=code).first()
    items.append(
        Item(
            "Guichet de l'ingénierie de la préfecture",
            guichet is not None,
            guichet.service
            if guichet
            else "Aucun guichet dans le fichier de l'ANCT : lequel "
            "reçoit les demandes des structures sans membre ?",
            "" if guichet else "la préfecture",
        )
    )
    return items
