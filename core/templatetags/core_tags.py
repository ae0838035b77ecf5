from django import template

register = template.Library()


@register.filter
def elided_range(paginator, number):
    """A few page numbers around the current one, with ellipses: thousands of pages stay
    a short list."""
    return paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
