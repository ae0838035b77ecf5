"""Keep secrets and personal data out of the logs: the token part of a sign-in or follow link,
and every query string (the orientation text a mayor typed is one: it may hold a name or a
phone number). The access log of gunicorn is cleaned the same way (config/gunicorn.conf.py)."""

import logging
import re

SECRET_PATHS = re.compile(
    r"(/compte/connexion/|/demandes/suivi/|/financements/alertes/(?:confirmer|desinscription)/"
    r"|/compte/rattachements/)"
    r"(?!envoyee/|confirmer/)[^/\s\"?]+"
)
QUERY_STRING = re.compile(r"(/[^\s\"?]*)\?[^\s\"]*")


def clean(text: str) -> str:
    """`text` with each link token replaced by « … » and each query string dropped."""
    return SECRET_PATHS.sub(r"\1…", QUERY_STRING.sub(r"\1", text))


class HideSecretLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
