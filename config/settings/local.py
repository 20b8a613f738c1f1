"""The embedded default: `make run` on one machine, SQLite, tasks inline.

Never use these settings for real data: the keys below are public.
"""

from typing import Any, cast

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, env

# Off by default, so the demo shows the service's own 404 and error pages, not Django's
# technical pages (which list every address and setting). DJANGO_DEBUG=true turns it on
# while developing. Static files do not depend on it: WhiteNoise serves them (below).
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Public, local-only secrets. Production refuses to start without its own.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-insecure-key-do-not-use-for-real-data-3f9a")
LANTERN_FIELD_KEYS = env.list(
    "LANTERN_FIELD_KEYS", default=["bG9jYWwtb25seS1maWVsZC1rZXktbm90LXNlY3JldCE="]
)
LANTERN_BLIND_INDEX_KEY = env("LANTERN_BLIND_INDEX_KEY", default="local-only-blind-index-key")
LANTERN_AUDIT_KEY = env("LANTERN_AUDIT_KEY", default="local-only-audit-chain-key")

DATABASES = {
    "default": database(env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'lantern.sqlite3'}")),  # noqa: F405
}
if DATABASE_OWNER_URL:  # noqa: F405  (migrations and grants only; see base.py)
    DATABASES["owner"] = database(DATABASE_OWNER_URL)  # noqa: F405

# Tasks run inline in the web process: no Redis or worker needed.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

# Serve our static files through WhiteNoise straight from the finders, with or without DEBUG
# (runserver serves them itself only when DEBUG is on).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

LANTERN_DEMO_TOOLS = True
# No virus scanner here: the demo's files are not real, so unscanned uploads are accepted.
LANTERN_ALLOW_UNSCANNED_UPLOADS = env.bool("LANTERN_ALLOW_UNSCANNED_UPLOADS", default=True)

# One process: its memory is a shared cache for the rate limits.
SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003"]  # noqa: F405

# Tasks run inline here, so Celery's "task succeeded" line would follow every email
# queued (dozens while the demo is seeded): keep its warnings and errors only.
cast(dict[str, Any], LOGGING["loggers"])["celery.app.trace"] = {  # noqa: F405
    "handlers": ["console"], "level": "WARNING", "propagate": False,
}
