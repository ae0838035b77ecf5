"""A local aides-territoires for the tests (no network): it answers the live API's routes
the way its controllers do (MTES-MCT/aides-territoires-symfony, `src/Controller/Api`):
`POST /api/connexion/` with `X-AUTH-TOKEN` → `{"token": …}`; `GET /api/perimeters/` and
`GET /api/aids/` behind `Authorization: Bearer …`, as pages `{count, previous, next,
results}` of `itemsPerPage`, `next` an absolute address. The records come from
`fixtures/aides-territoires.json`."""

import json
import threading
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "aides-territoires.json"
TOKEN = "jeton-de-test"
JWT = "jwt-de-test"
SCALES = {"department": "Département", "epci": "epci"}


class Handler(BaseHTTPRequestHandler):
    data: dict = {}

    def log_message(self, *args):  # quiet tests
        pass

    def _send(self, status: int, payload) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # noqa: N802
        if self.path.rstrip("/") != "/api/connexion":
            return self._send(404, {"detail": "Not Found"})
        if self.headers.get("X-AUTH-TOKEN") != TOKEN:
            return self._send(401, {"message": "Invalid credentials."})
        self.server.calls.append("connexion")
        return self._send(200, {"token": JWT})

    def do_GET(self):  # noqa: N802
        if self.headers.get("Authorization") != f"Bearer {JWT}":
            return self._send(401, {"message": "JWT Token not found"})
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        self.server.calls.append(f"{url.path}?{url.query}")
        if url.path == "/api/perimeters/":
            scale = SCALES.get(query.get("scale", ""))
            q = query.get("q", "").casefold()
            items = [
                p
                for p in self.data["perimeters"]
                if (scale is None or p["scale"] == scale) and q in p["name"].casefold()
            ]
        elif url.path == "/api/aids/":
            ids = self.data["by_perimeter"].get(query.get("perimeter_id", ""), [])
            by_id = {a["id"]: a for a in self.data["aids"]}
            items = [by_id[i] for i in ids if i in by_id]
        else:
            return self._send(404, {"detail": "Not Found"})
        size = int(query.get("itemsPerPage", 50))
        page = int(query.get("page", 1))
        start = (page - 1) * size
        base = f"http://127.0.0.1:{self.server.server_port}{url.path}"
        more = start + size < len(items)
        self._send(
            200,
            {
                "count": len(items),
                "previous": f"{base}?{urllib.parse.urlencode({**query, 'page': page - 1})}"
                if page > 1
                else None,
                "next": f"{base}?{urllib.parse.urlencode({**query, 'page': page + 1})}"
                if more
                else None,
                "results": items[start : start + size],
            },
        )


@contextmanager
def serving(data: dict | None = None):
    """The local API on a free port; yields the server (`.base`, `.calls`, `.data`)."""
    handler = type("FixtureHandler", (Handler,), {"data": data or json.loads(FIXTURE.read_text())})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.calls = []
    server.base = f"http://127.0.0.1:{server.server_port}"
    server.data = handler.data
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
