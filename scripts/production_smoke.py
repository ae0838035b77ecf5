"""Production smoke test: the steps of docs/production.md on a fresh PostgreSQL database, then
the pages as a browser gets them. Run by `.ci/run`; by hand: `.venv/bin/python
scripts/production_smoke.py` (PostgreSQL on 127.0.0.1:5432, user postgres, trust).

Steps: collectstatic, migrate, import the Mayenne, check --deploy, then the deployment where
users outgrow one server: Redis as the shared cache and rate-limit store, two gunicorn hosts
(config/gunicorn.conf.py; 4 and 2 workers, as two servers behind a load balancer) sharing
PostgreSQL and Redis, the e-mail worker as a separate service. Then: every main page answers
200 in French; rate limits stay exact across hosts and workers, sequentially and under
concurrent load; a queued e-mail leaves through the worker; the access log holds no query
string and no link token. Redis: `redis-server` on the path (installed by `.ci/run`)."""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("SMOKE_PORT", "8765"))
PORTS = (PORT, PORT + 1)  # two hosts behind the load balancer
REDIS_PORT = int(os.environ.get("SMOKE_REDIS_PORT", "6390"))
DATABASE = "cartoinge_smoke"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
HOST = "cartoinge.example.gouv.fr"
PAGES = [
    "/",
    "/orientation/",
    "/orientation/resultats/?commune=53107&q=un+pont+communal+se+fissure",
    "/annuaire/",
    "/structures/caue-53/",
    "/communes/53107/",
    "/intercommunalites/245300389/",
    "/departements/53/",
    "/carte/?departement=53",
    "/carte/tableau/?departement=53",
    "/observatoire/",
    "/observatoire/couverture/",
    "/compte/connexion/",
    "/demandes/nouvelle/?offre=te53-eclairage-public&commune=53271",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/api/",
    "/donnees/",
]


class Smoke:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}},
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),  # throw-away
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
            "CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
            "CACHE_LOCATION": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "STATIC_ROOT": str(workdir / "staticfiles"),
            "OPENDATA_ROOT": str(workdir / "published"),
            "SITE_URL": f"https://{HOST}",
            "TRUSTED_PROXY_HEADER": "HTTP_X_FORWARDED_FOR",  # behind the load balancer
            "PLATFORM_EMAIL": "equipe-plateforme@example.org",
            "SITE_PUBLISHER": "l'équipe d'essai de Carto'Ingé",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "GUNICORN_BIND": f"127.0.0.1:{PORT}",
            "WEB_CONCURRENCY": "4",
        }
        self.checks = 0
        self.failures: list[str] = []
        self.processes: list[subprocess.Popen] = []

    # Set-up, as docs/production.md says.

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode:
            raise SystemExit(
                f"manage.py {' '.join(args)} a échoué :\n{result.stdout}{result.stderr}"
            )
        return result.stdout

    def fresh_database(self) -> None:
        for statement in (f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}"):
            subprocess.run(["psql", ADMIN_URL, "-q", "-c", statement], check=True)

    def start_redis(self) -> None:
        self.processes.append(
            subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(REDIS_PORT),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
        )
        for _ in range(50):
            try:
                with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("redis-server ne répond pas.")

    def start(self) -> None:
        self.access_log = open(self.workdir / "gunicorn.log", "w")  # noqa: SIM115
        self.second_log = open(self.workdir / "gunicorn-2.log", "w")  # noqa: SIM115
        hosts = ((PORTS[0], "4", self.access_log), (PORTS[1], "2", self.second_log))
        for port, workers, log in hosts:
            env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": workers}
            self.processes.append(
                subprocess.Popen(
                    [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        self.worker_log = open(self.workdir / "worker.log", "w")  # noqa: SIM115
        self.processes.append(
            subprocess.Popen(
                [PYTHON, "manage.py", "send_outbox", "--worker", "--interval", "1"],
                cwd=ROOT,
                env=self.env,
                stdout=self.worker_log,
                stderr=subprocess.STDOUT,
            )
        )
        for port in PORTS:
            for _ in range(100):
                try:
                    self.get("/", port=port)
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                raise SystemExit(f"gunicorn ne répond pas sur le port {port}.")

    def stop(self) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=30)

    # Requests, as a browser behind the HTTPS proxy sends them.

    def request(self, method: str, path: str, body: str = "", cookies: dict | None = None,
                port: int = PORT):  # fmt: skip
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{HOST}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        connection.close()
        return response, content

    def get(self, path: str, port: int = PORT):
        return self.request("GET", path, port=port)

    def check(self, condition: bool, what: str) -> None:
        self.checks += 1
        if not condition:
            self.failures.append(what)
            print(f"ÉCHEC : {what}")

    # What is checked.

    def pages_answer_in_french(self) -> None:
        for path in PAGES:
            response, html = self.get(path)
            self.check(response.status == 200, f"{path} répond {response.status}")
            self.check('<html lang="fr"' in html, f"{path} n'est pas une page en français")
            for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html)[:3]:
                static, _ = self.get(asset)
                self.check(static.status == 200, f"{asset} ({path}) répond {static.status}")
        response, html = self.get("/nulle-part/")
        self.check(response.status == 404 and "Page introuvable" in html, "la 404 en français")
        response, html = self.get(
            "/orientation/choix/00000000-0000-0000-0000-000000000000/?rang=%C2%B2"
        )
        self.check(response.status in (400, 404) and 'lang="fr"' in html, "erreur en français")
        # A secretary pastes a whole paragraph (issue 25): through gunicorn, page and API.
        text = (
            "La toiture de l'église Saint-Étienne fuit depuis l'hiver ; le conseil municipal a "
            "délibéré pour une étude préalable, et nous cherchons qui peut nous aider à monter "
            "le dossier, choisir un architecte et trouver des financements. "
        ) * 20
        query = urlencode({"commune": "53107", "q": text[:3000]})
        response, html = self.get(f"/orientation/resultats/?{query}")
        self.check(
            response.status == 200 and "Se faire accompagner" in html,
            f"une demande de 3 000 caractères ({response.status})",
        )
        response, body = self.get(f"/api/v1/orientation?{query}")
        self.check(response.status == 200, f"l'API, 3 000 caractères ({response.status})")
        response, body = self.get("/api/v1/offres?commune=53107")
        self.check(response.status == 200 and '"count"' in body, "l'API répond")
        response, body = self.get("/donnees/datapackage.json")
        self.check(response.status == 200 and "etalab-2.0" in body, "les données ouvertes")
        response, body = self.get("/guide/53.pdf")
        self.check(
            response.status == 200 and body.startswith("%PDF"), f"le guide PDF ({response.status})"
        )
        response, html = self.get("/guide/intercommunalites/200083392.pdf")  # not built
        self.check(
            response.status == 503
            and response.getheader("Retry-After") == "600"
            and "en préparation" in html,
            f"un guide pas encore construit : 503 en français ({response.status})",
        )

    def guides_do_not_hold_the_workers(self) -> None:
        """Eleven guide requests at once (issue 26 §2: cold guides used to be built by the
        request, holding every worker) while another page is measured."""
        guides = ["/guide/53.pdf"] * 8 + [
            f"/guide/intercommunalites/{siren}.pdf"  # not built: a French 503 at once
            for siren in ("200083392", "245300389", "200033298")
        ]
        times = []
        with ThreadPoolExecutor(max_workers=len(guides)) as pool:
            pending = [pool.submit(self.get, path) for path in guides]
            for _ in range(20):
                start = time.monotonic()
                self.get("/annuaire/")
                times.append(time.monotonic() - start)
            statuses = sorted(future.result()[0].status for future in pending)
        p95 = sorted(times)[18]
        print(f"Pendant 11 demandes de guides : /annuaire/ p95 {p95 * 1000:.0f} ms ({statuses}).")
        self.check(statuses == [200] * 8 + [503] * 3, f"les guides : {statuses}")
        self.check(p95 < 1.0, f"une page attend les guides : p95 {p95:.2f} s")

    def _sign_in_form(self, port: int) -> tuple[str, str]:
        response, html = self.get("/compte/connexion/", port=port)
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", ""))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return cookie.group(1), token.group(1)

    def _sign_in(self, port: int, form: tuple[str, str], email: str, address: str) -> int:
        cookie, token = form
        body = urlencode({"csrfmiddlewaretoken": token, "email": email})
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {
            "Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": address,
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}",
            "Referer": f"https://{HOST}/compte/connexion/",
        }  # fmt: skip
        connection.request("POST", "/compte/connexion/", body=body, headers=headers)
        status = connection.getresponse().status
        connection.close()
        return status

    def rate_limit_holds_across_hosts(self) -> None:
        """10 sign-in requests an hour from one address, whichever host and worker answers:
        one after the other, alternating hosts; then 40 at once from another address, spread
        over both hosts: exactly 10 get through."""
        forms = {port: self._sign_in_form(port) for port in PORTS}
        statuses = [
            self._sign_in(PORTS[n % 2], forms[PORTS[n % 2]], f"agent{n}@example.org", "192.0.2.1")
            for n in range(12)
        ]
        self.check(statuses == [302] * 10 + [429] * 2, f"limite de connexion : {statuses}")
        with ThreadPoolExecutor(max_workers=20) as pool:
            burst = list(
                pool.map(
                    lambda n: self._sign_in(
                        PORTS[n % 2], forms[PORTS[n % 2]], f"charge{n}@example.org", "192.0.2.2"
                    ),
                    range(40),
                )
            )
        print(
            f"40 connexions simultanées sur deux hôtes : {burst.count(302)} acceptées, "
            f"{burst.count(429)} refusées (429)."
        )
        self.check(sorted(burst) == [302] * 10 + [429] * 30, f"limite sous charge : {burst}")

    def emails_leave_through_the_worker(self) -> None:
        count = (
            "from outbox.models import OutgoingEmail as E; "
            "print(E.objects.exclude(status='sent').count(), E.objects.count())"
        )
        for _ in range(60):
            waiting, total = map(int, self.manage("shell", "-c", count).split()[-2:])
            if total and not waiting:
                break
            time.sleep(0.5)
        self.check(total >= 10 and waiting == 0, f"courriels : {waiting} en attente sur {total}")

    def access_log_is_clean(self) -> None:
        self.get("/demandes/suivi/JETON-SECRET-123/")
        self.get("/compte/connexion/JETON-SECRET-456/")
        self.get("/orientation/resultats/?commune=53107&q=appeler+Mme+Durand+0612345678")
        time.sleep(0.5)
        log = (self.workdir / "gunicorn.log").read_text()
        self.check("JETON-SECRET" not in log, "un jeton de lien dans le journal d'accès")
        self.check("Durand" not in log and "?" not in log, "une chaîne de requête dans le journal")
        self.check('"GET /orientation/resultats/ HTTP/1.1" 200' in log, "le journal d'accès écrit")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        smoke = Smoke(Path(folder))
        smoke.fresh_database()
        started = time.monotonic()
        smoke.manage("collectstatic", "--no-input", "-v", "0")
        smoke.manage("migrate", "--no-input", "-v", "0")
        smoke.start_redis()
        smoke.manage("import_territories", "-v", "0")
        smoke.manage("load_directory", "-v", "0")
        # After each import (the département's guide only: the EPCIs' would take a minute).
        smoke.manage("build_guides", "--sans-epci", "-v", "0")
        smoke.manage("check", "--deploy", "--fail-level", "WARNING")
        print(f"Mise en production préparée en {time.monotonic() - started:.0f} s.")
        smoke.start()
        try:
            smoke.pages_answer_in_french()
            smoke.guides_do_not_hold_the_workers()
            smoke.rate_limit_holds_across_hosts()
            smoke.emails_leave_through_the_worker()
            smoke.access_log_is_clean()
        finally:
            smoke.stop()
        passed = smoke.checks - len(smoke.failures)
        print(f"Production : {passed} vérifications réussies, {len(smoke.failures)} en échec.")
        return 1 if smoke.failures else 0


if __name__ == "__main__":
    sys.exit(main())
