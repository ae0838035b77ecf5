"""How a structure is reached today, said before a user asks it for help. A structure
receives its requests through Carto'Ingé once one of its agents has joined it (an active
member with an address), or at its generic address when it has said it accepts them there;
until then, the département's platform team answers and passes the request on
(`support.routing` sends them)."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from core.routing import page_url

from .models import ANSWER_TIMES_AFTER, Guichet, Structure

USUAL_DELAY_AFTER = ANSWER_TIMES_AFTER  # answered requests before a usual delay is said


@dataclass(frozen=True)
class Direct:
    """A structure that receives its requests itself."""

    usual_days: int | None = None  # its usual delay to take a request over, once known
    by_email: bool = False  # at its generic address, no agent having joined


def by_email(structure: Structure) -> bool:
    """The structure said it accepts requests at its generic address."""
    return structure.accepts_email_requests and bool(structure.contact_email)


def receiving(structure_ids) -> dict[int, Direct]:
    """Which of these structures receive their requests themselves: those with an active
    member with an address (kept on the structure by `accounts.members`), each with its
    usual delay in days to answer (the median of the last year kept by
    `support.response_times`, once it has answered USUAL_DELAY_AFTER), then those that
    accept them at their generic address. One query."""
    rows = (
        Structure.objects.filter(pk__in=list(structure_ids))
        .filter(Q(has_receiving_member=True) | Q(accepts_email_requests=True, contact_email__gt=""))
        .values_list("pk", "has_receiving_member", "answered_requests", "answer_median_days")
    )
    result = {}
    for pk, joined, answered, median_days in rows:
        if not joined:
            result[pk] = Direct(by_email=True)
            continue
        usual = None
        if answered >= USUAL_DELAY_AFTER and median_days is not None:
            usual = max(1, math.ceil(median_days))
        result[pk] = Direct(usual_days=usual)
    return result


def guichet(departement: str):
    """The préfecture's guichet de l'ingénierie of the département, if one is configured."""
    if not departement:
        return None
    key = f"guichet:{departement}"
    found = cache.get(key)
    if found is None:
        found = (Guichet.objects.filter(departement_id=departement).first(),)
        cache.set(key, found, timeout=3600)
    return found[0]


def team_name(departement: str) -> str:
    """Who answers for the structures that have not joined: the département's guichet de
    l'ingénierie when one is configured, else the platform team."""
    found = guichet(departement)
    return found.name if found else settings.PLATFORM_TEAM_NAME


def ask_label(departement: str) -> str:
    """The link to the generalist door, short enough for a button."""
    if guichet(departement) is not None:
        return "Poser ma question au guichet de l'ingénierie de la préfecture"
    return "Poser ma question à l'équipe départementale"


def instead(departement: str) -> str:
    """Whom to contact when a fiche has no phone, address or contact page: the guichet, with
    its own institutional contacts and their source."""
    found = guichet(departement)
    if found is None:
        return f"Posez votre question {to_team(departement)} : elle vous répond et vous oriente."
    ways = ", ".join(w for w in (found.email, found.phone) if w)
    return (
        f"Adressez-vous au guichet de l'ingénierie de la préfecture ({found.service}"
        f"{' : ' + ways if ways else ''}), ou posez votre question ci-dessous."
    )


def to_team(departement: str) -> str:
    """« au guichet de l'ingénierie de la préfecture (…) », « à l'équipe départementale… »."""
    found = guichet(departement)
    return f"au {found.bare_name}" if found else f"à {settings.PLATFORM_TEAM_NAME}"


def notice(structure_name: str, direct: Direct | None, departement: str = "") -> str:
    """What will happen, in one sentence, before the user sends anything."""
    usual_days = direct.usual_days if direct else None
    if direct and direct.by_email:
        return (
            f"{structure_name} reçoit les demandes à son adresse de contact : votre demande "
            "lui est transmise et elle vous répond directement."
        )
    if direct and usual_days:
        plural = "s" if usual_days > 1 else ""
        return (
            f"{structure_name} reçoit les demandes par Carto'Ingé et les prend en charge "
            f"habituellement sous {usual_days} jour{plural}."
        )
    if direct:
        return f"{structure_name} reçoit les demandes par Carto'Ingé et vous répond."
    days = settings.SUPPORT_UNANSWERED_WORKING_DAYS
    team = team_name(departement)
    return (
        f"{structure_name} ne reçoit pas encore les demandes par Carto'Ingé : {team} "
        f"vous répond sous {days} jours ouvrés et la lui transmet."
    )


@dataclass(frozen=True)
class Reach:
    """Everything a page says about how to reach a structure (`directory/_contacts.html`)."""

    contacts: list  # contacts.Contact, institutional, each with its source
    shared_source: object | None  # the one source of all the contacts, said once
    people: list  # members who published their own details
    local: object | None  # the offer's contact for the commune's intercommunality
    notice: str
    relay_url: str
    platform_team: str
    ask_label: str = ""
    instead: str = ""  # whom to contact when the fiche gives no contact


def reach_of(structure: Structure, offre=None, commune=None) -> Reach:
    departement = commune.departement_id if commune is not None else structure.home_departement
    relay = settings.PLATFORM_FALLBACK_OFFRE.format(departement=structure.home_departement)
    local = None
    if offre is not None and commune is not None and commune.epci_id:
        local = offre.contacts.filter(epci_id=commune.epci_id).select_related("epci").first()
    found = structure.contact_list
    sources = {(c.origin, c.source_title, c.source_url, c.date) for c in found}
    return Reach(
        contacts=found,
        shared_source=found[0] if len(found) > 1 and len(sources) == 1 else None,
        people=structure.member_contacts,
        local=local,
        notice=notice(
            structure.display_name, receiving([structure.pk]).get(structure.pk), departement
        ),
        relay_url=f"{page_url('support:new')}?offre={relay}",
        platform_team=team_name(departement),
        ask_label=ask_label(departement),
        instead=instead(departement),
    )
