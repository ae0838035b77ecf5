"""Browser tests: Playwright drives Debian's Chromium against a live server of the test
database. Without Chromium they are skipped, except on CI (CI=true), where that fails."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test.testcases import LiveServerThread

from conftest import require

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(settings.NODE_MODULES_DIR) / "axe-core" / "axe.min.js"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


@pytest.fixture(scope="session")
def chromium_path():
    require(
        Path(CHROMIUM).exists() or bool(shutil.which(CHROMIUM)),
        f"Chromium ({CHROMIUM}) : installez le paquet Debian chromium",
    )
    return CHROMIUM


@pytest.fixture(scope="session")
def live_site(django_db_setup, django_db_blocker):
    """A live server on the session's test database (committed data, read-only use)."""
    with django_db_blocker.unblock():
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override={}, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
        thread.terminate()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_site, django_db_blocker):
    # bypass_csp only so that the test can inject axe-core; the app's own pages never need it.
    context = browser.new_context(
        base_url=live_site,
        bypass_csp=True,
        locale="fr-FR",
        viewport={"width": 390, "height": 844},  # a phone
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.on(  # which resource, when one is missing
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status == 404 and "favicon" not in response.url
            else None
        ),
    )
    with django_db_blocker.unblock():
        yield page
        # Playwright's event loop gives the test its own database connection (Django's
        # connections follow the async context): close it, or PostgreSQL cannot drop the
        # test database at the end of the session.
        connections.close_all()
    context.close()
    assert not errors, f"Erreurs JavaScript ou console : {errors}"


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations of the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)


def sign_in(page, email: str) -> None:
    """Sign in as a person does: the e-mailed link (read in the outbox)."""
    from outbox.models import OutgoingEmail

    page.goto("/compte/connexion/")
    page.get_by_label("Votre adresse électronique").fill(email)
    page.get_by_role("button", name="Recevoir mon lien de connexion").click()
    page.wait_for_url("**/compte/connexion/envoyee/")
    body = OutgoingEmail.objects.filter(to=email).latest("pk").body
    page.goto(re.search(r"/compte/connexion/[^/\s]+/", body).group(0))
    page.get_by_role("button", name="Me connecter").click()
