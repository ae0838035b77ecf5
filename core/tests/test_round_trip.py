"""Every edit form gives back what it was given (issue 26 §4): open it, send it without
changing anything, and nothing differs. A date printed « 15 janvier 2027 » in a date input
used to come back empty, and a call for projects lost its deadline."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from accounts.factories import member_of
from agenda.models import Event
from core.tests.html_forms import forms_of
from directory.models import Structure, Theme
from funding.models import Aid
from library.models import Resource
from spaces.models import PendingEdit
from spaces.tests.test_local_aids import call

pytestmark = pytest.mark.django_db


def resubmit(client, url: str, **extra) -> None:
    """Open the form at `url` and send it back unchanged; it must be accepted."""
    posted = [form for form in forms_of(client.get(url).content.decode()) if form.method == "post"]
    assert posted, f"aucun formulaire sur {url}"
    data = posted[0].data() | extra
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not PendingEdit.objects.exists()  # nothing changed: nothing to read again


def state(instance, exclude=("updated_at", "moderated_at", "status")) -> dict:
    instance.refresh_from_db()
    values = model_to_dict(instance, exclude=exclude)
    return {k: sorted(map(str, v)) if isinstance(v, list) else v for k, v in values.items()}


@pytest.fixture
def caue_member(client):
    caue = Structure.objects.get(slug="caue-53")
    client.force_login(member_of(caue, role="admin", email="agent@caue53.example.org"))
    return caue


def test_an_event_comes_back_unchanged(client, caue_member):
    starts = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(days=30)
    event = Event.objects.create(
        title="Le budget communal en 3 heures",
        description="Pour les nouveaux élus.",
        for_elected=True,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        place="Laval",
        departement_id="53",
        registration_url="https://www.caue53.fr/inscription",
        cost="Gratuit",
        organiser=caue_member,
        status=Event.Status.PUBLISHED,
    )
    event.themes.set(Theme.objects.filter(slug__in=["urbanisme", "architecture-batiment"]))
    before = state(event)
    resubmit(client, reverse("spaces:edit_event", args=[event.pk]), action="save")
    assert state(event) == before


def test_a_call_for_projects_comes_back_unchanged(client, caue_member):
    start = timezone.localdate() + datetime.timedelta(days=5)
    sent = client.post(
        reverse("spaces:new_aid", args=[caue_member.slug]),
        call(start_date=start.isoformat(), subvention_rate_max="80"),
    )
    assert sent.status_code == 302
    aid = Aid.objects.get(backer=caue_member)
    Aid.objects.filter(pk=aid.pk).update(status=Aid.Status.PUBLISHED)
    before = state(aid)
    assert before["submission_deadline"] and before["start_date"] == start
    resubmit(client, reverse("spaces:edit_aid", args=[aid.pk]), action="save")
    assert state(aid) == before


def test_a_resource_comes_back_unchanged(client, caue_member):
    today = timezone.localdate()
    resource = Resource.objects.create(
        title="Rénover une salle des fêtes",
        summary="**Étapes** du projet.",
        kind="guide",
        url="https://www.caue53.fr/guide.pdf",
        publisher=caue_member,
        audience="elus",
        published_on=today - datetime.timedelta(days=10),
        review_by=today + datetime.timedelta(300),
        status=Resource.Status.PUBLISHED,
    )
    resource.themes.set(Theme.objects.filter(slug="architecture-batiment"))
    before = state(resource)
    resubmit(client, reverse("spaces:edit_resource", args=[resource.pk]), action="save")
    assert state(resource) == before


def test_a_fiche_and_an_offer_come_back_unchanged(client, caue_member):
    # Saved by its structure, a fiche becomes « vérifiée » that day: the rest stays as it was.
    kept = ("updated_at", "validation", "validated_at")
    before = state(caue_member, exclude=kept)
    resubmit(client, reverse("spaces:manage_structure", args=[caue_member.slug]))
    assert state(caue_member, exclude=kept) == before
    offre = caue_member.offres.first()
    before = state(offre, exclude=kept)
    resubmit(client, reverse("spaces:manage_offre", args=[offre.slug]))
    assert state(offre, exclude=kept) == before
