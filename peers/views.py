import hashlib

from django.shortcuts import get_object_or_404, render

from core.ratelimit import allow, client_ip
from outbox.emails import queue_email
from territories.models import EPCI, Commune

from .forms import TownHallMessageForm
from .selectors import of_commune, of_epci, published


def detail(request, pk):
    realisation = get_object_or_404(published(), pk=pk)
    links = []
    if realisation.commune_id:
        links = [(realisation.commune.name, realisation.commune.get_absolute_url())]
    return render(
        request, "peers/detail.html", {"realisation": realisation, "breadcrumb_links": links}
    )


def commune(request, code):
    place = get_object_or_404(Commune.objects.defer("geometry"), code=code)
    return _territory(request, place, of_commune(place))


def epci(request, code):
    place = get_object_or_404(EPCI.objects.defer("geometry"), code=code)
    return _territory(request, place, of_epci(place))


def _territory(request, place, nears):
    """A territory's réalisations: a page of its own, and the part of the territory's page
    that htmx loads in place (that page links here without JavaScript)."""
    htmx = request.headers.get("HX-Request")
    template = "peers/_territory.html" if htmx else "peers/territory.html"
    return render(request, template, {"place": place, "nears": nears})


MESSAGES_PER_HOUR = 5  # per network address, and per sender


def contact(request, pk):
    """« Contacter cette commune »: a message relayed to its town hall's public address
    through the outbox. The sender's address goes only to the town hall (Reply-To); nothing
    of the message is kept beyond the outbox's 30 days."""
    realisation = get_object_or_404(published().exclude(commune=None), pk=pk)
    commune = realisation.commune
    form = TownHallMessageForm()
    if request.method == "POST" and commune.town_hall_email:
        form = TownHallMessageForm(request.POST)
        if form.is_valid() and _may_write(request, form):
            data = form.cleaned_data
            # What the sender typed stays visibly theirs: their name on one line, each line of
            # their message quoted, so that nothing in it can pass for the platform's words.
            sender = {
                **data,
                **{key: " ".join(data.get(key, "").split()) for key in ("name", "role")},
                "quoted": "\n".join(f"> {line}" for line in data["message"].splitlines()),
            }
            queue_email(
                commune.town_hall_email,
                "town_hall_message",
                {"realisation": realisation, "sender": sender},
                reply_to=data["email"],
            )
            return render(request, "peers/contact_sent.html", {"realisation": realisation})
    return render(
        request,
        "peers/contact.html",
        {"realisation": realisation, "commune": commune, "form": form},
        status=400 if form.errors else 200,
    )


def _may_write(request, form) -> bool:
    sender = hashlib.sha256(form.cleaned_data["email"].lower().encode()).hexdigest()
    if allow("town-hall-ip", client_ip(request), MESSAGES_PER_HOUR, 3600) and allow(
        "town-hall-email", sender, MESSAGES_PER_HOUR, 3600
    ):
        return True
    form.add_error(
        None,
        "Vous avez envoyé beaucoup de messages en peu de temps. Votre saisie est conservée "
        "ci-dessous : réessayez dans une heure.",
    )
    return False
