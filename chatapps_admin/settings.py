"""Settings, read from the environment.

With no variables set the product runs embedded: SQLite under var/, a filesystem Celery broker,
DEBUG on and the built-in sandbox standing in for 8x8. `APP_ENV=production` demands real services
and secrets, and refuses to start, naming the variable, when one is missing or wrong.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from chatapps_admin.env import env_bool, env_float, env_int, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

APP_ENV = env_str("APP_ENV", "development").strip().lower()
if APP_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"APP_ENV must be 'development' or 'production', not {APP_ENV!r}")
PRODUCTION = APP_ENV == "production"


def _production_required(name: str, why: str, dev_default: str) -> str:
    return env_required(name, why) if PRODUCTION else env_str(name, dev_default)


# The development defaults ship in this repository, so they are public: production refuses them.
DEV_SECRET_KEY = "insecure-development-key-" + "x" * 40
DEV_API_KEY = "sandbox-api-key"
DEV_WEBHOOK_SECRET = "sandbox-webhook-secret"
MIN_WEBHOOK_SECRET = 32  # characters; the secret is the whole Authorization header 8x8 sends


# -- Core ----------------------------------------------------------------------------------------

SECRET_KEY = _production_required(
    "SECRET_KEY", "a long random string that signs sessions", DEV_SECRET_KEY
)
if PRODUCTION and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is the public development key: set a random one")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production")
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production")

# Django's admin site: for development, and off in production unless asked for. Its changes are
# audited (audit.signals) either way; the Users page is where roles are managed day to day.
ADMIN_SITE_ENABLED = env_bool("ADMIN_SITE_ENABLED", default=not PRODUCTION)

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set: the host names this server answers to")
if PRODUCTION and any("*" in host for host in ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name this server's hosts in production, not a wildcard ('*')"
    )

# Where this server is reached from outside: 8x8 posts webhooks here, and the sandbox does too.
PUBLIC_BASE_URL = _production_required(
    "PUBLIC_BASE_URL", "the https URL 8x8 reaches this server at", "http://127.0.0.1:8000"
).rstrip("/")
if PRODUCTION and not PUBLIC_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("PUBLIC_BASE_URL must be an https:// URL in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", PUBLIC_BASE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "access",
    "accounts",
    "audit",
    "chatapps",
    "messaging",
    "sandbox",
    "composer",
    "catalog",
    "recipients",
    "tabular",
    "audience",
    "campaigns",
    "inbox",
    # The project itself, last: its commands (load_demo) stand above every app.
    "chatapps_admin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Notes the request's address for audit entries written without the request (admin site).
    "audit.middleware.RequestAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chatapps_admin.urls"
WSGI_APPLICATION = "chatapps_admin.wsgi.application"

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# -- Database ------------------------------------------------------------------------------------

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL")
if PRODUCTION and not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must be a postgresql:// URL in production")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            # Django's SQLite backend with a flush that respects the audit trail's guard.
            "ENGINE": "chatapps_admin.sqlite",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE avoids
                # "database is locked" upgrades from read to write transactions.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file, not memory, so the live server, browser tests and a test worker can share it.
            "TEST": {"NAME": str(VAR_DIR / "test-db.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# -- Auth ----------------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Two-factor login (TOTP, optional per user). With this on, an Admin without a device is sent to
# enrol one before any other page.
REQUIRE_2FA_FOR_ADMINS = env_bool("REQUIRE_2FA_FOR_ADMINS", default=False)
OTP_TOTP_ISSUER = "ChatApps Admin"  # the name authenticator apps show beside the code

# -- Security ------------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie: the token travels in hx-headers on <body>
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^health$"]

# -- Internationalisation and static files -------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request without it
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# -- Celery --------------------------------------------------------------------------------------

BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = _production_required(
    "CELERY_BROKER_URL", "the Redis or RabbitMQ URL workers take tasks from", "filesystem://"
)
if PRODUCTION and not CELERY_BROKER_URL.startswith(
    ("redis://", "rediss://", "amqp://", "amqps://")
):
    raise ImproperlyConfigured("CELERY_BROKER_URL must be a redis:// or amqp:// URL in production")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker: a folder on disk, so no server is needed.
    # Everything it writes stays under var/, so a run leaves the source tree untouched.
    for folder in ("queue", "processed", "staging", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT = "chatapps_admin.broker:Transport"  # whole-file writes, see there
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "staging_folder": str(BROKER_DIR / "staging"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.2,
    }
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A task held by a worker that died goes back to the queue after this long (Redis's default is
    # an hour). It must stay above the longest countdown we schedule (retries wait at most minutes),
    # or Redis would hand a still-waiting task to a second worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 900)
    }
_default_results = (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else f"file://{VAR_DIR / 'results'}"
)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", _default_results)
if CELERY_RESULT_BACKEND.startswith("file://"):
    Path(CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_EXPIRES = timedelta(days=1)
# Tasks record their outcome in the database; only a task that opts in keeps a Celery result.
# One name per deployment when several share a broker (and per test run: the killed-worker test).
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task on a killed worker goes back to the queue
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Task modules autodiscovery (tasks.py only) does not find.
CELERY_IMPORTS = ["messaging.history_tasks"]
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # The dashboard's counts: today and yesterday each minute, the week hourly for late receipts.
    "dashboard-rollup": {"task": "messaging.history_tasks.dashboard_rollup_task", "schedule": 60.0},
    "dashboard-rollup-week": {
        "task": "messaging.history_tasks.dashboard_rollup_task",
        "schedule": 3600.0,
        "kwargs": {"days": 8},
    },
    # Re-enqueue webhook events whose enqueue was lost (broker down when 8x8 called).
    "webhook-events-sweep": {"task": "messaging.tasks.webhook_events_sweep", "schedule": 60.0},
    # /health's proof that a worker answers: whichever worker takes it notes the time.
    # Send jobs: chunks of dead workers back, due jobs started, idle ones restarted.
    "jobs-sweep": {"task": "messaging.tasks.jobs_sweep_task", "schedule": 20.0},
    # Bulk actions, imports and exports whose task was lost get it again.
    "background-sweep": {"task": "audience.tasks.background_sweep_task", "schedule": 60.0},
    "worker-heartbeat": {"task": "chatapps_admin.tasks.worker_heartbeat", "schedule": 30.0},
    # Keep the template registry fresh: status changes also arrive as template events.
    "templates-sync": {"task": "catalog.tasks.templates_sync_task", "schedule": 3600.0},
    # Clear message bodies and raw webhook events older than RETENTION_DAYS (messaging.retention).
    "retention": {"task": "messaging.tasks.retention_task", "schedule": 3600.0},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# /health reports the worker down when none has taken the 30 s heartbeat for this long.
HEALTH_WORKER_SECONDS = env_int("HEALTH_WORKER_SECONDS", 120)

# -- 8x8 Chat Apps API ---------------------------------------------------------------------------

CHATAPPS_REGION_HOSTS = {
    "https://chatapps.8x8.com": "Asia-Pacific",
    "https://chatapps.us.8x8.com": "North America",
    "https://chatapps.8x8.uk": "Europe",
    "https://chatapps.8x8.id": "Indonesia",
}
SANDBOX_ENABLED = env_bool("SANDBOX_ENABLED", default=not PRODUCTION)
if PRODUCTION and SANDBOX_ENABLED:
    raise ImproperlyConfigured(
        "SANDBOX_ENABLED must be off in production: the sandbox is a stand-in"
    )
SANDBOX_PREFIX = "sandbox"
# The permission the Sandbox page requires, named here because the sandbox imports nothing of the
# product's (it stands in for 8x8).
SANDBOX_PAGE_PERMISSION = "access.use_sandbox"
# Changing the sandbox (its webhook target, faults, reset) is an admin's: it affects everyone.
SANDBOX_SETTINGS_PERMISSION = "access.manage_settings"

CHATAPPS_BASE_URL = _production_required(
    "CHATAPPS_BASE_URL",
    "one of the 8x8 regional hosts: " + ", ".join(CHATAPPS_REGION_HOSTS),
    f"{PUBLIC_BASE_URL}/{SANDBOX_PREFIX}",
).rstrip("/")
if PRODUCTION and CHATAPPS_BASE_URL not in CHATAPPS_REGION_HOSTS:
    raise ImproperlyConfigured(
        f"CHATAPPS_BASE_URL must be one of {', '.join(CHATAPPS_REGION_HOSTS)}, "
        f"not {CHATAPPS_BASE_URL!r}"
    )
if urlparse(CHATAPPS_BASE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(
        f"CHATAPPS_BASE_URL must be an http(s) URL, not {CHATAPPS_BASE_URL!r}"
    )
CHATAPPS_API_KEY = _production_required(
    "CHATAPPS_API_KEY", "the API key made in connect.8x8.com", DEV_API_KEY
)
if PRODUCTION and CHATAPPS_API_KEY == DEV_API_KEY:
    raise ImproperlyConfigured("CHATAPPS_API_KEY is the sandbox's key: set the one 8x8 gave you")
CHATAPPS_SUBACCOUNT_ID = _production_required(
    "CHATAPPS_SUBACCOUNT_ID", "the Chat Apps sub-account id", "ChatAppsDemo_WA"
)
CHATAPPS_ACCOUNT_ID = _production_required(
    "CHATAPPS_ACCOUNT_ID", "the 8x8 account id (for templates)", "ChatAppsDemo"
)
CHATAPPS_CHANNEL_ID = _production_required(
    "CHATAPPS_CHANNEL_ID",
    "the WhatsApp channel id (for templates)",
    "4f9478dd-b3db-475c-9e49-778d8c87046b",
)
# Several secrets are accepted at once so one can be rotated without dropping webhooks.
CHATAPPS_WEBHOOK_SECRETS = env_list(
    "CHATAPPS_WEBHOOK_SECRETS", "" if PRODUCTION else DEV_WEBHOOK_SECRET
)
if PRODUCTION and not CHATAPPS_WEBHOOK_SECRETS:
    raise ImproperlyConfigured(
        "CHATAPPS_WEBHOOK_SECRETS must be set: the Authorization value(s) 8x8 sends with webhooks"
    )
if PRODUCTION and DEV_WEBHOOK_SECRET in CHATAPPS_WEBHOOK_SECRETS:
    raise ImproperlyConfigured(
        "CHATAPPS_WEBHOOK_SECRETS holds the public development secret: set a random one"
    )
if PRODUCTION and any(len(secret) < MIN_WEBHOOK_SECRET for secret in CHATAPPS_WEBHOOK_SECRETS):
    raise ImproperlyConfigured(
        f"CHATAPPS_WEBHOOK_SECRETS: each secret must be at least {MIN_WEBHOOK_SECRET} characters "
        "(a guessable one lets anyone post fake receipts)"
    )
# Shown as the sender in phone previews.
CHATAPPS_BUSINESS_NAME = env_str("CHATAPPS_BUSINESS_NAME", "ChatApps Demo")
CHATAPPS_CONNECT_TIMEOUT = env_float("CHATAPPS_CONNECT_TIMEOUT", 5.0)
CHATAPPS_READ_TIMEOUT = env_float("CHATAPPS_READ_TIMEOUT", 20.0)

# -- Retention -----------------------------------------------------------------------------------

# Message bodies, customer messages' content and raw webhook events older than this many days are
# cleared (statuses, counts, the audit trail and the opt-out ledger are kept). 0 keeps them forever.
RETENTION_DAYS = env_int("RETENTION_DAYS", 365)
if RETENTION_DAYS < 0:
    raise ImproperlyConfigured("RETENTION_DAYS must be 0 (keep forever) or a number of days")

# -- Recipients: the opt-out ledger ------------------------------------------------------------

# An inbound text that is exactly one of these (case, accents, punctuation and spaces ignored)
# opts the number out of marketing; those also in OPT_OUT_ALL_KEYWORDS opt it out of everything.
# English (with the carriers' usual END, QUIT, CANCEL), Scandinavian, French, Spanish,
# Portuguese, German, Dutch, Italian, Malay/Indonesian and Chinese.
OPT_OUT_KEYWORDS = env_list(
    "OPT_OUT_KEYWORDS",
    "STOP,STOP ALL,STOPALL,UNSUBSCRIBE,CANCEL,END,QUIT,STOPP,ARRÊT,DÉSABONNER,DÉSINSCRIRE,"
    "PARAR,PARE,BAJA,CANCELAR,SAIR,STOPPEN,ABMELDEN,AFMELDEN,BASTA,DISISCRIVI,BERHENTI,退订",
)
OPT_OUT_ALL_KEYWORDS = env_list("OPT_OUT_ALL_KEYWORDS", "STOP ALL,STOPALL")
OPT_IN_KEYWORDS = env_list(
    "OPT_IN_KEYWORDS",
    "START,UNSTOP,SUBSCRIBE,COMMENCER,INICIAR,ALTA,ANMELDEN,AANMELDEN,ISCRIVI,MULAI,订阅",
)
# Authentication templates (one-time codes a person asked for) still reach a number that opted
# out of marketing when this is on; an opt-out of everything stops them whatever it says.
OPT_OUT_ALLOW_AUTHENTICATION = env_bool("OPT_OUT_ALLOW_AUTHENTICATION", default=False)
# Where every worker on every machine shares the send rate and 429 pauses (messaging.pacing):
# a redis:// URL, or empty for the database (the embedded default). Defaults to a Redis broker.
PACING_REDIS_URL = env_str(
    "PACING_REDIS_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else ""
)
# Work that drains a queue (applying stored webhook events) is asked for once per window of this
# many milliseconds, not once per request, when Redis is at hand (messaging.enqueue); 0 asks
# every time. A window is also the longest an event waits for a worker already busy applying.
COALESCE_WINDOW_MS = env_int("COALESCE_WINDOW_MS", 200)
COALESCE_REDIS_URL = env_str("COALESCE_REDIS_URL", PACING_REDIS_URL)
# Batch sends (messaging.chunks): how many times a chunk 8x8 refused for now (429, 5xx, network)
# is tried before its messages fail, and the longest backoff between tries (kept far inside
# the broker's visibility timeout, so a waiting retry is never delivered twice).
BATCH_MAX_ATTEMPTS = env_int("BATCH_MAX_ATTEMPTS", 6)
BATCH_RETRY_MAX_SECONDS = env_float("BATCH_RETRY_MAX_SECONDS", 60.0)
# Workers sending one job's chunks at once, so 8x8's round trip does not set the pace.
BATCH_CONCURRENCY = env_int("BATCH_CONCURRENCY", 4)
# How long a claimed chunk stays its worker's (messaging.chunks): past it the sweeper takes it
# back, as from a dead worker. It must outlast a live worker's longest request (connect + read
# timeouts, 25 s by default), or a slow answer would arrive for messages already marked
# 'unknown'; and it is how long a dead worker's messages wait before they are requeued or marked
# unknown. Tests that kill a worker shorten it.
BATCH_LEASE_SECONDS = env_float("BATCH_LEASE_SECONDS", 120.0)
# WhatsApp's daily messaging tier for the business number: how many people it may start
# conversations with in 24 hours (250, 2000, 10000, 100000 or "unlimited"). The pre-send check
# warns when a campaign's audience is larger; None means unlimited.
WHATSAPP_TIERS = ("250", "2000", "10000", "100000", "unlimited")
_tier = env_str("WHATSAPP_MESSAGING_TIER", "2000").strip().lower().replace(",", "")
if _tier not in WHATSAPP_TIERS:
    raise ImproperlyConfigured(
        f"WHATSAPP_MESSAGING_TIER must be one of {', '.join(WHATSAPP_TIERS)}, not {_tier!r}"
    )
WHATSAPP_MESSAGING_TIER: int | None = None if _tier == "unlimited" else int(_tier)
# The country national numbers (no +country code) belong to, in contacts, imports and pages: an
# ISO 3166 code such as "SG"; empty means national numbers are refused.
CONTACTS_DEFAULT_COUNTRY = env_str("CONTACTS_DEFAULT_COUNTRY", "").strip().upper()
# CSV imports: a file over either cap is refused before it is parsed, the page saying the cap.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 1_000_000)

# -- Logging -------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"one_line_4xx": {"()": "chatapps_admin.log_filters.OneLineClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "django.request": {"filters": ["one_line_4xx"]},
    },
}
