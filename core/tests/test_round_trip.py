"""Every edit form gives back what it was given (issue 26 §4): open it, send it without
changing anything, and nothing differs. A date printed « 15 janvier 2027 » in a date input
used to come back empty, and a call for projects lost its deadline."""

import datetime
from html.parser import HTMLParser

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from agenda.models import Event
from directory.models import Structure, Theme
from funding.models import Aid
from library.models import Resource
from spaces.tests.test_local_aids import call
from support.tests.factories import member_of

pytestmark = pytest.mark.django_db


class FormReader(HTMLParser):
    """What a browser would send from the first POST form of the page's main content with
    nothing changed: text inputs, checked boxes, selected options, textareas."""

    def __init__(self):
        super().__init__()
        self.in_main, self.inside, self.done = False, False, False
        self.data: list[tuple[str, str]] = []
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.in_main = self.in_main or tag == "main"
        if tag == "form" and self.in_main and not self.done:
            self.inside = attrs.get("method", "").lower() == "post"
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
            else:
                self.data.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self.select, self.options = name, []
        elif tag == "option" and self.select is not None:
            self.options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "select" and self.select is not None:
            chosen = [value for value, selected in self.options if selected]
            self.data += [(self.select, value) for value in chosen or self.options[:1] and
                          [self.options[0][0]]]  # fmt: skip
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # The HTML parser gives the text as typed, entities decoded; a browser drops the
            # first newline after <textarea>.
            self.data.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.inside, self.done = False, True


def resubmit(client, url: str, **extra) -> None:
    """Open the form at `url` and send it back unchanged; it must be accepted."""
    reader = FormReader()
    reader.feed(client.get(url).content.decode())
    assert reader.data, f"aucun formulaire sur {url}"
    data: dict[str, list[str]] = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    data.update(extra)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


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
        title="Le budget communal en 3 heures", description="Pour les nouveaux élus.",
        for_elected=True, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3),
        place="Laval", departement_id="53", registration_url="https://www.caue53.fr/inscription",
        cost="Gratuit", organiser=caue_member, status=Event.Status.PUBLISHED,
    )  # fmt: skip
    event.themes.set(Theme.objects.filter(slug__in=["urbanisme", "architecture-batiment"]))
    before = state(event)
    resubmit(client, reverse("agenda:edit", args=[event.pk]), action="save")
    assert state(event) == before


def test_a_call_for_projects_comes_back_unchanged(client, caue_member):
    start = timezone.localdate() + datetime.timedelta(days=5)
    sent = client.post(
        reverse("funding:new_local", args=[caue_member.slug]),
        call(start_date=start.isoformat(), subvention_rate_max="80"),
    )
    assert sent.status_code == 302
    aid = Aid.objects.get(backer=caue_member)
    Aid.objects.filter(pk=aid.pk).update(status=Aid.Status.PUBLISHED)
    before = state(aid)
    assert before["submission_deadline"] and before["start_date"] == start
    resubmit(client, reverse("funding:edit_local", args=[aid.pk]), action="save")
    assert state(aid) == before


def test_a_resource_comes_back_unchanged(client, caue_member):
    today = timezone.localdate()
    resource = Resource.objects.create(
        title="Rénover une salle des fêtes", summary="**Étapes** du projet.", kind="guide",
        url="https://www.caue53.fr/guide.pdf", publisher=caue_member, audience="elus",
        published_on=today - datetime.timedelta(days=10), review_by=today + datetime.timedelta(300),
        status=Resource.Status.PUBLISHED,
    )  # fmt: skip
    resource.themes.set(Theme.objects.filter(slug="architecture-batiment"))
    before = state(resource)
    resubmit(client, reverse("library:edit", args=[resource.pk]), action="save")
    assert state(resource) == before


def test_a_fiche_and_an_offer_come_back_unchanged(client, caue_member):
    # Saved by its structure, a fiche becomes « vérifiée » that day: the rest stays as it was.
    kept = ("updated_at", "validation", "validated_at")
    before = state(caue_member, exclude=kept)
    resubmit(client, reverse("directory:manage_structure", args=[caue_member.slug]))
    assert state(caue_member, exclude=kept) == before
    offre = caue_member.offres.first()
    before = state(offre, exclude=kept)
    resubmit(client, reverse("directory:manage_offre", args=[offre.slug]))
    assert state(offre, exclude=kept) == before
