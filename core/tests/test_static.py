"""The production static files: `collectstatic` as docs/production.md says, then pages rendered with
the manifest storage (without a manifest, every HTML page answered 500)."""

import pytest
from django.test import override_settings

from core.tests.test_deploy import PRODUCTION, run_manage

PAGES = ["/", "/orientation/", "/carte/?departement=53", "/annuaire/", "/observatoire/"]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    result = run_manage(
        "collectstatic", "--no-input", "-v", "0", STATIC_ROOT=str(root), **PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "staticfiles.json").exists()
    return root


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_the_manifest_of_collectstatic(collected, client, path):
    storage = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    with override_settings(
        STATIC_ROOT=collected,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": storage,
        },
        DEBUG=False,
    ):
        response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    # Hashed names, as the manifest gives them: cache-busted for a year.
    assert "/static/vendor/dsfr/dsfr.bundle.min." in html
    assert "dsfr.bundle.min.css" not in html


def test_vendor_scripts_name_no_missing_source_map(collected):
    for path in collected.rglob("*.js"):
        assert "sourceMappingURL" not in path.read_text(encoding="utf-8", errors="ignore"), path
