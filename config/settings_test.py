"""Settings for the test suite: the main settings with DEBUG on unless told otherwise."""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
