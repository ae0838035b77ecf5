"""Settings for the test suite: the main settings with DEBUG on unless told otherwise."""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The live server of the browser tests answers on keep-alive threads: each request closes
# its connection, so that none is left open when the test database is dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
