"""Whose journey it is: a person on the site, an application through the API, the platform's
own team (and its tests), or a robot. Only the first is the communes' demand; the others are
counted apart (`observatory.activity`)."""

import re

from .models import Audience, Journey

ROBOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|headless|lighthouse|python-requests|curl/|wget/|httpx|"
    r"go-http-client|java/|okhttp|scrapy|facebookexternalhit|preview",
    re.IGNORECASE,
)
PRODUCT = re.compile(r"^([A-Za-z][\w.-]{0,40})")


def is_staff(user) -> bool:
    """The platform's own accounts: superusers, admin staff, territory admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.is_staff or user.territories.exists()


def classify(request, source: str) -> tuple[str, str]:
    """(audience, channel) of a journey made through this request."""
    agent = request.headers.get("User-Agent", "") if request is not None else ""
    if request is not None and is_staff(request.user):
        return Audience.STAFF, ""
    if source == Journey.Source.API:
        found = PRODUCT.match(agent)
        return Audience.API, (found[1] if found else "inconnu")[:60]
    if not agent or ROBOTS.search(agent):
        return Audience.ROBOT, ""
    return Audience.SITE, ""
