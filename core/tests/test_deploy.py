import os
import subprocess
import sys

from django.conf import settings


def run_manage(*args, **env):
    unwanted = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL"}
    environment = {k: v for k, v in os.environ.items() if k not in unwanted}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


# The environment of a production server, as docs/production.md sets it.
PRODUCTION = {
    "SECRET_KEY": "a-production-secret-" + "x" * 50,
    "ALLOWED_HOSTS": "cartoinge.example.gouv.fr",
    "DEBUG": "false",
    "CACHE_BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "CACHE_LOCATION": "cartoinge_cache",
    "PLATFORM_EMAIL": "equipe-plateforme@example.gouv.fr",
    "SITE_URL": "https://cartoinge.example.gouv.fr",
    "SITE_PUBLISHER": "la préfecture de la Mayenne",
}


def test_check_deploy_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY doit être défini" in result.stderr


def test_check_deploy_requires_someone_to_receive_requests():
    """On launch day no structure has a member: without PLATFORM_EMAIL a département without
    an admin account would receive nothing."""
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "PLATFORM_EMAIL": ""}
    )
    assert result.returncode != 0
    assert "core.E002" in result.stdout + result.stderr


def test_check_deploy_requires_the_site_address_for_e_mailed_links():
    production = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production)
    assert result.returncode != 0 and "core.E003" in result.stdout + result.stderr


def test_the_site_says_who_runs_it_and_that_it_is_free(client, settings, db):
    settings.SITE_PUBLISHER = "la préfecture de la Mayenne"
    settings.SITE_CONTACT_EMAIL = "cartoinge@example.gouv.fr"
    home = client.get("/").content.decode()
    assert "Gratuit, sans compte ni mot de passe, proposé par la préfecture de la Mayenne." in home
    legal = client.get("/mentions-legales/").content.decode()
    assert (
        "proposé par la préfecture de la Mayenne" in legal and "cartoinge@example.gouv.fr" in legal
    )
    statement = client.get("/accessibilite/").content.decode()
    assert (
        "Retour d&#x27;information et contact" in statement
        or "Retour d'information et contact" in statement
    )
    assert "mailto:cartoinge@example.gouv.fr" in statement
