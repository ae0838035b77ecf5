"""Pages per second under load: gunicorn as in production (config/gunicorn.conf.py, DEBUG off,
WEB_CONCURRENCY workers) on the bench's database, and CONNECTIONS clients asking for pages
one after another for SECONDS, on the same machine (its cores are shared by both)."""

import http.client
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766  # beside the production smoke test's 8765
CONNECTIONS = 16


def serve(database_url: str, workers: int) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),  # throw-away
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "PLATFORM_EMAIL": "equipe-plateforme@example.org",
        "SECURE_SSL_REDIRECT": "false",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "WEB_CONCURRENCY": str(workers),
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(ROOT / ".cache" / "bench-static"),
    }
    subprocess.run(  # the production storage reads the collected files' manifest
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = open(ROOT / ".cache" / "bench-gunicorn.log", "w")  # noqa: SIM115 - the server's
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn.conf.py",
            "config.wsgi",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            connection.request("GET", "/accessibilite/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn ne répond pas pour la mesure en charge.")


def pages_per_second(urls: list[str], seconds: float) -> tuple[float, float, int]:
    """(pages per second, median time of a page in ms, answers other than 200)."""
    stop = time.perf_counter() + seconds
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        position = offset
        while time.perf_counter() < stop:
            url = urls[position % len(urls)]
            position += CONNECTIONS
            start = time.perf_counter()
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            with lock:
                times.append(time.perf_counter() - start)
                errors[0] += response.status != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return len(times) / elapsed, statistics.median(times) * 1000, errors[0]


def workers_megabytes(master: int) -> list[float]:
    """The resident memory of each of the gunicorn master's workers (Linux), in megabytes."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            found.append(int(fields["VmRSS"].split()[0]) / 1024)
    return found


def measure(database_url: str, urls: list[str], workers: int = 4, seconds: float = 15) -> str:
    urls = [quote(url, safe="/?=&%'") for url in urls]  # as a browser sends them
    server = serve(database_url, workers)
    try:
        pages_per_second(urls[:50], 2)  # warm every worker's indexes
        rate, median, errors = pages_per_second(urls, seconds)
        memory = workers_megabytes(server.pid)  # after serving: indexes and lemmatiser loaded
    finally:
        server.terminate()
        server.wait(timeout=30)
    return (
        f"{rate:.0f} pages de résultats/s, médiane {median:.0f} ms ({workers} workers gunicorn, "
        f"{CONNECTIONS} connexions, {seconds:.0f} s, {os.cpu_count()} cœurs partagés avec le "
        f"client ; {errors} réponse(s) autre que 200) ; mémoire d'un worker après la mesure : "
        f"{max(memory, default=float('nan')):.0f} Mo RSS au plus"
    )
