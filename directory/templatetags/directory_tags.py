import json

from django import template
from django.utils.safestring import mark_safe

from directory.selectors import territory_label

register = template.Library()


@register.filter
def territory(offre):
    return territory_label(offre)


@register.filter
def ld_json(data: dict):
    """A schema.org block: JSON with <, > and & escaped, as `json_script` does, in a data
    script the browser never runs (no CSP exception needed)."""
    text = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
