"""One way to publish a calendar (iCalendar, RFC 5545) that a town hall subscribes to in its
agenda: the agenda's events, the aids' deadlines, a project's milestones."""

from dataclasses import dataclass
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent


@dataclass(frozen=True)
class Entry:
    uid: str  # stable: a subscribed agenda updates the entry instead of adding another
    summary: str
    start: date | datetime  # a date: an all-day entry
    end: date | datetime | None = None
    url: str = ""
    description: str = ""
    location: str = ""


def ics_response(name: str, entries, filename: str) -> HttpResponse:
    """The calendar `name` of these entries, as a file to download or subscribe to."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Carto'Ingé//{name}//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    now = timezone.now()
    for entry in entries:
        event = CalendarEvent()
        event.add("uid", f"{entry.uid}@carto-inge")
        event.add("summary", entry.summary)
        event.add("dtstart", entry.start)
        if entry.end:
            event.add("dtend", entry.end)
        event.add("dtstamp", now)
        if entry.location:
            event.add("location", entry.location)
        if entry.url:
            event.add("url", entry.url)
        if entry.description:
            event.add("description", entry.description)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
