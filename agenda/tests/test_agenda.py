"""The agenda: events a structure publishes (read by the platform team), filtered, in valid
iCal and Atom feeds, and the page for newcomers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.factories import member_of, territory_admin
from agenda.models import Event
from directory.models import Structure, Theme
from outbox.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def event_form(**changes):
    start = timezone.localtime() + datetime.timedelta(days=30)
    data = {
        "action": "save",
        "title": "Le budget communal en 3 heures",
        "description": "Les bases du budget pour les élus de la Mayenne.",
        "audiences": ["elus", "secretaires"],
        "themes": [Theme.objects.get(slug="gestion-communale").pk],
        "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT12:00"),
        "place": "Maison des communes, Laval",
        "departement": "53",
        "registration_url": "www.cdg53.fr/formations",
        "cost": "Gratuit",
    }
    data.update(changes)
    return data


@pytest.fixture
def cdg():
    return Structure.objects.filter(slug__startswith="cdg").first() or Structure.objects.first()


def test_a_structure_publishes_an_event_that_reaches_the_agenda_and_a_valid_ical(client, cdg):
    member = member_of(cdg, email="formation@cdg.example.org")
    client.force_login(member)
    url = reverse("spaces:new_event", args=[cdg.slug])
    bad = client.post(url, event_form(audiences=[], starts_at="2020-01-01T09:00", place=""))
    html = bad.content.decode()
    assert bad.status_code == 400
    for message in ["Cochez au moins un public.", "Cette date est passée.", "Indiquez le lieu"]:
        assert message in html
    assert "Le budget communal en 3 heures" in html  # nothing lost
    assert client.post(url, event_form()).status_code == 302
    event = Event.objects.get()
    assert event.status == Event.Status.PENDING and event.for_elected and not event.for_agents
    assert "Le budget communal" not in client.get("/agenda/").content.decode()
    client.force_login(territory_admin("53"))
    client.post(reverse("spaces:decide"), {"kind": "event", "pk": event.pk, "decision": "approve"})
    assert "dans l'agenda" in OutgoingEmail.objects.get(to="formation@cdg.example.org").subject
    listing = client.get("/agenda/", {"public": "elus", "departement": "53"}).content.decode()
    assert "Le budget communal en 3 heures" in listing
    assert "Le budget communal" not in client.get("/agenda/", {"public": "agents"}).content.decode()
    month = f"{event.starts_at:%Y-%m}"
    assert "Le budget communal" in client.get("/agenda/", {"mois": month}).content.decode()
    calendar = Calendar.from_ical(client.get("/agenda/agenda.ics", {"public": "elus"}).content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Le budget communal en 3 heures"
    assert str(entry["URL"]) == "https://www.cdg53.fr/formations"
    assert entry.decoded("DTSTART") == event.starts_at
    single = Calendar.from_ical(client.get(f"/agenda/{event.pk}/evenement.ics").content)
    assert len(single.walk("VEVENT")) == 1
    atom = client.get("/agenda/nouveautes.atom").content.decode()
    assert "Le budget communal en 3 heures" in atom
    page = client.get("/bien-commencer/").content.decode()
    assert "Le budget communal en 3 heures" in page and "Qui forme les élus" in page


def test_a_wrong_filter_is_explained_and_only_the_organiser_edits(client, cdg):
    response = client.get("/agenda/", {"mois": "1999-13", "public": "elus"})
    assert response.status_code == 200 and "pas pu être appliqué" in response.content.decode()
    client.force_login(member_of(cdg))
    client.post(reverse("spaces:new_event", args=[cdg.slug]), event_form())
    event = Event.objects.get()
    other = Structure.objects.exclude(pk=cdg.pk).first()
    client.force_login(member_of(other))
    assert client.get(reverse("spaces:edit_event", args=[event.pk])).status_code == 404
    client.force_login(territory_admin("72"))
    denied = client.post(
        reverse("spaces:decide"), {"kind": "event", "pk": event.pk, "decision": "approve"}
    )
    assert denied.status_code == 403


def test_with_no_event_the_agenda_and_newcomers_show_who_trains_never_a_date(client):
    """Launch day (issue 28 §3): nothing invented; the trainers' offers from the directory."""
    agenda = client.get("/agenda/").content.decode()
    assert "Qui forme les élus et les agents" in agenda
    assert "CNFPT" in agenda and "Former vos agents, dont la secrétaire de mairie" in agenda
    newcomers = client.get("/bien-commencer/").content.decode()
    assert "Rendez-vous du mardi" in newcomers  # the CAUE's training offer
    assert "« Qui peut m'aider ? »</a> : décrivez votre projet" in newcomers
