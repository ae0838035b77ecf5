"""Who is told what, by e-mail through the outbox. The texts are templates
(`templates/emails/request_*`, `follow_link`); they stay short and never carry more
personal data than the recipient already has: a structure gets a link to its inbox."""

from django.conf import settings

from directory import reach
from outbox.emails import queue_email, site_url

from .links import follow_path
from .models import SupportRequest
from .routing import route


def structure_recipients(request: SupportRequest) -> list[str]:
    """The structure's members; failing any, the platform team of the commune's département
    (`support.routing`), so that a request never waits unseen."""
    return route(request.structure, request.commune.departement_id).emails


def _follow_url(request: SupportRequest) -> str:
    return site_url() + follow_path(request)


def _to_structure(request: SupportRequest, name: str, **context) -> None:
    """To the structure's members, or its platform team, with a link to the inbox; to a
    structure reached at its generic address, the request itself (it has no inbox), with the
    requester as the address to reply to."""
    found = route(request.structure, request.commune.departement_id)
    if found.by_email:
        last = request.messages.order_by("-created_at").first()
        context = {
            "request": request,
            "event": name,
            "last_message": last,
            "days": settings.SUPPORT_UNANSWERED_WORKING_DAYS,
            **context,
        }
        for email in found.emails:
            queue_email(email, "request_by_email", context, reply_to=request.requester_email)
        return
    for email in found.emails:
        queue_email(email, name, {"request": request, **context})


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
            "notice": reach.notice(r.structure.display_name, direct.get(r.structure_id)),
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


def new_follow_link(request: SupportRequest) -> None:
    _to_requester(request, "follow_link")
