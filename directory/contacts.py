"""How to reach a structure: its institutional contacts (switchboard, generic address, contact
page, postal address, opening hours), each with where it comes from and when.

A structure's contacts are never a person's: a named person appears only when that person, as
a member, publishes their own details from the structure space (`accounts.Membership`).
Origins, from the weakest to the strongest: the seed files, the Annuaire de l'administration,
the platform team, the structure itself. An import never overwrites what a person typed.
"""

import datetime
from dataclasses import dataclass

from . import provenance

FIELDS = {
    "contact_phone": "Standard",
    "contact_email": "Courriel",
    "contact_url": "Page de contact",
    "postal_address": "Adresse postale",
    "opening_hours": "Horaires d'accueil",
}

SEED = "jeu-initial"
ANNUAIRE = "annuaire"
PLATFORM = "plateforme"
STRUCTURE = "structure"
ORIGINS = {
    SEED: "jeu de données initial",
    ANNUAIRE: "Annuaire de l'administration (service-public.fr)",
    PLATFORM: "équipe de la plateforme",
    STRUCTURE: "la structure elle-même",
}
TYPED_BY_A_PERSON = {STRUCTURE, PLATFORM}  # never overwritten by an import
TYPED_TITLES = {
    STRUCTURE: "Saisi par la structure sur Carto'Ingé",
    PLATFORM: "Saisi par l'équipe de la plateforme",
}


@dataclass(frozen=True)
class Contact:
    field: str
    label: str
    value: str
    origin: str  # one of ORIGINS, "" when unknown (entered before origins were kept)
    source_title: str
    source_url: str
    date: str  # as the source gives it (AAAA, AAAA-MM, AAAA-MM-JJ, « non datée »), or ""

    @property
    def origin_label(self) -> str:
        return ORIGINS.get(self.origin, "")

    @property
    def date_label(self) -> str:
        return provenance.date_label(self.date) if self.date else ""

    @property
    def href(self) -> str:
        if self.field == "contact_email":
            return f"mailto:{self.value}"
        if self.field == "contact_phone":
            return "tel:" + "".join(c for c in self.value if c.isdigit() or c == "+")
        if self.field == "contact_url":
            return self.value
        return ""


def of_structure(structure) -> list[Contact]:
    """The structure's contacts that have a value, in the order of FIELDS."""
    known = structure.contact_sources or {}
    contacts = []
    for name, label in FIELDS.items():
        value = getattr(structure, name)
        if not value:
            continue
        origin = known.get(name) or {}
        contacts.append(
            Contact(
                field=name,
                label=label,
                value=value,
                origin=origin.get("origine", ""),
                source_title=origin.get("titre", ""),
                source_url=origin.get("url", ""),
                date=origin.get("date", ""),
            )
        )
    return contacts


def typed_by_a_person(structure, name: str) -> bool:
    return (structure.contact_sources or {}).get(name, {}).get("origine") in TYPED_BY_A_PERSON


def mark(structure, names, origin: str, title: str = "", url: str = "", date=None) -> None:
    """Record where these fields' values come from (not saved). `date` is the source's: a
    date, or a text as the seed files write it (« 2024-05 », « non datée »)."""
    date = date.isoformat() if isinstance(date, datetime.date) else date
    date = date or datetime.date.today().isoformat()
    title = title or TYPED_TITLES.get(origin, "")
    sources = dict(structure.contact_sources or {})
    for name in names:
        if getattr(structure, name):
            sources[name] = {"origine": origin, "titre": title, "url": url, "date": date}
        else:
            sources.pop(name, None)
    structure.contact_sources = sources


def institutional_email(structure) -> str:
    """The structure's generic address when a public source gives it (the seed files, the
    Annuaire de l'administration, the platform team): where a link may be sent to check that
    someone works there. Never an address the structure's own members typed."""
    origin = (structure.contact_sources or {}).get("contact_email", {}).get("origine")
    return structure.contact_email if origin in {SEED, ANNUAIRE, PLATFORM} else ""
