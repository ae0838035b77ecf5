from django import template

from core.routing import page_url as _page_url

register = template.Library()


@register.simple_tag
def page_url(viewname: str, *args) -> str:
    """`{% url %}` for the pages every page links to (header, footer): reversed once per
    process (`core.routing`), not for every page served."""
    return _page_url(viewname, *(str(arg) for arg in args))


@register.filter
def elided_range(paginator, number):
    """A few page numbers around the current one, with ellipses: thousands of pages stay
    a short list."""
    return paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)


@register.filter
def input_value(field) -> str:
    """A bound field's value as its widget writes it: a date as 2027-01-15 for a date input.
    `{{ field.value }}` prints « 15 janvier 2027 », which the input cannot read back (an edit
    form then loses the date)."""
    value = field.field.widget.format_value(field.value())
    return "" if value is None else value
