"""« Intégrer Carto'Ingé »: the snippet a partner pastes in its page (an iframe of the widget
and our resizing script), with a preview; and that script, at an address that never changes."""

from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from .forms import EmbedForm
from .widget import frame_ancestors

TITLE = (
    "Qui peut m'aider ? — trouver la structure publique qui accompagne le projet de votre commune"
)


def _attribute(value: str) -> str:
    """A double-quoted attribute's value, readable: « m'aider », not « m&#x27;aider »."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def snippet(site: str, query: dict, height: int) -> str:
    source = site + reverse("widget:start") + (f"?{urlencode(query)}" if query else "")
    script = site + reverse("orientation:widget_script")
    title = f"{TITLE} ({settings.SITE_NAME})"
    return (
        f'<iframe src="{_attribute(source)}" title="{_attribute(title)}" width="100%" '
        f'height="{height}" style="border:0;width:100%" loading="lazy" data-cartoinge></iframe>\n'
        f'<script src="{_attribute(script)}" defer></script>'
    )


def embed(request):
    form = EmbedForm(request.GET or None)
    site = settings.SITE_URL.rstrip("/") or request.build_absolute_uri("/").rstrip("/")
    query, height = {}, 800
    if form.is_bound and form.is_valid():
        query = form.widget_query()
        height = form.cleaned_data.get("hauteur") or 800
    allowed = frame_ancestors()
    context = {
        "form": form,
        "code": snippet(site, query, height),
        "preview": reverse("widget:start") + (f"?{urlencode(query)}" if query else ""),
        "height": height,
        "any_site": allowed == ["*"],
        "partners": [origin for origin in allowed if origin not in ("'self'", "*")],
    }
    return render(request, "orientation/embed.html", context)


@cache_control(public=True, max_age=86400)
def widget_script(request):
    """The partners' resizing script, served at /widget/cartoinge-widget.js: a stable
    address, whatever the static files' hashed names after a deployment."""
    text = Path(finders.find("js/cartoinge-widget.js")).read_text(encoding="utf-8")
    return HttpResponse(text, content_type="text/javascript; charset=utf-8")
