"""The requester's private follow link: signed with the site's secret key (unguessable), and
revoked by bumping the request's `follow_version`. Nothing secret is stored, so every
notification can carry the link again.

The link is a key, not a page: its first visit puts the request in the visitor's session and
redirects to an address without the token (`support:follow_request`), so the token never
stays in the address bar, the history or the server's access log past that first line.
A link expires `SUPPORT_FOLLOW_LINK_MONTHS` after the request's last activity; an expired
link can still ask for a new one, sent to the requester's address."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from .models import SupportRequest

SALT = "support.follow"
SESSION_KEY = "followed_requests"  # {public_id: follow_version}


def follow_token(request: SupportRequest) -> str:
    return signing.dumps([str(request.public_id), request.follow_version], salt=SALT, compress=True)


def follow_path(request: SupportRequest) -> str:
    return reverse("support:follow", args=[follow_token(request)])


def request_for_token(token: str, *, include_expired: bool = False) -> SupportRequest | None:
    try:
        public_id, version = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    found = _followable().filter(public_id=public_id, follow_version=version).first()
    if found is None or (link_expired(found) and not include_expired):
        return None
    return found


def _followable():
    return SupportRequest.objects.select_related(
        "commune", "structure", "offre", "theme", "phase"
    ).filter(anonymised_at=None)


def last_activity(request: SupportRequest) -> datetime:
    """The newest of the request's steps and messages."""
    moments = [request.created_at, request.waiting_since, request.taken_at, request.closed_at]
    moments += [
        request.events.aggregate(newest=Max("at"))["newest"],
        request.messages.aggregate(newest=Max("created_at"))["newest"],
    ]
    return max(moment for moment in moments if moment is not None)


def link_expired(request: SupportRequest, now: datetime | None = None) -> bool:
    validity = timedelta(days=round(settings.SUPPORT_FOLLOW_LINK_MONTHS * 30.44))
    return last_activity(request) + validity < (now or timezone.now())


def remember(session, request: SupportRequest) -> None:
    """This browser may follow this request (until the session ends or the link changes)."""
    followed = session.get(SESSION_KEY, {})
    followed[str(request.public_id)] = request.follow_version
    session[SESSION_KEY] = followed


def followed_in_session(session, public_id) -> SupportRequest | None:
    version = session.get(SESSION_KEY, {}).get(str(public_id))
    if version is None:
        return None
    found = _followable().filter(public_id=public_id, follow_version=version).first()
    return None if found is None or link_expired(found) else found
