from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from core.routing import page_url


def test_page_url_is_reverse():
    assert page_url("directory:structure", "cerema") == reverse(
        "directory:structure", args=["cerema"]
    )
    assert page_url("directory:commune", "53130") == "/communes/53130/"


def test_page_url_follows_the_script_prefix():
    assert page_url("core:accessibility") == "/accessibilite/"
    set_script_prefix("/carto-inge/")
    try:
        assert page_url("core:accessibility") == "/carto-inge/accessibilite/"
    finally:
        clear_script_prefix()
    assert page_url("core:accessibility") == "/accessibilite/"


def test_page_url_forgets_when_the_urls_change():
    assert page_url("core:accessibility") == "/accessibilite/"
    with override_settings(ROOT_URLCONF="core.tests.urls_elsewhere"):
        assert page_url("core:accessibility") == "/ailleurs/accessibilite/"
    assert page_url("core:accessibility") == "/accessibilite/"
