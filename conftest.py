"""Shared test set-up: one test database per session holding the official Mayenne
referential (with its outlines), the seed directory and the 2023 survey, as `make setup`
loads them."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

SHARED_DATA = Path(settings.BASE_DIR).parent / "shared" / "data"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(available: bool, what: str) -> None:
    """Something the tests need: on CI its absence fails the run, elsewhere it skips."""
    if not available:
        if IN_CI:
            pytest.fail(f"Manquant sur la CI : {what}")
        pytest.skip(f"absent hors CI : {what}")


def shared_data(name: str) -> Path:
    """A reference file of ../shared/data."""
    path = SHARED_DATA / name
    require(path.exists(), f"fichier de référence {path}")
    return path


@pytest.fixture(scope="session", autouse=True)
def _uploads_in_a_temporary_folder(tmp_path_factory):
    """Files the tests upload never land in the checkout's `var/files/`."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("files")


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """The test database, always created (the browser tests reach it through a live server,
    not through the `db` fixture pytest-django looks for), then loaded once."""
    from django.test.utils import setup_databases, teardown_databases

    from core.management.commands.setup import PROGRAMMES, SEED_PROGRAMMES

    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        call_command("import_territories", verbosity=0)
        call_command("load_directory", verbosity=0)
        call_command("load_resources", verbosity=0)
        call_command("load_survey", verbosity=0)
        call_command("import_guichets", verbosity=0)  # as on a fresh install
        for slug, (name, source, date) in PROGRAMMES.items():  # the ANCT's lists, as setup does
            if (SHARED_DATA / "programmes" / name).exists():
                path = SHARED_DATA / "programmes" / name
                call_command(
                    "import_programme", slug, file=str(path), source=source, date=date, verbosity=0
                )
        for slug, (name, source, date) in SEED_PROGRAMMES.items():
            path = settings.SEED_DIR / "programmes" / name
            call_command(
                "import_programme", slug, file=str(path), source=source, date=date, verbosity=0
            )
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Real commits on the session's database, seen by every connection, for tests of
    several connections at once (no test transaction around, and no flush after, which
    would empty the referential the other tests read); what the test added is deleted
    afterwards (a request's events and messages with it)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Max

    from accounts.models import Claim, CommuneAccess, Membership
    from agenda.models import Event
    from directory.models import ErrorReport
    from history.models import Change
    from library.models import Resource
    from outbox.models import OutgoingEmail
    from support.models import SupportRequest

    written = (
        SupportRequest,
        OutgoingEmail,
        Change,
        Membership,
        Claim,
        CommuneAccess,
        Event,
        Resource,
        ErrorReport,
        get_user_model(),
    )
    with django_db_blocker.unblock():
        before = {model: model.objects.aggregate(last=Max("pk"))["last"] or 0 for model in written}
        yield
        for model, last in before.items():
            model.objects.filter(pk__gt=last).delete()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with no rate-limit counter (the cache holds nothing else that lasts):
    the daily caps would otherwise add up across the whole suite, all from 127.0.0.1."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _strict_templates(settings):
    """An unknown template variable fails the test instead of rendering as nothing."""
    for engine in settings.TEMPLATES:
        engine["OPTIONS"]["string_if_invalid"] = _InvalidVariable("%s")


class _InvalidVariable(str):
    def __mod__(self, other):
        raise AssertionError(f"Variable de gabarit inconnue : {other!r}")

    def __contains__(self, item):
        return item == "%s"


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"base de données : {engine} ; CI : {'oui' if IN_CI else 'non'}"
