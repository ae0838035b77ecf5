"""schema.org metadata of fiches and offers (JSON-LD), for search engines: what the page
says, never more (institutional contacts only)."""

from .models import Offre, Structure
from .selectors import territory_label

# Public bodies; associations, SEM/SPL and others are organisations.
GOVERNMENT = {
    Structure.Kind.ETAT, Structure.Kind.OPERATEUR, Structure.Kind.DEPARTEMENT,
    Structure.Kind.REGION, Structure.Kind.EPCI, Structure.Kind.SYNDICAT,
    Structure.Kind.ETABLISSEMENT_PUBLIC, Structure.Kind.CHAMBRE, Structure.Kind.PAYS_GAL,
    Structure.Kind.FINANCEUR,
}  # fmt: skip


def organisation(structure: Structure, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization" if structure.kind in GOVERNMENT else "Organization",
        "name": structure.display_name,
        "url": url,
    }
    if structure.description:
        data["description"] = structure.description
    if structure.website:
        data["sameAs"] = [structure.website]
    if structure.contact_phone:
        data["telephone"] = structure.contact_phone
    if structure.contact_email:
        data["email"] = structure.contact_email
    if structure.postal_address:
        data["address"] = " ".join(structure.postal_address.split())
    return data


def service(offre: Offre, url: str, structure_url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": offre.title,
        "description": offre.summary,
        "url": url,
        "provider": {
            key: value
            for key, value in organisation(offre.structure, structure_url).items()
            if key != "@context"
        },
        "areaServed": territory_label(offre),
        "serviceType": [theme.name for theme in offre.themes.all()],
        "isAccessibleForFree": offre.cost == Offre.Cost.FREE,
        "audience": {"@type": "Audience", "audienceType": offre.beneficiaries_label},
    }
