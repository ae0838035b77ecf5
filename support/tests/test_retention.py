"""Personal data: anonymised after the retention period, e-mails deleted, fiches flagged."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.factories import member_of, territory_admin
from directory.models import Structure
from outbox.models import OutgoingEmail
from spaces.stale import flag_stale
from support import workflow
from support.factories import SupportRequestFactory
from support.links import follow_token, request_for_token
from support.models import Message, SupportRequest
from support.retention import purge

pytestmark = pytest.mark.django_db

DAY = timezone.timedelta(days=1)


def test_old_closed_requests_are_anonymised_and_the_statistics_stay(settings):
    settings.SUPPORT_RETENTION_MONTHS = 24
    old = SupportRequestFactory(
        status="cloturee", outcome="accompagnee", closed_at=timezone.now() - 800 * DAY
    )
    Message.objects.create(request=old, author="demandeur", body="Mon numéro : 06 12 34 56 78")
    recent = SupportRequestFactory(status="cloturee", closed_at=timezone.now() - 10 * DAY)
    open_one = SupportRequestFactory(created_at=timezone.now() - 900 * DAY)
    token = follow_token(old)
    assert purge()[:2] == (1, 0)
    old.refresh_from_db()
    assert old.requester_name == "[effacé]" and old.requester_email == "anonyme@invalid"
    assert old.project == "[effacé]" and old.anonymised_at
    assert old.messages.get().body == "[effacé]"
    assert (old.commune_id, old.structure_id, old.outcome) != (None, None, "")
    assert request_for_token(token) is None
    for kept in (recent, open_one):
        kept.refresh_from_db()
        assert kept.anonymised_at is None
    assert purge() == (0, 0, 0, 0, 0)  # nothing more the second time


def test_emails_are_deleted_30_days_after_they_were_queued_whatever_their_state():
    for status in ("sent", "pending", "failed", "sending"):
        OutgoingEmail.objects.create(
            to=f"{status}@example.fr",
            subject="s",
            body="b",
            status=status,
            next_attempt_at=timezone.now(),
        )
    OutgoingEmail.objects.update(created_at=timezone.now() - 31 * DAY)
    OutgoingEmail.objects.create(
        to="recent@example.fr",
        subject="s",
        body="b",
        status="failed",
        next_attempt_at=timezone.now(),
    )
    call_command("purge_personal_data", verbosity=0)
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["recent@example.fr"]


def test_expired_sign_in_links_and_sessions_are_deleted(client):
    from django.contrib.sessions.models import Session

    from accounts.models import LoginToken
    from accounts.services import send_login_link

    send_login_link("ancien@example.org")
    send_login_link("recent@example.org")
    LoginToken.objects.filter(email="ancien@example.org").update(expires_at=timezone.now() - DAY)
    client.force_login(member_of(Structure.objects.get(slug="caue-53")))
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now() - DAY)
    done = purge()
    assert (done.login_links, done.sessions) == (1, 1)
    assert list(LoginToken.objects.values_list("email", flat=True)) == ["recent@example.org"]
    assert Session.objects.count() == 1  # the live session stays


def test_fiches_not_confirmed_for_a_year_are_flagged_once_per_period():
    structure = Structure.objects.get(slug="caue-53")
    member = member_of(structure, email="caue@example.org")
    admin = territory_admin("53", email="ddt@example.gouv.fr")
    Structure.objects.update(created_at=timezone.now() - 400 * DAY)
    today = timezone.localdate()
    stale, flagged = flag_stale(today)
    assert stale == flagged == Structure.objects.count()
    to_member = OutgoingEmail.objects.filter(to=member.email, subject__contains="CAUE")
    assert to_member.count() == 1
    assert OutgoingEmail.objects.filter(to=admin.email).exists()
    assert flag_stale(today) == (stale, 0)  # idempotent
    structure.refresh_from_db()
    from spaces.services import confirm_structure

    confirm_structure(member, structure)
    assert flag_stale(today) == (stale - 1, 0)
    structure.refresh_from_db()
    assert structure.validation == Structure.Validation.VERIFIED


def test_reminders_for_unanswered_requests(client, settings):
    admin = territory_admin("53")
    request = SupportRequestFactory(waiting_since=timezone.now() - 20 * DAY)
    member = member_of(request.structure, email="atd@example.org")
    client.force_login(admin)
    page = client.get("/espace/plateforme/")
    assert request in page.context["unanswered"]
    client.post("/espace/plateforme/decision/", {"kind": "remind", "pk": request.pk})
    request.refresh_from_db()
    assert request.reminded_at
    assert OutgoingEmail.objects.filter(to=member.email, subject__startswith="Relance").exists()
    workflow.take(request, member)
    assert request not in client.get("/espace/plateforme/").context["unanswered"]
    assert SupportRequest.objects.get(pk=request.pk).status == "prise-en-charge"


def test_a_reminder_is_for_a_waiting_request_only_and_both_paths_agree(client, settings):
    settings.DEBUG = False  # the French 403 page
    admin = territory_admin("53")
    closed = SupportRequestFactory(status="cloturee", closed_at=timezone.now())
    client.force_login(admin)
    inbox = client.post(f"/espace/demandes/{closed.public_id}/action/", {"action": "remind"})
    queue = client.post("/espace/plateforme/decision/", {"kind": "remind", "pk": closed.pk})
    assert inbox.status_code == queue.status_code == 403
    closed.refresh_from_db()
    assert closed.reminded_at is None
    waiting = SupportRequestFactory()
    page = client.get(f"/espace/demandes/{waiting.public_id}/")
    assert page.context["can_remind"] is True
    assert client.get(f"/espace/demandes/{closed.public_id}/").context["can_remind"] is False


def test_the_queue_shows_unanswered_requests_a_page_at_a_time_oldest_first(client):
    from spaces.platform import UNANSWERED_PAGE_SIZE

    client.force_login(territory_admin("53"))
    late = [
        SupportRequestFactory(waiting_since=timezone.now() - (40 - n) * DAY)
        for n in range(UNANSWERED_PAGE_SIZE + 2)
    ]
    first = client.get("/espace/plateforme/")
    assert f"Demandes sans réponse ({len(late)})" in first.content.decode()
    assert list(first.context["unanswered"]) == late[:UNANSWERED_PAGE_SIZE]
    second = client.get("/espace/plateforme/", {"page": 2}).context["unanswered"]
    assert list(second) == late[UNANSWERED_PAGE_SIZE:]
    assert client.get("/espace/plateforme/", {"page": "zzz"}).status_code == 200
    reminded = client.post(
        "/espace/plateforme/decision/", {"kind": "remind", "pk": late[-1].pk, "page": 2}
    )
    assert reminded["Location"] == "/espace/plateforme/?page=2#sans-reponse"  # back where it was
