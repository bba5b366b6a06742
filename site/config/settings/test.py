"""Test settings: fast hashing, in-memory email, tasks run immediately."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest-django sends mail straight to mail.outbox (locmem); the outbox's delivery does too.
# tests/home/test_email_backend.py switches EMAIL_BACKEND back to the outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process, immediately, so tests see their effects.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Submissions still record their answers for the semantic stage, but do not run it inline
# (the immediate backend would load the language model in every test that commits); the
# semantic tests switch this on with the database backend and a real worker.
SAFEGUARDING_SEMANTIC_ENQUEUE = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the source folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The anonymous page cache is off so tests that change content see it at once; the cache's own
# tests (tests/home/test_page_cache.py) switch it on.
PAGE_CACHE_SECONDS = 0

# Background exports write here (tests that check files point it at their own tmp_path).
PRIVATE_EXPORT_ROOT = Path(tempfile.gettempdir()) / "vru-test-private-exports"
