"""What a structure or a commune submits for the platform team to read (a call, an event, a
resource, a réalisation) is announced to the team of its département by e-mail: on launch
day the team is one person, who must not have to watch the queue to know."""

from outbox.emails import queue_email
from support.routing import platform_emails


def announce(departement: str, what: str, title: str, by: str) -> None:
    for to in platform_emails(departement):
        queue_email(to, "moderation_new", {"what": what, "title": title, "by": by})
