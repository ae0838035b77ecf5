"""The widget embedded in a partner's page served from another origin (issue 18 §2): it is
shown, used with the keyboard alone, resized to its content and axe clean; a page of the site
that is not the widget is refused in a frame."""

import http.server
import json
import re
import threading

import pytest

from .conftest import AXE, assert_accessible

pytestmark = pytest.mark.browser

LAVAL_AGGLO = "200083392"


class PartnerPage(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def partner():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PartnerPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def frame_violations(frame) -> list[dict]:
    frame.evaluate(AXE.read_text(encoding="utf-8"))  # DevTools evaluation: the CSP holds
    result = frame.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_the_widget_in_a_partner_page_with_the_keyboard(browser, live_site, settings, partner):
    origin = f"http://127.0.0.1:{partner.server_address[1]}"
    settings.SITE_URL = live_site
    settings.WIDGET_FRAME_ANCESTORS = [origin]

    context = browser.new_context(locale="fr-FR", viewport={"width": 1024, "height": 900})
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append((message.type, message.text)))
    try:
        # The snippet, as the « Intégrer » page gives it.
        page.goto(f"{live_site}/integrer/?portee=epci&code={LAVAL_AGGLO}&theme=voirie")
        snippet = page.locator("pre.embed-code").inner_text()
        assert f'src="{live_site}/widget/orientation/?epci={LAVAL_AGGLO}&amp;theme=voirie"' in (
            snippet
        )
        PartnerPage.body = (
            '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Communauté '
            "partenaire</title></head><body><main><h1>Nos services aux communes</h1>"
            '<p><a id="avant" href="#">Actualités</a></p>'
            f"{snippet}"
            f'<iframe id="refuse" title="Annuaire" src="{live_site}/annuaire/"></iframe>'
            "</main></body></html>"
        ).encode()

        page.goto(origin)
        frame = page.frame_locator("iframe[data-cartoinge]")
        widget = next(f for f in page.frames if "/widget/orientation/" in f.url)
        frame.get_by_role("heading", name="Qui peut m'aider ?").wait_for()

        # Every other page of the site refuses the frame.
        refused = [text for kind, text in console if "frame-ancestors 'none'" in text]
        assert refused, console
        refused_frame = page.frame_locator("#refuse").locator("h1")
        assert "Annuaire" not in refused_frame.all_inner_texts(), [f.url for f in page.frames]

        # Keyboard only: from the partner's page into the frame, the commune, the project.
        page.focus("#avant")
        for _ in range(6):
            page.keyboard.press("Tab")
            if widget.evaluate("document.activeElement && document.activeElement.id") == "commune":
                break
        assert widget.evaluate("document.activeElement.id") == "commune"
        laval = widget.evaluate(
            "[...document.querySelectorAll('#commune option')].findIndex(o => o.text === 'Laval')"
        )
        for _ in range(laval):
            page.keyboard.press("ArrowDown")
        assert widget.evaluate("document.getElementById('commune').value") == "53130"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        frame.get_by_role("heading", name="Qui peut aider Laval ?").wait_for()
        widget = next(f for f in page.frames if "/widget/orientation/projet/" in f.url)
        assert widget.evaluate("document.getElementById('id_theme').value") == "voirie"
        widget.focus("#id_q")
        page.keyboard.type("un pont communal se fissure")
        page.keyboard.press("Tab")  # the theme, already chosen
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # « Voir qui peut m'aider »
        frame.locator("ol.results").first.wait_for()
        widget = next(f for f in page.frames if "/widget/orientation/resultats/" in f.url)
        assert frame.locator("ol.results a").count() > 0

        # The frame takes its content's height (the script of the snippet).
        height = page.evaluate(
            "document.querySelector('iframe[data-cartoinge]').getBoundingClientRect().height"
        )
        content = widget.evaluate("document.documentElement.scrollHeight")
        assert height != 800 and abs(height - content) <= 2, (height, content)

        # Links leaving the journey open the full site in a new tab.
        first = frame.locator("ol.results h3 a").first
        with context.expect_page() as opened:
            first.focus()
            page.keyboard.press("Enter")
        opened.value.wait_for_load_state()
        assert re.match(rf"{live_site}/offres/", opened.value.url)  # the full site's page
        assert opened.value.locator("header.fr-header").count() == 1

        violations = frame_violations(widget)
        assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)
        errors = [
            text for kind, text in console if kind == "error" and "frame-ancestors" not in text
        ]
        assert not errors, errors
    finally:
        context.close()


def test_the_open_data_and_embed_pages_on_a_phone(page):
    page.goto("/donnees/")
    assert page.get_by_role("link", name="datapackage.json").is_visible()
    assert_accessible(page)
    page.goto("/integrer/")
    page.get_by_label("Le widget s'ouvre sur").select_option("epci")
    page.get_by_label("Code du territoire").fill("123")
    page.get_by_role("button", name="Composer le code").click()
    expect_error = page.get_by_text("Aucune intercommunalité de code « 123 »")
    assert expect_error.is_visible()
    assert page.get_by_label("Code du territoire").input_value() == "123"  # nothing lost
    assert_accessible(page)
