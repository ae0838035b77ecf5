"""gunicorn for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`
(docs/production.md).

Every value can be changed by the environment (GUNICORN_BIND, WEB_CONCURRENCY,
GUNICORN_TIMEOUT). The access log never writes a query string (the orientation text is one)
nor the token of a sign-in or follow link: only the method, the cleaned path, the status,
the size and the time."""

import os
import sys
from pathlib import Path

from gunicorn.glogging import Logger

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.logging import clean  # noqa: E402 - plain Python, no Django needed

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # no page waits on a mail server
graceful_timeout = 30
keepalive = 5
# A project pasted in « Qui peut m'aider ? » travels in the query string (a shareable results
# page): 3,000 characters of French are about 3,700 bytes encoded, over gunicorn's default 4,094
# with the rest of the line. 8,190 is the most gunicorn allows.
limit_request_line = 8190
max_requests = 2000  # a worker is renewed now and then
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


class CleanAccessLogger(Logger):
    """Nothing from the query string, the referrer or a link's token in any atom."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = clean(atoms["U"] or "")
        atoms["r"] = clean(atoms["r"])
        atoms["q"] = atoms["f"] = "-"
        return atoms


logger_class = CleanAccessLogger
