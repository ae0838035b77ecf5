from django import template

from directory.selectors import territory_label

register = template.Library()


@register.filter
def territory(offre):
    return territory_label(offre)
