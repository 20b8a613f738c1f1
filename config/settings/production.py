"""Production: PostgreSQL, Redis, Celery workers, HTTPS only.

Refuses to start without its secrets: there are no defaults for the secret
key, the encryption keys, the allowed hosts or the database.
"""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
LANTERN_FIELD_KEYS = env.list("LANTERN_FIELD_KEYS")
LANTERN_BLIND_INDEX_KEY = env("LANTERN_BLIND_INDEX_KEY")
LANTERN_AUDIT_KEY = env("LANTERN_AUDIT_KEY")
if not ALLOWED_HOSTS or not LANTERN_FIELD_KEYS or not LANTERN_BLIND_INDEX_KEY or not LANTERN_AUDIT_KEY:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS, LANTERN_FIELD_KEYS, LANTERN_BLIND_INDEX_KEY and LANTERN_AUDIT_KEY must be set."
    )
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters.")

DATABASES = {"default": database(env("DATABASE_URL"))}  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASE_OWNER_URL:  # noqa: F405  (migrations and grants only; see base.py)
    DATABASES["owner"] = database(DATABASE_OWNER_URL)  # noqa: F405

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/1")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
SESSION_ENGINE = "lantern.accounts.sessions.cached_db"

CELERY_TASK_ALWAYS_EAGER = False

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-lantern_session"
CSRF_COOKIE_NAME = "__Host-lantern_csrf"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATIC_ROOT = env.path("STATIC_ROOT", default=STATIC_ROOT)  # noqa: F405
MEDIA_ROOT = env.path("LANTERN_MEDIA_ROOT", default=MEDIA_ROOT)  # noqa: F405

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")

LANTERN_DEMO_TOOLS = False
