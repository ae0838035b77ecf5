from . import site


def departement_nav(request):
    """The header's link to the served département, or to the choice of one."""
    url, label = site.nav_link()
    return {"nav_departement_url": url, "nav_departement_label": label}
