"""All settings, in one place, read from the environment (see README "Configuration").

Development: DEBUG=1 (set by `make run`). Production: DEBUG unset, SECRET_KEY and ALLOWED_HOSTS set;
`manage.py check --deploy` then passes with no warning.
"""

import re
import sys
from pathlib import Path

from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from inclusion import languages
from inclusion.content_security import tiles_source
from inclusion.env import env_bool, env_database, env_int, env_list, env_redis_url, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)
# The test suite runs with DEBUG off (as production) but needs no secret and no collected static files.
TESTING = env_bool("TESTING", False) or "pytest" in sys.modules

_DEV_SECRET_KEY = "django-insecure-development-key-only-for-debug-and-tests"
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG or TESTING else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see README, Configuration).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our admin config: SimpleAdminConfig, so django-leaflet's admin module (which needs GDAL) is never imported.
    "inclusion.apps.InclusionAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "widget_tweaks",
    "dsfr",
    "leaflet",
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "axes",
    "csp",
    "places",
    "programmes",
    "accounts",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML pages gzipped (static files come compressed from whitenoise): inclusion/compression.py.
    "inclusion.compression.HtmlGZipMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks: its headers must be on every API response.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's order): ?lang=, the switch's cookie, Accept-Language.
    "inclusion.i18n.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The Content-Security-Policy header (docs/security.md), on every response.
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "inclusion.urls"
WSGI_APPLICATION = "inclusion.wsgi.application"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "inclusion.context_processors.site_config",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "inclusion"),
            "TIMEOUT": env_int("CACHE_TIMEOUT", 300),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French, and every language with a compiled catalogue in locale/ (a translator adds one without touching code:
# docs/translation.md). Same URLs in every language: inclusion/i18n.py.
LANGUAGE_CODE = "fr"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = languages.available(LOCALE_PATHS[0])
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # set only by the header's switch
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The suite and `runserver` serve static files from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Security. Production defaults are strict; a deployment behind a TLS proxy sets SECURE_PROXY_SSL_HEADER.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe app servers directly over HTTP: a redirect to HTTPS would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a commitment for the whole domain; the operator opts in with SECURE_HSTS_PRELOAD=1.
    "security.W021",
]

# Logs go to the standard error, one line each. LOG_FORMAT=json (the default in production) makes each line a
# JSON object — time, level, logger, message, and the request's fields for `inclusion.requests` — so that a log
# collector reads fields instead of parsing text (docs/deploy.md, "Logs").
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG or TESTING else "json")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: text or json.")
# One line per request (inclusion/request_log.py); off by default in development, where runserver logs them.
LOG_REQUESTS = env_bool("LOG_REQUESTS", not DEBUG)
if LOG_REQUESTS:
    MIDDLEWARE.insert(0, "inclusion.request_log.RequestLogMiddleware")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
            "json_ensure_ascii": False,
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# django-dsfr: serve the bundled assets, no third-party request.
DSFR_USE_INTEGRITY_CHECKSUMS = False

# django-leaflet: only its bundled Leaflet and template tags (no GeoDjango). Tiles are the one external fetch.
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (46.6, 2.4),
    "DEFAULT_ZOOM": 5,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 18,
    "TILES": [
        (
            "OpenStreetMap",
            env_str("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
            {"attribution": "© contributeurs OpenStreetMap"},  # translated on the map (places_tags.py)
        )
    ],
    "RESET_VIEW": False,
}

# --- Content-Security-Policy (django-csp; docs/security.md) ----------------------------------------------
# Every script and style sheet is a file we serve: no inline script, no eval, no 'unsafe-inline' anywhere (the
# Redoc page allows the <style> elements its bundle writes, by nonce and hash: places/api/views.py). Images: ours,
# data: URLs (DSFR's and Leaflet's icons) and the map tiles' server, read from the tiles URL above.
_map_tiles = tiles_source(LEAFLET_CONFIG["TILES"][0][1])
_content_security_policy = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:", *([_map_tiles] if _map_tiles else [])],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        # The site refuses to be framed; X_FRAME_OPTIONS says it too, for browsers without CSP level 2.
        "frame-ancestors": [csp.NONE],
        "report-uri": env_str("CSP_REPORT_URI") or None,
    }
}
# CSP_REPORT_ONLY=1 sends the same policy as Content-Security-Policy-Report-Only: browsers report what it would
# block and block nothing, to try a change of policy on real traffic. (No CSP_* name for a setting of ours:
# django-csp 4 reads those as its old settings and stops the start, csp.E001.)
# The embeddable directory (/integrer/lieux/, docs/embed.md) alone may be framed: by these origins
# ("https://www.mairie-exemple.fr,https://*.exemple.org"), by any site by default.
EMBED_FRAME_ANCESTORS = env_list("EMBED_FRAME_ANCESTORS", ["*"])
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _content_security_policy
else:
    CONTENT_SECURITY_POLICY = _content_security_policy

# Where the real source material lives when the project sits beside ../shared (build scripts only).
SHARED_DIR = Path(env_str("SHARED_DIR") or BASE_DIR.parent / "shared")

# Geocoding (places/geocoding.py). The offline gazetteer places communes and postcodes; the national address API
# is asked for street addresses only when enabled, and its answers are cached.
GEOCODER_BAN_ENABLED = env_bool("GEOCODER_BAN_ENABLED", False)
GEOCODER_BAN_URL = env_str("GEOCODER_BAN_URL", "https://api-adresse.data.gouv.fr/search/")
# Whole seconds (env_int), for each network step: how long a slow API may delay the search page before the
# gazetteer answers instead.
GEOCODER_TIMEOUT_SECONDS = env_int("GEOCODER_TIMEOUT_SECONDS", 2)
GEOCODER_CACHE_SECONDS = env_int("GEOCODER_CACHE_SECONDS", 86_400)

# --- Search (places/search/) ------------------------------------------------------------------------------
# Each process holds the published places in memory (places/search/index.py). With Redis it learns of every
# write at once through the shared data version; without it, of its own writes, and it checks the database for
# other processes' writes at most this many seconds apart.
SEARCH_INDEX_MAX_AGE = env_int("SEARCH_INDEX_MAX_AGE", 60)
# Build it when a server process starts (inclusion/wsgi.py) rather than at its first search.
SEARCH_INDEX_AT_START = env_bool("SEARCH_INDEX_AT_START", not (DEBUG or TESTING))
if SEARCH_INDEX_MAX_AGE < 1:
    raise ImproperlyConfigured("SEARCH_INDEX_MAX_AGE: at least 1 second.")

# "Signaler une erreur" (places/views.py): reports a client address may send in an hour.
ERROR_REPORTS_PER_HOUR = env_int("ERROR_REPORTS_PER_HOUR", 5)
# Whole-search downloads (/exports/lieux.*, the API's format=csv) a client address may make (places/exports.py).
DOWNLOAD_RATE = env_str("DOWNLOAD_RATE", "30/hour")
# Sign-ups, new confirmation links, password resets, changes of address or password a client address may ask
# for in an hour, each (accounts/auth_views.py): each sends an email or checks a password.
ACCOUNT_REQUESTS_PER_HOUR = env_int("ACCOUNT_REQUESTS_PER_HOUR", 10)

# Email (docs/deploy.md): printed to the console in development and tests, sent through SMTP when EMAIL_HOST is
# set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # port 465
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)  # STARTTLS, port 587
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "annuaire@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL: one or the other (587 STARTTLS, 465 SSL).")
# The site's address for links in emails sent without a request (send_freshness_reminders), no final slash.
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

# --- Logins (docs/security.md) -----------------------------------------------------------------------------
# django-axes counts failed logins (site and admin) per account and per client address, in the database: the
# lockout holds across every process with or without Redis, and moderators read the attempts in the admin.
# The address is the one the API's rate limits use (TRUSTED_PROXY_COUNT, inclusion.ratelimit.client_address).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.authentication.DirectoryModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours, as django-axes reads a number
# Either one locks: a guessed account, a guessing address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "inclusion.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # its own log lines say nothing our request log does not

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "places:home"

# --- REST API (places/api/, docs/api.md) ----------------------------------------------------------------
# Reads are public; writes need a structure's token (accounts.authentication). Rates are per anonymous IP
# address and per token; with several processes they are only shared through the Redis cache (REDIS_URL).
API_THROTTLE_ANON = env_str("API_THROTTLE_ANON", "300/minute")
API_THROTTLE_TOKEN = env_str("API_THROTTLE_TOKEN", "1200/minute")
# Finished responses of anonymous reads are kept in the cache this long at most; any write makes them stale at
# once (places.versioning).
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 300)
for _name, _rate in (
    ("API_THROTTLE_ANON", API_THROTTLE_ANON),
    ("API_THROTTLE_TOKEN", API_THROTTLE_TOKEN),
    ("DOWNLOAD_RATE", DOWNLOAD_RATE),
):
    if not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", _rate):
        raise ImproperlyConfigured(
            f"{_name}={_rate!r}: expected a rate such as 300/minute (see docs/api.md)."
        )
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["places.api.permissions.ReadOnlyOrStructureToken"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["places.api.errors.JSONParser"],
    "EXCEPTION_HANDLER": "places.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "places.api.schema.DirectorySchema",
    # Rates are read from API_THROTTLE_* at each request (places.api.throttling), not from DRF's settings.
    "DEFAULT_THROTTLE_CLASSES": [
        "places.api.throttling.AnonymousRateThrottle",
        "places.api.throttling.TokenRateThrottle",
    ],
    # The client's address is REMOTE_ADDR unless the operator says how many proxies stand in front: trusting
    # X-Forwarded-For blindly would let anyone pick the address they are throttled as.
    "NUM_PROXIES": env_int("TRUSTED_PROXY_COUNT", 0),
    "URL_FORMAT_OVERRIDE": "format",
}
SPECTACULAR_SETTINGS = {
    # In the reader's language, like the descriptions of the API's parameters and fields (docs/translation.md).
    "TITLE": gettext_lazy("API de l'annuaire des lieux de médiation numérique"),
    "DESCRIPTION": gettext_lazy(
        "Lieux de médiation numérique au format du schéma national v1.0.2 (JSON, GeoJSON, CSV), structures, "
        "programmes, soutiens et territoires. Lecture libre et sans compte ; écriture des lieux d'une structure "
        "avec un jeton de cette structure (`Authorization: Bearer <clé>`), soumise à modération. "
        "Guide : docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from validator.swagger.io: it would send the schema's address elsewhere (and img-src refuses it).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Structures and programmes both have a "nature": one named enum each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "NatureStructureEnum": "places.api.enums.STRUCTURE_KINDS",
        "NatureProgrammeEnum": "places.api.enums.PROGRAMME_KINDS",
    },
}
# Anyone may read the API from a web page; writes carry a token and come from servers, not browsers.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Link",
    "X-Total-Count",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Retry-After",
]
CORS_PREFLIGHT_MAX_AGE = 86_400
