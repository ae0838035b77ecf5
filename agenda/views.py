from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.calendars import Entry, ics_response
from core.feeds import CleanAtomFeed
from core.routing import page_url
from library.models import Resource
from library.selectors import search

from .forms import EventFilterForm
from .models import Event
from .selectors import filtered, for_newcomers, training_offers

PAGE_SIZE = 20


def agenda(request):
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(filtered(filters).prefetch_related("themes"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "feed_query": query.urlencode(), "filtered": filters}
    if not page.paginator.count:
        context["training"] = training_offers()
    return render(request, "agenda/list.html", context)


def event(request, pk):
    found = get_object_or_404(
        Event.objects.filter(status=Event.Status.PUBLISHED).select_related("organiser"), pk=pk
    )
    return render(request, "agenda/event.html", {"event": found, "past": _past(found)})


def _past(found: Event) -> bool:
    return (found.ends_at or found.starts_at) < timezone.now()


def _calendar(events) -> HttpResponse:
    site = page_url("agenda:list").rsplit("/agenda/", 1)[0]
    entries = [
        Entry(
            uid=f"evenement-{item.pk}",
            summary=item.title,
            start=item.starts_at,
            end=item.ends_at,
            location="À distance" if item.online and not item.place else item.place,
            url=item.registration_url or f"{site}{item.get_absolute_url()}",
            description=f"{item.organiser.display_name} — {', '.join(item.audience_labels)}\n"
            f"{item.description}",
        )
        for item in events
    ]
    return ics_response("Formations et réunions pour les collectivités", entries, "agenda.ics")


def agenda_ics(request):
    return _calendar(filtered(EventFilterForm(request.GET or None).filters())[:500])


def event_ics(request, pk):
    return _calendar(
        [get_object_or_404(Event.objects.filter(status=Event.Status.PUBLISHED), pk=pk)]
    )


class NewEventsFeed(Feed):
    feed_type = CleanAtomFeed
    title = "Carto'Ingé : formations et réunions pour les collectivités"
    subtitle = "Les prochaines formations des élus, des secrétaires de mairie et des agents."

    def get_object(self, request):
        return EventFilterForm(request.GET or None).filters()

    def link(self, obj):
        return page_url("agenda:list")

    def items(self, obj):
        return filtered(obj).order_by("-created_at")[:50]

    def item_title(self, item):
        return f"{item.starts_at:%d/%m/%Y} — {item.title}"

    def item_description(self, item):
        return f"{item.organiser.display_name} — {item.description}"

    def item_pubdate(self, item):
        return item.created_at


def newcomers(request):
    """« Nouvel élu, nouvelle secrétaire de mairie : par où commencer ? »"""
    resources = search({}).filter(
        audience__in=[Resource.Audience.ELUS, Resource.Audience.SECRETAIRES]
    )[:6]
    return render(
        request,
        "agenda/newcomers.html",
        {"events": for_newcomers(), "training": training_offers(), "resources": resources},
    )
