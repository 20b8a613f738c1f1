"""Settings for the test suite (SQLite by default, PostgreSQL with DATABASE_URL)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, env

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECRET_KEY = "test-only-secret-key-not-for-anything-real-0b7e"  # noqa: S105
LANTERN_FIELD_KEYS = [
    "dGVzdC1vbmx5LWZpZWxkLWtleS0wMS1ub3Qtc2VjcmU=",
]
LANTERN_BLIND_INDEX_KEY = "test-only-blind-index-key"  # noqa: S105

DATABASES = {
    "default": database(env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'test.sqlite3'}")),  # noqa: F405
}
# Persistent connections as in production, when asked for (the benchmarks do).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANTERN_DEMO_TOOLS = True
LANTERN_ALLOW_UNSCANNED_UPLOADS = True  # no scanner in tests; tests of the refusal turn it off
LOGGING["root"] = {"handlers": ["console"], "level": "WARNING"}  # noqa: F405
LANTERN_AUDIT_KEY = "test-only-audit-chain-key"  # noqa: S105
# Tests that use checkpoints give each its own file (parallel workers must not share one).
LANTERN_AUDIT_CHECKPOINT_FILE = ""
# Used only by the test that runs a real worker (it skips without Redis).
CELERY_RESULT_BACKEND = "redis://127.0.0.1:6379/15"

# One process: its memory is a shared cache for the rate limits.
SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003"]  # noqa: F405
# The report form's puzzle is easy and may be sent at once, so tests stay quick.
LANTERN_REPORT_POW_MAX_NUMBER = 50
LANTERN_REPORT_MIN_SECONDS = 0
# Tries at supplier questionnaire links: generous, so tests sharing one cache never reach it
# (the rate limit's own test sets a small one).
LANTERN_SUPPLIER_LINK_RATE = "1000/m"
LANTERN_LEARN_RATE = "1000/m"  # the public module's: one test below sets it low
