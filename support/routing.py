"""Who receives a help request: the structure's members when it has joined; else its generic
address when it said it accepts requests there; failing both, the préfecture's guichet de
l'ingénierie of the commune's département (`directory.Guichet`) with its platform team (its
territory admins, else `PLATFORM_EMAIL`): they answer and pass the request on. On launch
day no structure has a member: every request then goes to the guichet and the team, and the
pages say so before sending (`directory.reach`)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.members import member_emails
from directory import reach


@dataclass(frozen=True)
class Route:
    emails: list[str]
    direct: bool  # the structure itself receives its requests here
    by_email: bool = False  # at its generic address: the e-mail carries the request itself
    guichet: str = ""  # the préfecture's guichet, for a structure that has not joined


def platform_emails(departement: str) -> list[str]:
    """The département's platform team: its territory admins, else `PLATFORM_EMAIL`."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    admins = users.filter(territories__departement=departement)
    emails = sorted(set(admins.values_list("email", flat=True)))
    if not emails and settings.PLATFORM_EMAIL:
        emails = [settings.PLATFORM_EMAIL]
    return emails


def team_emails(structure) -> list[str]:
    """The platform teams of every département the structure works in — those who may
    moderate what it submits (`Structure.departements`) — else the site's."""
    departements = structure.departements() or {structure.home_departement}
    return sorted({email for code in departements for email in platform_emails(code)})


def route(structure, departement: str) -> Route:
    emails = member_emails(structure)
    if emails:
        return Route(emails, True)
    if reach.by_email(structure):
        return Route([structure.contact_email], True, by_email=True)
    guichet = reach.guichet(departement)
    return Route(platform_emails(departement), False, guichet=guichet.email if guichet else "")
