"""Settings for Journeys, read from the environment.

Every deployment-specific value comes from an environment variable (see the README's
configuration table). With ``JOURNEYS_DEBUG`` off, a secret key must be given: there is no
insecure default in production.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from journeys.mail.configuration import email_settings

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("JOURNEYS_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("JOURNEYS_DEBUG")

# No default outside debug: Django refuses to sign sessions or CSRF tokens with an empty key,
# and `journeys serve` refuses to start without one. Commands that sign nothing still run.
SECRET_KEY = os.environ.get("JOURNEYS_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "journeys-debug-only-not-secret"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("JOURNEYS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("JOURNEYS_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "ninja",  # serves its docs page assets itself, so no CDN is needed
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "auditlog",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "mozilla_django_oidc",
]
DOMAIN_APPS = [
    "journeys.common",
    "journeys.mail",
    "journeys.accounts",
    "journeys.authorities",
    "journeys.frameworks",
    "journeys.evidence",
    "journeys.improvement",
    "journeys.reports",
    "journeys.priorities",
    "journeys.contacts",
    "journeys.notifications",
    "journeys.networks",
    "journeys.support",
    "journeys.workshops",
    "journeys.site",
]
# Background jobs (sending email): queued in Journeys' own database and worked by `journeys
# worker`, so nothing else has to run; with JOURNEYS_REDIS_URL, queued in Redis and worked by RQ.
REDIS_URL = os.environ.get("JOURNEYS_REDIS_URL", "")
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    THIRD_PARTY_APPS.append("django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# axes must see every other backend's login attempts, so it is installed last.
APPS_THAT_MUST_COME_LAST = ["axes"]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + DOMAIN_APPS + APPS_THAT_MUST_COME_LAST

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the audit log and version history, which record request.user as the actor.
    "journeys.accounts.middleware.BearerTokenMiddleware",
    "journeys.common.middleware.CacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "journeys.urls"
WSGI_APPLICATION = "journeys.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "journeys.site.context_processors.service",
            ],
            "builtins": ["journeys.common.templatetags.govuk"],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)  # holds the default SQLite database and collected static files
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'journeys.sqlite3'}"),
        conn_max_age=int(os.environ.get("JOURNEYS_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an import writes; IMMEDIATE takes the write lock up
    # front so two writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Each process keeps the LA evidence sections it drew last (evidence.services); their keys carry
# the evidence version, so a kept copy never goes out of date and needs no expiry.
# `journeys import`, `fetch` and `setup` derive what pages show once the evidence is stored
# (journeys.evidence.derivations). The test suite, which imports files hundreds of times, turns
# it off; pages then derive what they need on first request, as they do for any result not stored.
DERIVE_AFTER_IMPORT = os.environ.get("JOURNEYS_DERIVE_AFTER_IMPORT", "1") != "0"

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
# Backups: Django's JSON with times kept to the microsecond (journeys.common.backup).
SERIALIZATION_MODULES = {"journeys_backup": "journeys.common.backup"}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# API tokens stop working this many days after they are issued.
API_TOKEN_DAYS = int(os.environ.get("JOURNEYS_TOKEN_DAYS", "90"))

# Email (journeys.mail): JOURNEYS_EMAIL_URL names the SMTP server. Without it a debug run prints
# messages on the console and a production one sends nothing, logging an error for each message.
EMAIL_URL = os.environ.get("JOURNEYS_EMAIL_URL", "")
if EMAIL_URL:
    globals().update(email_settings(EMAIL_URL))
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "journeys.mail.backends.NotConfiguredBackend"
DEFAULT_FROM_EMAIL = os.environ.get("JOURNEYS_EMAIL_FROM", "Journeys <no-reply@journeys.invalid>")
# A message the mail server did not take is tried again after each of these waits, then given up.
EMAIL_RETRY_SECONDS = [60, 300, 1800, 7200]
# Links in email start with this address: never the request's Host header, which a caller chooses.
BASE_URL = os.environ.get("JOURNEYS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Invitation, set-password and reset links stop working after this many seconds, or once used.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("JOURNEYS_LINK_DAYS", "3")) * 24 * 60 * 60

# Sign-in with the council's identity (journeys.accounts.oidc), on when a client id is given.
# The endpoints are the provider's (its /.well-known/openid-configuration lists them).
OIDC_RP_CLIENT_ID = os.environ.get("JOURNEYS_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("JOURNEYS_OIDC_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("JOURNEYS_OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("JOURNEYS_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("JOURNEYS_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("JOURNEYS_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("JOURNEYS_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("JOURNEYS_OIDC_SIGN_ALGORITHM", "RS256")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:council-sign-in-callback"
if OIDC_ENABLED:
    # First: the sign-in lockout counts failures by email address, and a council sign-in gives
    # none, so behind the lockout's backend a few refused ones would lock it for everyone.
    AUTHENTICATION_BACKENDS.insert(0, "journeys.accounts.oidc.CouncilIdentityBackend")

# Where `journeys fetch` downloads official releases from, and where it keeps the files.
EES_API_URL = os.environ.get("JOURNEYS_EES_API_URL", "https://api.education.gov.uk/statistics/v1/")
EES_FILES_URL = os.environ.get(
    "JOURNEYS_EES_FILES_URL", "https://content.explore-education-statistics.service.gov.uk/api/"
)
OFSTED_URL = os.environ.get("JOURNEYS_OFSTED_URL", "https://assets.publishing.service.gov.uk/media/")
D2I_URL = os.environ.get(
    "JOURNEYS_D2I_URL", "https://raw.githubusercontent.com/data-to-insight/ofsted-ilacs-scrape-tool/main/"
)
FETCH_DIR = Path(os.environ.get("JOURNEYS_FETCH_DIR", VAR_DIR / "fetched"))

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"

# Sign-in lockout (journeys.accounts.lockout): an email address after five failures from anywhere,
# for one hour from the failure that locked it (failures while locked do not extend it); a client
# address after twenty failures across email addresses.
AXES_HANDLER = "journeys.accounts.lockout.SignInLockoutHandler"
AXES_FAILURE_LIMIT = 5
SIGN_IN_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = 1
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "journeys.accounts.lockout.sign_in_username"
AXES_CLIENT_IP_CALLABLE = "journeys.accounts.lockout.client_address"
# The proxies whose X-Forwarded-For is believed (gunicorn is given the same list by `journeys serve`).
TRUSTED_PROXIES = [
    address.strip()
    for address in os.environ.get("JOURNEYS_FORWARDED_ALLOW_IPS", "127.0.0.1").split(",")
    if address.strip()
]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The sign-in form posts the email address as "username" (Django's authentication form).
AXES_USERNAME_FORM_FIELD = "username"

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("govuk-frontend", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Uploads are refused above this size (bytes); official releases are a few MB at most.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("JOURNEYS_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("JOURNEYS_HSTS_PRELOAD", default=True)
    # TLS ends at the load balancer, which says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("JOURNEYS_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JOURNEYS_LOG_LEVEL", "WARNING")},
}

SERVICE_NAME = "Journeys"
