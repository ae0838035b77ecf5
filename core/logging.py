"""Keep secret links (sign-in, request follow-up) out of the logs."""

import logging
import re

SECRET_PATHS = re.compile(r"(/compte/connexion/|/demandes/suivi/)[^/\s\"?]+")


class HideSecretLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if SECRET_PATHS.search(message):
            record.msg = SECRET_PATHS.sub(r"\1…", message)
            record.args = ()
        return True
