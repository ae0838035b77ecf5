"""What the printed guide of a territory says: the structures whose offers reach its communes,
with those offers, their conditions, contacts and programmes, indexed by theme, and the
programmes its communes belong to. Plain data for the template (`templates/guide/`)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from directory.models import Offre, OffreContact, Structure, Theme
from directory.selectors import offres_for_communes, offres_with_details, territory_label
from territories.models import EPCI, Commune, Departement, ProgrammeMembership


@dataclass
class OfferItem:
    offre: Offre
    territory: str  # in words
    reach: str  # « toutes les communes » or « 12 communes sur 240 »
    everywhere: bool
    programmes: list[str]
    contacts: list[OffreContact]


@dataclass
class StructureItem:
    structure: Structure
    url: str
    qr_svg: str  # a data: URI
    offers: list[OfferItem] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"structure-{self.structure.slug}"

    @property
    def everywhere(self) -> bool:
        """At least one of its offers reaches every commune of the territory."""
        return any(offer.everywhere for offer in self.offers)


@dataclass
class ThemeItem:
    theme: Theme
    structures: list[StructureItem]


@dataclass
class ProgrammeItem:
    name: str
    communes: list[str]


@dataclass
class Guide:
    title: str  # « la Mayenne », « Laval Agglomération »
    kind: str  # « département », « intercommunalité »
    communes: int
    generated_at: datetime.datetime
    site_url: str
    own_epcis: list[StructureItem]  # the intercommunalities, first door of their communes
    first_steps: list[StructureItem]  # the other generalist doors
    structures: list[StructureItem]
    themes: list[ThemeItem]
    programmes: list[ProgrammeItem]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def qr_code(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=2, border=1)


def for_departement(departement: Departement) -> Guide:
    communes = list(Commune.objects.filter(departement=departement).defer("geometry"))
    return build(f"{departement.name} ({departement.code})", "département", communes)


def for_epci(epci: EPCI) -> Guide:
    communes = list(Commune.objects.filter(epci=epci).defer("geometry"))
    return build(epci.name, "intercommunalité", communes)


def build(title: str, kind: str, communes: list[Commune]) -> Guide:
    reach = offres_for_communes(communes)
    counts = {offre.pk: len(communes) for offre in reach.whole}
    counts |= {offre.pk: n for offre, n in reach.partial}
    territory_epcis = {c.epci_id for c in communes if c.epci_id}
    offres = (
        offres_with_details()
        .filter(pk__in=list(counts))
        .prefetch_related(
            "programmes",
            Prefetch(
                "contacts",
                queryset=OffreContact.objects.filter(epci__isnull=True)
                | OffreContact.objects.filter(epci__in=territory_epcis),
            ),
        )
        .order_by("structure__name", "position", "title")
    )
    by_structure: dict[int, StructureItem] = {}
    by_theme: dict[int, list[StructureItem]] = defaultdict(list)
    for offre in offres:
        item = by_structure.get(offre.structure_id)
        if item is None:
            url = absolute(offre.structure.get_absolute_url())
            item = by_structure[offre.structure_id] = StructureItem(
                offre.structure, url, qr_code(url)
            )
        n = counts[offre.pk]
        everywhere = n == len(communes)
        item.offers.append(
            OfferItem(
                offre,
                territory_label(offre),
                "toutes les communes" if everywhere else f"{n} communes sur {len(communes)}",
                everywhere,
                [p.name for p in offre.programmes.all()],
                list(offre.contacts.all()),
            )
        )
        for theme in offre.themes.all():
            if item not in by_theme[theme.pk]:
                by_theme[theme.pk].append(item)
    structures = sorted(by_structure.values(), key=lambda s: s.structure.name.casefold())
    return Guide(
        title=title,
        kind=kind,
        communes=len(communes),
        generated_at=timezone.localtime(),
        site_url=absolute("/"),
        own_epcis=[s for s in structures if s.structure.epci_id],
        first_steps=[s for s in structures if s.structure.generalist and not s.structure.epci_id],
        structures=structures,
        themes=[
            ThemeItem(theme, by_theme[theme.pk])
            for theme in Theme.objects.all()  # in taxonomy order
            if by_theme.get(theme.pk)
        ],
        programmes=_programmes(communes),
    )


def _programmes(communes: list[Commune]) -> list[ProgrammeItem]:
    members = (
        ProgrammeMembership.objects.filter(commune__in=[c.code for c in communes])
        .select_related("programme")
        .order_by("programme__name", "commune__name")
        .values_list("programme__name", "commune__name")
    )
    grouped: dict[str, list[str]] = defaultdict(list)
    for programme, commune in members:
        grouped[programme].append(commune)
    return [ProgrammeItem(name, names) for name, names in grouped.items()]
