"""Local development: SQLite by default, console email, debug pages."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-" + "x" * 40  # noqa: S105 - never used outside a laptop
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True

# Serve static files straight from the source folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
