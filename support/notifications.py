"""Who is told what, by e-mail through the outbox. The texts are templates
(`templates/emails/request_*`, `follow_link`); they stay short and never carry more
personal data than the recipient already has: a structure gets a link to its inbox."""

from django.conf import settings

from directory import reach
from outbox.emails import queue_email, site_url

from .links import follow_path
from .models import SupportRequest
from .routing import platform_emails, route


def structure_recipients(request: SupportRequest) -> list[str]:
    """The structure's members; failing any, the platform team of the commune's département
    (`support.routing`), so that a request never waits unseen."""
    return route(request.structure, request.commune.departement_id).emails


def _follow_url(request: SupportRequest) -> str:
    return site_url() + follow_path(request)


def _to_structure(request: SupportRequest, name: str, **context) -> None:
    """To the structure's members, or its platform team, with a link to the inbox; to a
    structure reached at its generic address, and to the préfecture's guichet for a structure
    that has not joined, the request itself (they have no inbox), with the requester as the
    address to reply to."""
    found = route(request.structure, request.commune.departement_id)
    if found.guichet:  # it has no account here: the e-mail carries the request itself
        _by_email(request, name, [found.guichet], guichet=True, **context)
    if found.by_email:
        _by_email(request, name, found.emails, **context)
        return
    for email in found.emails:
        queue_email(email, name, {"request": request, **context})


def _by_email(request: SupportRequest, name: str, emails: list[str], **context) -> None:
    """The request itself, to an address without an account (a structure's generic address,
    the guichet of the préfecture), replying to the requester."""
    last = request.messages.order_by("-created_at").first()
    context = {
        "request": request,
        "event": name,
        "last_message": last,
        "days": settings.SUPPORT_UNANSWERED_WORKING_DAYS,
        "to_team": reach.to_team(request.commune.departement_id),
        **context,
    }
    for email in emails:
        queue_email(email, "request_by_email", context, reply_to=request.requester_email)


def _to_requester(request: SupportRequest, name: str) -> None:
    context = {"request": request, "follow_url": _follow_url(request)}
    queue_email(request.requester_email, name, context)


def new_request_to_structure(request: SupportRequest, rerouted_from=None) -> None:
    _to_structure(request, "request_new", rerouted_from=rerouted_from)


def request_sent_to_requester(requests: list[SupportRequest]) -> None:
    if not requests:
        return
    # What will happen to each, in the very words the page said before sending.
    direct = reach.receiving({r.structure_id for r in requests})
    links = [
        {
            "structure": r.structure.display_name,
            "notice": reach.notice(
                r.structure.display_name, direct.get(r.structure_id), r.commune.departement_id
            ),
            "url": _follow_url(r),
        }
        for r in requests
    ]
    context = {"commune": requests[0].commune, "links": links}
    queue_email(requests[0].requester_email, "request_sent", context)


def status_to_requester(request: SupportRequest) -> None:
    _to_requester(request, "request_status")


def message_to_requester(request: SupportRequest) -> None:
    _to_requester(request, "request_message_to_requester")


def message_to_structure(request: SupportRequest) -> None:
    _to_structure(request, "request_message_to_structure")


def closed_to_structure(request: SupportRequest) -> None:
    _to_structure(request, "request_closed")


def reminder_to_structure(request: SupportRequest) -> None:
    _to_structure(request, "request_reminder")


def escalated(request: SupportRequest) -> None:
    """Left untaken: the guichet gets the request (with the platform team); a structure that
    receives its requests itself gets one reminder."""
    departement = request.commune.departement_id
    found = route(request.structure, departement)
    guichet = reach.guichet(departement)
    if guichet is not None and guichet.email:
        _by_email(request, "request_escalated", [guichet.email], guichet=True, joined=found.direct)
    for email in platform_emails(departement):
        queue_email(email, "request_reminder", {"request": request})
    if found.direct:
        _to_structure(request, "request_reminder")


def new_follow_link(request: SupportRequest) -> None:
    _to_requester(request, "follow_link")
