"""Plain dicts for the API, built from objects whose relations were prefetched."""

from directory.models import Offre, Structure
from directory.selectors import territory_label


def offre_dict(offre: Offre) -> dict:
    return {
        "slug": offre.slug,
        "titre": offre.title,
        "resume": offre.summary,
        "structure": {"slug": offre.structure.slug, "nom": offre.structure.display_name},
        "themes": [t.slug for t in offre.themes.all()],
        "aides": [h.slug for h in offre.help_kinds.all()],
        "phases": [p.slug for p in offre.phases.all()],
        "pour_communes": offre.for_communes,
        "pour_epci": offre.for_epcis,
        "population_min": offre.population_min,
        "population_max": offre.population_max,
        "reserve_aux_membres": offre.members_only,
        "territoire": {
            "type": offre.scope,
            "libelle": territory_label(offre),
            "regions": [r.code for r in offre.regions.all()],
            "departements": [d.code for d in offre.departements.all()],
            "epci": [e.code for e in offre.epcis.all()],
            "communes": [c.code for c in offre.communes.all()],
        },
        "conditions": {
            "type": offre.cost,
            "libelle": offre.get_cost_display(),
            "precisions": offre.conditions_details,
        },
        "comment_solliciter": offre.how_to_ask,
        "confiance": offre.confidence.as_dict(),
        "validite": {"debut": offre.valid_from, "fin": offre.valid_until},
        "sources": [vars(source) for source in offre.source_list],
        "url": offre.get_absolute_url(),
    }


API_FIELD = {
    "contact_phone": "telephone",
    "contact_email": "courriel",
    "contact_url": "page_contact",
    "postal_address": "adresse",
    "opening_hours": "horaires",
}


def contact_dict(contact) -> dict:
    return {
        "champ": API_FIELD[contact.field],
        "libelle": contact.label,
        "valeur": contact.value,
        "origine": contact.origin,
        "source": contact.source_title,
        "source_url": contact.source_url,
        "date": contact.date,
    }


def structure_dict(structure: Structure, offer_count: int) -> dict:
    return {
        "slug": structure.slug,
        "nom": structure.name,
        "sigle": structure.acronym,
        "nature": structure.kind,
        "nature_libelle": structure.get_kind_display(),
        "description": structure.description,
        "ville_siege": structure.seat_town,
        "commune_siege": structure.seat_commune_id,
        "site_web": structure.website,
        "page_contact": structure.contact_url,
        "contacts": [contact_dict(contact) for contact in structure.contact_list],
        "latitude": structure.latitude,
        "longitude": structure.longitude,
        "epci": structure.epci_id,
        "etat_fiche": structure.get_validation_display(),
        "fiche_verifiee_le": structure.validated_at,
        "sources": [source.url or source.titre for source in structure.source_list],
        "sources_detaillees": [vars(source) for source in structure.source_list],
        "confiance": structure.confidence.as_dict(),
        "nb_offres": offer_count,
        "url": structure.get_absolute_url(),
    }


def commune_summary(commune) -> dict:
    return {
        "code": commune.code,
        "nom": commune.name,
        "codes_postaux": [p.code for p in commune.postal_codes.all()],
        "population": commune.population,
        "departement": {"code": commune.departement.code, "nom": commune.departement.name},
        "epci": {"code": commune.epci.code, "nom": commune.epci.name} if commune.epci else None,
        "url": commune.get_absolute_url(),
    }
