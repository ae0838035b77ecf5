"""E-mails written as templates (`templates/emails/<name>_subject.txt` and `_body.txt`): the
wording changes without touching Python, every link comes from `{% url %}` and the one site
address (`SITE_URL`). Rendered by the « emails » template engine, which does not escape HTML
(the messages are plain text)."""

from django.conf import settings
from django.template import engines

from .models import OutgoingEmail
from .services import queue


def render_email(name: str, context: dict) -> tuple[str, str]:
    """(subject, body) of the message `name`."""
    engine = engines["emails"]
    context = {"site_name": settings.SITE_NAME, "site_url": site_url(), **context}
    subject = engine.get_template(f"emails/{name}_subject.txt").render(context)
    body = engine.get_template(f"emails/{name}_body.txt").render(context)
    return " ".join(subject.split()), body.strip() + "\n"


def queue_email(
    to: str, name: str, context: dict, reply_to: str = "", unsubscribe_url: str = ""
) -> OutgoingEmail:
    subject, body = render_email(name, context)
    return queue(to, subject, body, reply_to, unsubscribe_url)


def site_url() -> str:
    """The site's address, for the links of the e-mails (`SITE_URL`, without a final slash)."""
    return settings.SITE_URL.rstrip("/")
