"""Settings shared by every environment.

Environment-specific modules (``local``, ``test``, ``production``) import this
one and override what differs. Every variable read from the environment is
listed in ``.env.example``.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import django_stubs_ext
import environ

# Lets type annotations such as `models.Field[Any, Any]` work at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# --- Core -----------------------------------------------------------------

DEBUG = False
ALLOWED_HOSTS: list[str] = []
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third party
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "crispy_forms",
    "crispy_forms_gds",
    # Lantern
    "lantern.core",
    "lantern.audit",
    "lantern.accounts",
    "lantern.partnership",
    "lantern.guides",
    "lantern.supply_chain",
    "lantern.cases",
    "lantern.confidential_reports",
    "lantern.insights",
    "lantern.governance",
    "lantern.training",
    "django_ratelimit",
]

MIDDLEWARE = [
    "lantern.confidential_reports.middleware.ReporterPrivacyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Refuses control characters (NUL...) in the path, query and form before any view or query sees them.
    "lantern.core.middleware.RejectBadInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lantern.accounts.middleware.SessionLifetimeMiddleware",
    "lantern.accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lantern.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lantern" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lantern.core.context_processors.navigation",
                "lantern.partnership.context_processors.partnership",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# Overridden per environment. DATABASE_URL selects PostgreSQL in production: the
# application's role, which does not own the tables. DATABASE_OWNER_URL, set only where
# migrations run (never in the web or worker processes), adds the alias "owner" for
# `migrate --database owner`, `grant_app_role` and `rotate_keys --database owner`
# (docs/decisions/0016-database-roles-and-audit-checkpoints.md).
DATABASE_OWNER_URL = env("DATABASE_OWNER_URL", default="")


def database(url: str) -> dict[str, Any]:
    """A database's settings from its URL. On PostgreSQL the server binds each query's parameters and a
    connection prepares a statement it has run five times (psycopg's ``prepare_threshold``), so a
    page's queries are planned once per connection rather than on every request (ADR 29).
    DATABASE_PREPARED_STATEMENTS=false turns this off, as a pooler in transaction mode without
    prepared-statement support needs."""
    config: dict[str, Any] = env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.postgresql" and env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        options = config.setdefault("OPTIONS", {})
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", env.int("DATABASE_PREPARE_THRESHOLD", default=5))
    return config


DATABASES = {
    "default": database(env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'lantern.sqlite3'}")),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)

# --- Authentication ---------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lantern.accounts.backends.LanternModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lantern.accounts.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "lantern.accounts.passwords.RepeatedCharacterValidator"},
]

# Lockout after repeated failed sign-ins (django-axes). An administrator can
# unlock an account from the user management pages.
AXES_FAILURE_LIMIT = env.int("LANTERN_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LANTERN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The owner of a locked account can email themselves a single-use link that clears the lockout.
LANTERN_UNLOCK_LINK_MINUTES = env.int("LANTERN_UNLOCK_LINK_MINUTES", default=15)
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Two-factor authentication (django-otp).
OTP_TOTP_ISSUER = "Lantern"
OTP_TOTP_TOLERANCE = 1
LANTERN_BACKUP_CODE_COUNT = 10

# --- Sessions ---------------------------------------------------------------
# Inactivity timeout: a session ends SESSION_COOKIE_AGE seconds after the last
# request. Its expiry is renewed by saving it, at most once every
# LANTERN_SESSION_REFRESH_SECONDS (lantern.accounts.sessions), rather than on
# every request, so a session never outlives its idle time. The absolute
# lifetime is enforced by SessionLifetimeMiddleware.

LANTERN_SESSION_IDLE_MINUTES = env.int("LANTERN_SESSION_IDLE_MINUTES", default=30)
LANTERN_SESSION_ABSOLUTE_HOURS = env.int("LANTERN_SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = LANTERN_SESSION_IDLE_MINUTES * 60
SESSION_ENGINE = "lantern.accounts.sessions.db"
SESSION_SAVE_EVERY_REQUEST = False
LANTERN_SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "lantern_session"
CSRF_COOKIE_NAME = "lantern_csrf"
CSRF_COOKIE_HTTPONLY = True
# The CSRF cookie ends with the browser session, like the session cookie: the
# public reporting pages set no cookie that outlives the visit.
CSRF_COOKIE_AGE = None
CSRF_FAILURE_VIEW = "lantern.core.views.csrf_failure"

# --- Security headers -------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

# --- Static files -----------------------------------------------------------
# GOV.UK Frontend and MOJ Frontend come from npm (node_modules); our Sass is
# compiled into static/build by `make assets`.

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
# Only what pages use: the compiled CSS and the two front-end bundles (copied
# into static/build by `make assets`), our modules, and the packages' images.
STATICFILES_DIRS = [
    ("build", BASE_DIR / "static" / "build"),
    ("js", BASE_DIR / "static" / "js"),
    ("govuk/assets", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets"),
    ("moj/assets", BASE_DIR / "node_modules" / "@ministryofjustice" / "frontend" / "moj" / "assets"),
    # MOJ Frontend points GOV.UK Frontend's images path at its own folder, so the stylesheet asks for
    # GOV.UK Frontend's images (the footer's crest, unused by our templates) under moj/assets/images.
    # Without them there, `collectstatic` with the manifest storage of production refuses to run.
    ("moj/assets/images", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets" / "images"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "media"

# Uploads: size limit, and the virus scanner (a dotted path to a function
# taking bytes and returning "clean" or "infected").
LANTERN_MAX_UPLOAD_BYTES = env.int("LANTERN_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# Files for the import pipeline (spend files and the like, CSV or XLSX) may be larger; bigger ones
# go through the command line (e.g. `manage.py import_spend`).
LANTERN_IMPORT_MAX_UPLOAD_BYTES = env.int("LANTERN_IMPORT_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
LANTERN_VIRUS_SCANNER = env("LANTERN_VIRUS_SCANNER", default="lantern.core.files.scanner_not_configured")
# Without a scanner, uploads are refused unless the partnership accepts the risk (local and test
# settings do; production checks it with `check --deploy`).
LANTERN_ALLOW_UNSCANNED_UPLOADS = env.bool("LANTERN_ALLOW_UNSCANNED_UPLOADS", default=False)
# Checking an upload (stripping its metadata) runs in a separate process with limits, for the
# file as a whole: wall-clock and CPU seconds, memory, and for Word files the bytes unpacked
# and the parts read across every file inside it, and how deep files may sit inside files.
LANTERN_UPLOAD_CHECK_SECONDS = env.int("LANTERN_UPLOAD_CHECK_SECONDS", default=15)
# The files sent in one request (a report may carry five) share one budget, below gunicorn's
# 30-second worker timeout: once it is spent, the rest are refused without being opened.
LANTERN_UPLOAD_CHECK_TOTAL_SECONDS = env.int("LANTERN_UPLOAD_CHECK_TOTAL_SECONDS", default=20)
LANTERN_UPLOAD_CHECK_MEMORY_MB = env.int("LANTERN_UPLOAD_CHECK_MEMORY_MB", default=1024)
LANTERN_UPLOAD_MAX_UNPACKED_BYTES = env.int("LANTERN_UPLOAD_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
LANTERN_UPLOAD_MAX_PARTS = env.int("LANTERN_UPLOAD_MAX_PARTS", default=2000)
LANTERN_UPLOAD_MAX_NESTING = env.int("LANTERN_UPLOAD_MAX_NESTING", default=2)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Forms ------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

# --- REST API ---------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "lantern.accounts.api_auth.VerifiedSessionAuthentication",
        "lantern.accounts.api_auth.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["lantern.accounts.api_auth.IsTwoFactorVerified"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "lantern.core.api.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PARSER_CLASSES": [
        "lantern.core.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "lantern.core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "600/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lantern API",
    "DESCRIPTION": (
        "JSON API of Lantern, a partnership's platform against modern slavery. "
        "Every endpoint needs a two-factor-verified session or an API token; "
        "records the caller may not see answer 404."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "lantern.core.api.document_error_responses",  # the 400, 401, 403, 404, 415 and 429 answers
    ],
    "SERVE_PERMISSIONS": ["lantern.accounts.api_auth.IsTwoFactorVerified"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files: no third-party resources.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PledgeFollowUpKindEnum": "lantern.governance.models.FollowUpKind",
        "PledgeStatusEnum": "lantern.governance.models.PledgeStatus",
        "PledgeSectorEnum": "lantern.governance.models.PledgeSector",
        "TrainingOutcomeEnum": "lantern.training.models.Outcome",
        "CourseLevelEnum": "lantern.training.models.CourseLevel",
        "MaturityLevelEnum": "lantern.governance.models.MaturityLevel",
        "CaseStatusEnum": "lantern.cases.models.CaseStatus",
        "CampaignChannelEnum": "lantern.training.models.campaigns.Channel",
        "ConcernStatusEnum": "lantern.cases.models.ConcernStatus",
        "TaskStatusEnum": "lantern.cases.models.TaskStatus",
        "ReferralKindEnum": "lantern.cases.models.ReferralKind",
        "DecisionKindEnum": "lantern.cases.models.DecisionKind",
        "QuestionnaireStatusEnum": "lantern.supply_chain.models.QuestionnaireStatus",
        "CorrectiveActionStatusEnum": "lantern.supply_chain.models.ActionStatus",
        "MeetingStatusEnum": "lantern.governance.models.MeetingStatus",
        "MeetingActionStatusEnum": "lantern.governance.models.ActionStatus",
        "SupportKindEnum": "lantern.cases.models.SupportKind",
        "CaseOutcomeEnum": "lantern.cases.models.CaseOutcome",
        "AgeAssessmentOutcomeEnum": "lantern.cases.models.records.AGE_ASSESSMENT_OUTCOMES",
        "YesNoEnum": "lantern.cases.models.nrm.YesNo",
        "YesNoNotSureEnum": "lantern.cases.models.cases.YesNoNotSure",
        "ContactMethodEnum": "lantern.cases.models.people.ContactMethod",
        "NationalityEnum": "lantern.cases.api_referral.NATIONALITY_CHOICES",
        "PlanActionStatusEnum": "lantern.governance.models.PlanActionStatus",
        "StrategyAreaEnum": "lantern.core.reference.Objective",
    },
}

# --- Background work (Celery) -----------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers log through LOGGING above (no exception messages), not Celery's own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# --- Encryption -------------------------------------------------------------
# Keys for identifying fields (see docs/security.md). The first key writes;
# every key reads, so an old key stays listed until `rotate_keys` has run.

LANTERN_FIELD_KEYS: list[str] = []
LANTERN_BLIND_INDEX_KEY: str = ""
# Key of the audit trail's hash chain (see lantern/audit/chain.py); it also signs the checkpoints.
LANTERN_AUDIT_KEY: str = ""

# --- The audit trail's anchor outside the database ------------------------------
# Every few minutes the chain head is signed and appended to this file and to the
# 'lantern.audit.checkpoint' log (lantern/audit/checkpoints.py), so that entries deleted
# from the end of the trail with the head rewound are found by `audit_verify`. Keep the
# file where the database's users cannot write (an append-only file, another host), and
# send the log to a sink that keeps it. Empty: the log only (verification cannot use it).
LANTERN_AUDIT_CHECKPOINT_FILE = env("LANTERN_AUDIT_CHECKPOINT_FILE",
                                    default=str(BASE_DIR / "var" / "audit-checkpoints.jsonl"))
LANTERN_AUDIT_CHECKPOINT_SECONDS = env.int("LANTERN_AUDIT_CHECKPOINT_SECONDS", default=10 * 60)

# --- The partnership ----------------------------------------------------------

LANTERN_PARTNERSHIP_FALLBACK_NAME = "Anti-slavery partnership"

# --- Email ------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="lantern@localhost")
# The address people reach Lantern at, for links in emails (no trailing slash).
LANTERN_SITE_URL = env("LANTERN_SITE_URL", default="http://127.0.0.1:8000")
EMAIL_SUBJECT_PREFIX = "[Lantern] "

# --- Logging ----------------------------------------------------------------
# Logs carry no personal data: request paths hold only opaque references and
# the access log records neither query strings nor bodies.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Tracebacks name the exception's type and where it happened, never its message (lantern.core.logging).
    "formatters": {"plain": {"()": "lantern.core.logging.NoMessageFormatter",
                             "format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"no_exception_message": {"()": "lantern.core.logging.NoExceptionInMessageFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["no_exception_message"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Signed audit checkpoints: route this logger to syslog or the council's log store.
        "lantern.audit.checkpoint": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Lockout is per account, not per address: council staff share a few
# outgoing addresses, so an address lockout would lock out whole offices.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Children's records visible only to staff of children's services agencies
# (as well as the capability). Set false where the partnership agrees wider access.
LANTERN_RESTRICT_CHILD_RECORDS = env.bool("LANTERN_RESTRICT_CHILD_RECORDS", default=True)

# How many days before a child's 18th birthday their lead worker is asked to plan the move to adult services.
LANTERN_TRANSITION_NOTICE_DAYS = env.int("LANTERN_TRANSITION_NOTICE_DAYS", default=90)

# Scheduled work (Celery beat: `celery -A config beat`).
CELERY_BEAT_SCHEDULE = {
    "task-reminders": {"task": "lantern.cases.send_task_reminders", "schedule": 60 * 60 * 24},
    "meeting-action-reminders": {"task": "lantern.governance.send_action_reminders", "schedule": 60 * 60 * 24},
    "age-transitions": {"task": "lantern.cases.apply_age_transitions", "schedule": 60 * 60 * 24},
    "report-retention": {"task": "lantern.confidential_reports.apply_retention", "schedule": 60 * 60 * 24},
    "audit-checkpoint": {"task": "lantern.audit.write_checkpoint", "schedule": LANTERN_AUDIT_CHECKPOINT_SECONDS},
    "due-diligence-daily": {"task": "lantern.supply_chain.due_diligence_daily", "schedule": 60 * 60 * 24},
    "training-reminders": {"task": "lantern.training.send_training_reminders", "schedule": 60 * 60 * 24},
}

# Supplier questionnaire links (no account): how long a link lasts, and how many tries at a link
# one address may make (django-ratelimit's rate, e.g. "20/m"), wrong links included.
LANTERN_SUPPLIER_LINK_DAYS = env.int("LANTERN_SUPPLIER_LINK_DAYS", default=60)
LANTERN_SUPPLIER_LINK_RATE = env("LANTERN_SUPPLIER_LINK_RATE", default="30/m")

# --- Cache --------------------------------------------------------------------
# Rate limits and one-use report forms need a cache all web processes share:
# Redis in production (CACHE_URL, e.g. redis://127.0.0.1:6379/1); one process's
# memory in the embedded default.

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
RATELIMIT_USE_CACHE = "default"
SILENCED_SYSTEM_CHECKS += [  # noqa: F405
    # Django's own Redis backend increments atomically, which is all django-ratelimit needs.
    "django_ratelimit.W001",
]

# --- Insight: small-number suppression ------------------------------------------

# Counts from 1 to this minus one are never shown outside case work (dashboard, open data, public page, API).
LANTERN_SUPPRESSION_THRESHOLD = env.int("LANTERN_SUPPRESSION_THRESHOLD", default=5)
# Published open-data counts are rounded to the nearest multiple of this (1: no rounding).
LANTERN_OPEN_DATA_ROUNDING = env.int("LANTERN_OPEN_DATA_ROUNDING", default=5)
# The dashboard and the KPI API reuse each KPI's figures for a period for this many seconds (Django's
# cache; 0: compute on every request). Releases, board reports and statements always compute afresh.
LANTERN_KPI_CACHE_SECONDS = env.int("LANTERN_KPI_CACHE_SECONDS", default=300)

# --- Confidential reporting ---------------------------------------------------

LANTERN_HELPLINE_NUMBER = env("LANTERN_HELPLINE_NUMBER", default="08000 121 700")
# Where 'Exit this page' goes: an everyday site that gives nothing away.
LANTERN_EXIT_URL = env("LANTERN_EXIT_URL", default="https://www.bbc.co.uk/weather")
# Reports are anonymised this many days after they are closed, unless on legal hold.
LANTERN_REPORT_RETENTION_DAYS = env.int("LANTERN_REPORT_RETENTION_DAYS", default=365)
# Files checked while a reporter corrected another answer, and never sent, are removed after this.
LANTERN_REPORT_HELD_FILE_HOURS = env.int("LANTERN_REPORT_HELD_FILE_HOURS", default=24)
# A report form (and its puzzle) stays valid this long; it cannot be sent sooner than the minimum.
LANTERN_REPORT_FORM_LIFETIME_SECONDS = env.int("LANTERN_REPORT_FORM_LIFETIME_SECONDS", default=4 * 60 * 60)
LANTERN_REPORT_MIN_SECONDS = env.int("LANTERN_REPORT_MIN_SECONDS", default=5)
# Proof of work: the browser tries on average half this many SHA-256 hashes (well under a second).
LANTERN_REPORT_POW_MAX_NUMBER = env.int("LANTERN_REPORT_POW_MAX_NUMBER", default=100_000)
# Global budgets (everyone shares them: senders are not told apart).
LANTERN_REPORT_RATE = env("LANTERN_REPORT_RATE", default="120/m")
LANTERN_REPORT_RATE_UNVERIFIED = env("LANTERN_REPORT_RATE_UNVERIFIED", default="20/m")
# Receipt tries: each needs a fresh puzzle; solved ones and ones sent without JavaScript have separate budgets.
LANTERN_RECEIPT_RATE = env("LANTERN_RECEIPT_RATE", default="600/m")
LANTERN_RECEIPT_RATE_UNVERIFIED = env("LANTERN_RECEIPT_RATE_UNVERIFIED", default="20/m")
LANTERN_REPORTER_MESSAGE_RATE = env("LANTERN_REPORTER_MESSAGE_RATE", default="20/h")
# The Slavery Free Pledge's public form: its own global budgets (the report form's puzzles and gates).
LANTERN_PLEDGE_RATE = env("LANTERN_PLEDGE_RATE", default="30/m")
# The public "spot the signs" module: quiz answers, certificates and certificate PDFs sent from one network.
LANTERN_LEARN_RATE = env("LANTERN_LEARN_RATE", default="20/m")
LANTERN_PLEDGE_RATE_UNVERIFIED = env("LANTERN_PLEDGE_RATE_UNVERIFIED", default="5/m")
