"""The requester's private follow link: signed with the site's secret key (unguessable), and
revoked by bumping the request's `follow_version`. Nothing secret is stored, so every
notification can carry the link again."""

from django.core import signing
from django.urls import reverse

from .models import SupportRequest

SALT = "support.follow"


def follow_token(request: SupportRequest) -> str:
    return signing.dumps([str(request.public_id), request.follow_version], salt=SALT, compress=True)


def follow_path(request: SupportRequest) -> str:
    return reverse("support:follow", args=[follow_token(request)])


def request_for_token(token: str) -> SupportRequest | None:
    try:
        public_id, version = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    found = (
        SupportRequest.objects.select_related("commune", "structure", "offre", "theme", "phase")
        .filter(public_id=public_id, follow_version=version, anonymised_at=None)
        .first()
    )
    return found
