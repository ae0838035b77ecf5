"""The life of a request: statuses, re-routing, thread, the requester's private link."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import member_of, territory_admin
from core.calendar import working_days_before
from directory.models import Structure
from history.models import Change
from outbox.models import OutgoingEmail
from support import workflow
from support.factories import SupportRequestFactory
from support.links import follow_path, follow_token, request_for_token
from support.models import Message, SupportRequest

pytestmark = pytest.mark.django_db

Status = SupportRequest.Status


def test_the_happy_path_take_start_close_tells_the_requester_each_time():
    request = SupportRequestFactory()
    agent = member_of(request.structure)
    workflow.take(request, agent)
    assert request.status == Status.TAKEN and request.taken_at
    workflow.start(request, agent)
    workflow.close(request, agent, SupportRequest.Outcome.SUPPORTED)
    request.refresh_from_db()
    assert request.status == Status.CLOSED and request.outcome == "accompagnee"
    to_requester = OutgoingEmail.objects.filter(to=request.requester_email)
    assert to_requester.count() == 3
    for email in to_requester:  # every message carries a working follow link
        token = re.search(r"/demandes/suivi/([^/]+)/", email.body).group(1)
        assert request_for_token(token) == request
    texts = list(request.events.values_list("text", flat=True))
    assert texts[0].startswith("Prise en charge") and texts[-1].startswith("Clôturée")
    actions = set(
        Change.objects.filter(model="demande", object_id=request.pk).values_list(
            "action", flat=True
        )
    )
    assert {"prise en charge", "en cours", "clôture"} <= actions


@pytest.mark.parametrize(
    "status, action",
    [
        (Status.NEW, "start"),
        (Status.TAKEN, "take"),
        (Status.CLOSED, "take"),
        (Status.CLOSED, "reroute"),
        (Status.CLOSED, "close"),
    ],
)
def test_moves_the_status_does_not_allow_are_refused_in_french(status, action):
    request = SupportRequestFactory(status=status)
    other = Structure.objects.get(slug="cerema")
    call = {
        "take": lambda: workflow.take(request, None),
        "start": lambda: workflow.start(request, None),
        "reroute": lambda: workflow.reroute(request, None, other),
        "close": lambda: workflow.close(request, None, "sans-suite"),
    }[action]
    with pytest.raises(workflow.WorkflowError, match="Action impossible"):
        call()


def test_rerouting_keeps_the_history_and_tells_the_requester_and_the_new_structure():
    request = SupportRequestFactory()
    agent = member_of(request.structure)
    workflow.take(request, agent)
    cerema = Structure.objects.get(slug="cerema")
    newcomer = member_of(cerema, email="agent@cerema.example.org")
    workflow.reroute(request, agent, cerema, note="Le Cerema est mieux placé pour ce pont.")
    request.refresh_from_db()
    assert request.structure == cerema and request.status == Status.REROUTED
    assert request.taken_at is None
    assert request.events.count() == 2  # taken, rerouted (the factory skips submit)
    assert Message.objects.get(request=request).body.startswith("Le Cerema")
    assert OutgoingEmail.objects.filter(to=newcomer.email).exists()
    assert OutgoingEmail.objects.filter(to=request.requester_email).count() == 2
    workflow.take(request, newcomer)  # the new structure takes it
    assert request.status == Status.TAKEN
    with pytest.raises(workflow.WorkflowError):
        workflow.reroute(request, newcomer, cerema)  # not to itself


def test_a_structure_without_members_sends_to_the_platform_team():
    admin = territory_admin("53", email="ddt@example.gouv.fr")
    request = SupportRequestFactory()
    workflow.take(request, admin)  # anything that notifies the structure side:
    workflow.post_message(request, None, "Bonjour, voici des précisions.", Message.Author.REQUESTER)
    assert OutgoingEmail.objects.filter(to=admin.email).exists()


def test_the_follow_link_is_signed_revocable_and_dead_after_anonymisation():
    request = SupportRequestFactory()
    token = follow_token(request)
    assert request_for_token(token) == request
    assert request_for_token(token[:-2] + "xx") is None
    assert request_for_token("n'importe quoi") is None
    workflow.renew_follow_link(request)
    assert request_for_token(token) is None
    assert request_for_token(follow_token(request)) == request
    assert OutgoingEmail.objects.filter(
        to=request.requester_email, subject__startswith="Nouveau lien"
    ).exists()


def test_the_requester_follows_writes_and_closes_with_the_link_only(client):
    request = SupportRequestFactory()
    link = follow_path(request)
    response = client.get(link)  # the link is exchanged for the session
    url = reverse("support:follow_request", args=[request.public_id])
    assert response.status_code == 302 and response.url == url
    page = client.get(url)
    assert page.status_code == 200 and "Diagnostic de notre assainissement" in page.content.decode()
    assert link.split("/")[-2] not in page.content.decode()
    response = client.post(url, {"action": "message", "body": ""})
    assert "Écrivez votre message." in response.content.decode()
    client.post(url, {"action": "message", "body": "Nous avons les plans du réseau."})
    assert request.messages.get().author == Message.Author.REQUESTER
    client.post(url, {"action": "close", "outcome": "sans-suite"})
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    change = Change.objects.filter(object_id=request.pk, action="clôture").get()
    assert change.actor is None and change.actor_label.startswith("Demandeur")
    assert client.get(reverse("support:follow", args=["faux-jeton"])).status_code == 404


def test_the_follow_page_needs_the_link_in_this_browser(client):
    request = SupportRequestFactory()
    url = reverse("support:follow_request", args=[request.public_id])
    assert client.get(url).status_code == 404  # the address alone opens nothing
    client.get(follow_path(request))
    assert client.get(url).status_code == 200
    workflow.renew_follow_link(request)  # a new link revokes the browsers of the old one
    assert client.get(url).status_code == 404


def test_a_follow_link_expires_a_year_after_the_last_activity_and_can_be_renewed(client, settings):
    settings.SUPPORT_FOLLOW_LINK_MONTHS = 12
    request = SupportRequestFactory()
    link = follow_path(request)
    old = timezone.now() - timezone.timedelta(days=400)
    SupportRequest.objects.filter(pk=request.pk).update(created_at=old, waiting_since=old)
    request.events.update(at=old)
    response = client.get(link)
    assert response.status_code == 410 and "Ce lien de suivi a expiré" in response.content.decode()
    assert request_for_token(follow_token(request)) is None
    client.post(link, {"action": "renew"})
    request.refresh_from_db()
    renewed = OutgoingEmail.objects.filter(
        to=request.requester_email, subject__startswith="Nouveau lien"
    ).latest("pk")
    assert follow_path(request) in renewed.body
    # The renewal is itself activity: the new link works.
    assert client.get(follow_path(request)).status_code == 302


def test_unanswered_requests_count_working_days(settings):
    settings.SUPPORT_UNANSWERED_WORKING_DAYS = 5
    friday = timezone.make_aware(timezone.datetime(2026, 11, 20, 10, 0))
    assert working_days_before(friday, 5).date() == timezone.datetime(2026, 11, 13).date()
    monday = timezone.make_aware(timezone.datetime(2026, 11, 23, 10, 0))
    assert working_days_before(monday, 1).weekday() == 4  # the Friday before
    old = SupportRequestFactory(waiting_since=timezone.now() - timezone.timedelta(days=10))
    fresh = SupportRequestFactory()
    taken = SupportRequestFactory(
        status=Status.TAKEN, waiting_since=timezone.now() - timezone.timedelta(days=10)
    )
    ancient = SupportRequestFactory(waiting_since=timezone.now() - timezone.timedelta(days=90))
    waiting = list(workflow.unanswered())
    assert waiting == [ancient, old]  # oldest first, past the delay with or without counting
    assert fresh not in waiting and taken not in waiting


def test_the_follow_page_says_who_holds_the_request_and_by_when(client, settings):
    sent = timezone.make_aware(datetime.datetime(2026, 12, 4, 10, 0))  # a Friday
    request = SupportRequestFactory(waiting_since=sent)
    client.get(follow_path(request))
    body = client.get(reverse("support:follow_request", args=[request.public_id])).content.decode()
    assert "Où en est votre demande" in body
    assert "Territoires de la Mayenne), pour ATD&#x27;EAU" in body
    # it has not joined: the guichet holds it already, and would be reminded
    assert "Territoires de la Mayenne) est relancé" in body
    assert "depuis le 04/12/2026" in body
    assert "attendue au plus tard le <strong>11/12/2026</strong>" in body  # 5 working days
    assert 'value="accompagnee" selected' not in body  # the outcome is the requester's choice
