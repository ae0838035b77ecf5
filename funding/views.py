from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from territories.models import Commune

from .forms import AidFilterForm
from .models import Aid
from .selectors import AidMatch, aids_by_theme, filtered, perimeter_words

PAGE_SIZE = 20
SHOWN_PER_THEME = 3


def aid_list(request):
    form = AidFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(filtered(filters).prefetch_related("themes"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "matches": [AidMatch(aid, []) for aid in page.object_list],
        "querystring": query.urlencode(),
        "feed_query": query.urlencode(),
    }
    return render(request, "funding/list.html", context)


def commune_aids(request, code):
    """The open aids for a commune, by theme: a page of its own, and the part of the commune
    page that htmx loads (the commune page links here without JavaScript)."""
    commune = get_object_or_404(Commune.objects.defer("geometry").select_related("epci"), code=code)
    groups = [
        (slug, name, [AidMatch(aid, []) for aid in aids[:SHOWN_PER_THEME]], len(aids))
        for slug, name, aids in aids_by_theme(commune)
    ]
    template = "funding/_commune_aids.html" if request.headers.get("HX-Request") else None
    return render(
        request,
        template or "funding/commune.html",
        {"commune": commune, "groups": groups, "per_theme": SHOWN_PER_THEME},
    )


def deadlines_ics(request):
    """One all-day event per deadline of the filtered aids, with its link."""
    filters = AidFilterForm(request.GET or None).filters()
    calendar = Calendar()
    calendar.add("prodid", "-//Carto'Ingé//Échéances des aides//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Échéances des aides et appels à projets")
    for aid in filtered(filters).exclude(submission_deadline=None)[:500]:
        event = Event()
        event.add("uid", f"aide-{aid.source}-{aid.external_id}@carto-inge")
        event.add("summary", f"Clôture : {aid.name}")
        event.add("dtstart", aid.submission_deadline)
        event.add("dtstamp", timezone.now())
        link = aid.full_link
        if link:
            event.add("url", link)
        event.add(
            "description",
            f"{', '.join(aid.financers) or 'Porteur non précisé'} — {perimeter_words(aid)}"
            + (f"\n{link}" if link else ""),
        )
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="echeances-aides.ics"'
    return response


def aid_detail(request, pk):
    """An aid or a call as Carto'Ingé knows it: the page of a structure's own calls, and a
    summary of a synchronised aid with its link to aides-territoires."""
    aid = get_object_or_404(
        Aid.objects.select_related("backer").prefetch_related("themes", "phases"),
        pk=pk,
        status=Aid.Status.PUBLISHED,
    )
    today = timezone.localdate()
    closed = aid.archived_at is not None or (
        aid.submission_deadline is not None and aid.submission_deadline < today
    )
    return render(
        request,
        "funding/detail.html",
        {
            "aid": aid,
            "closed": closed,
            "perimeter": perimeter_words(aid),
            "breadcrumb_links": [("Financements", reverse("funding:list"))],
        },
        status=410 if aid.archived_at else 200,
    )
