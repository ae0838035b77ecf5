"""System checks of a production configuration."""

import os

from django.conf import settings
from django.core.checks import Error, Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register()
def shared_cache_in_production(app_configs, **kwargs):
    """The rate limits count in the cache: a per-process cache lets each gunicorn worker count
    apart (a limit of 5 let 20 through with 4 workers)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Error(
            f"Le cache « {backend} » est propre à chaque processus : avec plusieurs processus "
            "gunicorn, les limites anti-abus compteraient chacun de leur côté.",
            hint="Définissez un cache partagé, par exemple CACHE_BACKEND="
            "django.core.cache.backends.db.DatabaseCache et CACHE_LOCATION=cartoinge_cache, "
            "puis lancez « python manage.py createcachetable » (voir docs/production.md).",
            id="core.E001",
        )
    ]


@register(deploy=True)
def platform_recipient_in_production(app_configs, **kwargs):
    """On launch day no structure has a member: requests go to the platform team. Without
    `PLATFORM_EMAIL`, a département whose team has no account yet would receive nothing."""
    if settings.DEBUG or settings.PLATFORM_EMAIL:
        return []
    return [
        Error(
            "PLATFORM_EMAIL est vide : les demandes adressées à une structure sans membre, dans "
            "un département sans administrateur de territoire, n'arriveraient à personne.",
            hint="Définissez PLATFORM_EMAIL, l'adresse fonctionnelle de l'équipe de la "
            "plateforme (par exemple celle du service de la DDT qui anime le réseau).",
            id="core.E002",
        )
    ]


@register(deploy=True)
def site_url_in_production(app_configs, **kwargs):
    """Links in e-mails (follow a request, sign in) are built on SITE_URL: its development
    default would send users to 127.0.0.1."""
    if settings.DEBUG or os.environ.get("SITE_URL"):
        return []
    return [
        Error(
            "SITE_URL n'est pas défini : les liens des courriels (suivi d'une demande, "
            "connexion) pointeraient vers 127.0.0.1.",
            hint="Définissez SITE_URL, par exemple https://cartoinge.exemple.gouv.fr.",
            id="core.E003",
        )
    ]


@register(deploy=True)
def publisher_in_production(app_configs, **kwargs):
    """A public service says who runs it (footer, legal page, accessibility statement)."""
    if settings.DEBUG or settings.SITE_PUBLISHER:
        return []
    return [
        Warning(
            "SITE_PUBLISHER n'est pas défini : le pied de page, les mentions légales et la "
            "déclaration d'accessibilité ne disent pas qui édite le service.",
            hint="Définissez SITE_PUBLISHER, par exemple « la préfecture de la Mayenne (DDT) ».",
            id="core.W001",
        )
    ]
