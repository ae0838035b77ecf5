"""One moderation rule (`core.moderation`, `spaces.moderation.QUEUES`): every kind waits in
the queue of its département's team, is decided once — of two moderators at the same
moment, one succeeds and the other is told so in French — tells its author and writes one
history line."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory, territory_admin
from accounts.models import Claim, CommuneAccess
from agenda.models import Event
from core.moderation import AlreadyDecided
from directory.models import ErrorReport, Structure, Theme
from history.models import Change
from library.models import Resource
from library.selectors import for_project
from outbox.models import OutgoingEmail
from spaces import moderation
from territories.models import Commune


def submitted(kind: str):
    """An item of this kind awaiting a decision, proposed by someone with an address."""
    caue = Structure.objects.get(slug="caue-53")
    author = UserFactory()
    if kind == "resource":
        return Resource.objects.create(
            title="Guide du bocage",
            summary="Un guide.",
            kind="guide",
            url="https://example.org/guide",
            publisher=caue,
            proposed_by=author,
            published_on=timezone.localdate(),
        )
    if kind == "event":
        return Event.objects.create(
            title="Réunion d'information",
            description="Pour les élus.",
            organiser=caue,
            for_elected=True,
            starts_at=timezone.now() + timezone.timedelta(days=9),
            place="Laval",
            proposed_by=author,
        )
    if kind == "report":
        return ErrorReport.objects.create(
            structure=caue, description="Le téléphone a changé.", email="maire@example.fr"
        )
    if kind == "claim":
        return Claim.objects.create(user=author, structure=caue)
    if kind == "access":
        return CommuneAccess.objects.create(
            user=author, commune=Commune.objects.get(code="53130"), role="secrétaire de mairie"
        )
    raise AssertionError(kind)


KINDS = ["resource", "event", "report", "claim", "access"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_a_decision_is_taken_once_written_once_and_told(kind):
    item = submitted(kind)
    team = territory_admin("53")
    assert item in list(moderation.QUEUES[kind].scope(moderation.QUEUES[kind].awaiting(), {"53"}))
    assert item not in list(
        moderation.QUEUES[kind].scope(moderation.QUEUES[kind].awaiting(), {"72"})
    )
    said = moderation.decide(team, kind, item, approve=False, reason="  Doublon.  ")
    assert said == moderation.QUEUES[kind].said[1]
    item.refresh_from_db()
    assert item.status == type(item).DECISIONS.refused
    with pytest.raises(AlreadyDecided, match="Quelqu'un d'autre venait de prendre une décision"):
        moderation.decide(team, kind, item, approve=True)
    item.refresh_from_db()
    assert item.status == type(item).DECISIONS.refused  # the second decision changed nothing
    assert item not in moderation.QUEUES[kind].awaiting()
    assert Change.objects.filter(actor=team).count() == 1


@pytest.mark.django_db
def test_the_author_is_told_with_the_reason_and_the_content_is_read_again_once_corrected():
    resource = submitted("resource")
    moderation.decide(territory_admin("53"), "resource", resource, False, "Lien cassé.")
    resource.refresh_from_db()
    assert resource.moderation_reason == "Lien cassé." and resource.decided_at is not None
    assert OutgoingEmail.objects.filter(to=resource.proposed_by.email).exists()
    resource.resubmit()
    assert resource.status == Resource.Status.PENDING and resource.moderation_reason == ""


@pytest.mark.django_db
def test_an_approved_item_shows_at_once_in_the_indexes_that_follow_it():
    """The decision is one UPDATE, which sends no signal: the indexes read by every results
    page (`core.revisions`) would have shown a published resource only the next day."""
    before = [r.pk for r in for_project(["biodiversite"], text="guide du bocage")]
    resource = submitted("resource")
    resource.themes.set(Theme.objects.filter(slug="biodiversite"))
    assert resource.pk not in [r.pk for r in for_project(["biodiversite"], text="bocage")]
    moderation.decide(territory_admin("53"), "resource", resource, approve=True)
    shown = [r.pk for r in for_project(["biodiversite"], text="guide du bocage")]
    assert shown[0] == resource.pk and shown != before


@pytest.mark.usefixtures("committed")
@pytest.mark.parametrize("kind", ["resource", "claim"])
def test_two_moderators_deciding_at_once_give_one_decision_and_one_french_refusal(kind):
    item = submitted(kind)
    moderators = [territory_admin("53"), territory_admin("53")]
    together = threading.Barrier(2)

    def decide(number: int) -> str:
        client = Client()
        client.force_login(moderators[number])
        try:
            together.wait(timeout=10)
            response = client.post(
                reverse("spaces:decide"),
                {"kind": kind, "pk": item.pk, "decision": ["approve", "reject"][number]},
                follow=True,
            )
            return response.content.decode()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        pages = list(pool.map(decide, range(2)))
    refused = [page for page in pages if "Quelqu&#x27;un d&#x27;autre venait" in page]
    assert len(refused) == 1
    item.refresh_from_db()
    winner = pages.index(next(page for page in pages if page not in refused))
    table = type(item).DECISIONS
    assert item.status == [table.approved, table.refused][winner]
