"""Settings for the test suite: the main settings with DEBUG on unless told otherwise."""

import os
import tempfile

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The live server of the browser tests answers on keep-alive threads: each request closes
# its connection, so that none is left open when the test database is dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Each test run writes its open data files apart from the local server's.
OPENDATA_ROOT = Path(tempfile.mkdtemp(prefix="cartoinge-opendata-"))  # noqa: F405
