"""A change to a published event or resource is read before it goes online (issue 26); the
published version stays online meanwhile. (Calls: spaces/tests/test_local_aids.py.)"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import member_of, territory_admin
from agenda.models import Event
from core.tests.html_forms import forms_of
from directory.models import Structure, Theme
from library.models import Resource
from outbox.models import OutgoingEmail
from spaces.models import PendingEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def caue():
    return Structure.objects.get(slug="caue-53")


@pytest.fixture
def published_resource(caue):
    member = member_of(caue, email="agent@caue53.example.org")
    resource = Resource.objects.create(
        title="Guide",
        summary="Texte.",
        kind="guide",
        url="https://www.caue53.fr/guide.pdf",
        publisher=caue,
        published_on=timezone.localdate(),
        status=Resource.Status.PUBLISHED,
        proposed_by=member,
    )
    resource.themes.set(Theme.objects.filter(slug="architecture-batiment"))
    return member, resource


def edit(client, page: str, **changes):
    """Open the edit form, change some fields, send it."""
    data = [form for form in forms_of(client.get(page).content.decode()) if form.method == "post"]
    return client.post(page, data[0].data() | {"action": "save"} | changes)


def test_an_event_s_change_is_read_first_and_a_refusal_says_why(client, caue):
    member = member_of(caue, email="agent@caue53.example.org")
    starts = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(days=9)
    event = Event.objects.create(
        title="Le budget communal",
        description="Pour les élus.",
        for_elected=True,
        place="Laval",
        starts_at=starts,
        departement_id="53",
        organiser=caue,
        status=Event.Status.PUBLISHED,
        proposed_by=member,
    )
    client.force_login(member)
    url = reverse("spaces:edit_event", args=[event.pk])
    edit(client, url, title="Le budget communal (complet)")
    edit(client, url, title="Le budget communal — gratuit et sans inscription !")
    pending = PendingEdit.objects.get()  # the newer change replaced the first
    assert "Le budget communal — gratuit" in pending.summary
    event.refresh_from_db()
    assert event.title == "Le budget communal"  # still the published version
    client.force_login(territory_admin("53"))
    client.post(
        reverse("spaces:decide"),
        {
            "kind": "edit",
            "pk": pending.pk,
            "decision": "reject",
            "reason": "Inscription requise.",
        },
    )
    event.refresh_from_db()
    assert event.title == "Le budget communal" and not PendingEdit.objects.exists()
    mail = OutgoingEmail.objects.get(to=member.email, subject__contains="non publiée")
    assert "Inscription requise." in mail.body
    decided_again = client.post(
        reverse("spaces:decide"), {"kind": "edit", "pk": pending.pk, "decision": "approve"}
    )
    assert decided_again.status_code == 404  # decided once


def test_a_resource_s_change_no_longer_valid_is_refused_with_the_form_s_words(
    client, published_resource
):
    member, resource = published_resource
    client.force_login(member)
    edit(client, reverse("spaces:edit_resource", args=[resource.pk]), title="Guide (2027)")
    pending = PendingEdit.objects.get()
    pending.data["url"] = ["pas une adresse"]  # as if a rule changed meanwhile
    pending.save()
    client.force_login(territory_admin("53"))
    client.post(reverse("spaces:decide"), {"kind": "edit", "pk": pending.pk, "decision": "approve"})
    resource.refresh_from_db()
    assert resource.title == "Guide"
    mail = OutgoingEmail.objects.get(to=member.email, subject__contains="non publiée")
    assert "n'est plus valable" in mail.body


def test_a_withdrawn_item_takes_its_waiting_change_with_it_and_moderators_read_it_whole(
    client, published_resource
):
    member, resource = published_resource
    client.force_login(member)
    url = reverse("spaces:edit_resource", args=[resource.pk])
    long_summary = "Une longue présentation, lue en entier par l'équipe. " * 10
    edit(client, url, summary=long_summary, url="https://hameconnage.example/guide.pdf")
    summary = PendingEdit.objects.get().summary
    assert long_summary.strip() in summary and "https://hameconnage.example/guide.pdf" in summary
    client.post(url, {"action": "withdraw"})
    assert not PendingEdit.objects.exists()
