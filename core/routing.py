"""The address of a public page, reversed once per process.

`reverse()` costs about 25 µs on the reference machine: the results page and the lists give
the pages of dozens of structures, offers and territories, always the same few thousand.
The cache is keyed by the script prefix (the app may be served under a sub-path) and
emptied when tests change the URL configuration, as Django's own caches are.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse


def page_url(viewname: str, *args: str) -> str:
    """`reverse(viewname, args=args)` for pages whose address depends only on their
    arguments (a slug, a code), never on the request."""
    return _reversed(get_script_prefix(), viewname, args)


@lru_cache(maxsize=100_000)
def _reversed(prefix: str, viewname: str, args: tuple[str, ...]) -> str:
    return reverse(viewname, args=args)


@receiver(setting_changed)
def _forget_on_new_urls(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
