from django import template

from observatory.coverage import WEAK_COVERAGE

register = template.Library()


@register.inclusion_tag("observatory/_bar_chart.html")
def bar_chart(bars, chart_id: str, title: str, description: str, unit: str = "", maximum=None):
    """Horizontal bars in SVG (no script, no inline style): each with its label and its value
    written out, so that nothing rests on the bar's length alone."""
    values = [value for _, value in bars if value is not None]
    suffix = f"\u202f{unit}" if unit else ""
    top = maximum or (max(values) if values else 1) or 1
    rows = []
    for label, value in bars:
        share = 0 if value is None else max(0.0, min(1.0, value / top))
        rows.append(
            {
                "label": label if len(label) <= 48 else label[:47] + "…",
                "value": "n.d." if value is None else f"{value:g}".replace(".", ",") + suffix,
                "width": f"{share * 100:.2f}",  # a string: no localised decimal comma
            }
        )
    return {
        "rows": rows,
        "chart_id": chart_id,
        "title": title,
        "description": description,
    }


@register.filter
def heat(count) -> str:
    if count == 0:
        return "heat heat--none"
    if count <= WEAK_COVERAGE:
        return "heat heat--weak"
    if count <= 3:
        return "heat heat--some"
    return "heat heat--good"


@register.filter
def number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",").replace(",0", "")
    return str(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def column_name(columns, slug) -> str:
    return dict(columns).get(slug, slug)
