"""Django settings of the doingoai web platform.

Deployment is configured by environment variables only (see `doingoai.web.config`):

- `DOINGOAI_DATA_DIR`: the data folder (default `./data`), created if missing; it holds the SQLite
  database and, unless `DOINGOAI_SECRET_KEY` is set, the generated secret key (mode 600).
- `DATABASE_URL`: e.g. `postgres://user@host:5432/name`; without it, SQLite in the data folder.
- `DOINGOAI_SECRET_KEY`: the secret key (set it in production).
- `DOINGOAI_DEBUG=1`: debug mode (never in production).
- `DOINGOAI_HTTPS=1`: the site is served over HTTPS: secure cookies, HSTS, proxy header.
- `DOINGOAI_ALLOWED_HOSTS`: comma-separated host names (default: localhost names).
- `DOINGOAI_EMAIL_HOST`, `DOINGOAI_EMAIL_FROM`: SMTP for the daily digest (default: printed to the console).
- `DOINGOAI_REPORT_JOBS_KEEP_DAYS`: days a built annual report is kept (default 30; see
  `doingoai report_jobs_purge`).
- `DOINGOAI_CLIENT_ADDRESS_HEADER`: behind a trusted reverse proxy, the header that carries the
  client's address (e.g. `X-Forwarded-For`); unset, REMOTE_ADDR is used (login throttling).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from doingoai.web import config

BASE_DIR = Path(__file__).resolve().parent
config.umask_restrict()
DATA_DIR = config.data_dir_prepare(os.environ)

SECRET_KEY = config.secret_key_load(os.environ, DATA_DIR)
DEBUG = config.env_flag(os.environ, "DOINGOAI_DEBUG")
HTTPS = config.env_flag(os.environ, "DOINGOAI_HTTPS")
ALLOWED_HOSTS = config.hosts_allowed(os.environ)

INSTALLED_APPS = [
    "doingoai.web",
    "doingoai.directory",
    "doingoai.accounts",
    "doingoai.audit",
    "doingoai.library",
    "doingoai.search",
    "doingoai.api",
    "doingoai.aid",
    "doingoai.reports",
    "doingoai.tasks",
    "doingoai.notifications",
    "doingoai.reporting",
    "doingoai.ops",
    # Serves the API docs' Swagger UI from the package's static files, not from a CDN.
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Background work (imports): Django's Tasks API, its queue kept in the database (see TASKS).
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves the static files (CSS, the API docs' scripts) under gunicorn, with no web server in front.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the user is known: without a language cookie, the signed-in person's own choice applies.
    "doingoai.web.middleware.LanguageMiddleware",
    # Every page needs a signed-in user unless its view is marked `login_not_required`.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database still busy after the wait becomes a "try again" page (503), not a server error.
    "doingoai.web.middleware.DatabaseBusyMiddleware",
    "csp.middleware.CSPMiddleware",
    # An action's address opened directly (405) gets a page that says what to do, not a blank one;
    # inside CSP's middleware, so that page carries the policy too.
    "doingoai.web.middleware.MethodNotAllowedPageMiddleware",
    # The API's own 404 and 405 in JSON, with words; its 401 names the Bearer scheme.
    "doingoai.web.middleware.ApiAnswersInJsonMiddleware",
]

ROOT_URLCONF = "doingoai.web.urls"
WSGI_APPLICATION = "doingoai.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "doingoai.web.context.site",
            ],
        },
    },
]

DATABASES = {"default": config.database_config(os.environ, DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (doingoai.accounts.throttle): failures per user name and address.
LOGIN_FAILURES_ALLOWED = 5
LOGIN_LOCKOUT_MINUTES = 15
# Password spraying: different user names failing from one address, and for how long it is locked.
LOGIN_SPRAY_USERNAMES_ALLOWED = 20
LOGIN_SPRAY_MINUTES = 60
# Behind a reverse proxy: the header that carries the client's address (e.g. X-Forwarded-For).
LOGIN_CLIENT_ADDRESS_HEADER = config.client_address_header(os.environ)
# API tokens expire after this many days (`DOINGOAI_API_TOKEN_DAYS`).
API_TOKEN_DAYS = int(os.environ.get("DOINGOAI_API_TOKEN_DAYS") or 90)
# Built or failed annual reports are kept this many days (`DOINGOAI_REPORT_JOBS_KEEP_DAYS`), then
# `doingoai report_jobs_purge` deletes them with their Word files.
REPORT_JOBS_KEEP_DAYS = int(os.environ.get("DOINGOAI_REPORT_JOBS_KEEP_DAYS") or 30)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Vietnamese numbers are grouped with dots: 5.217.910.000.000 (Django's `vi` sets no grouping).
FORMAT_MODULE_PATH = ["doingoai.web.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# `doingoai serve` collects the static files into STATIC_ROOT before it starts; the folder exists
# from the start so that whitenoise finds it in every process (tests and runserver included).
STATIC_ROOT.mkdir(exist_ok=True)
# Files answered at the site's root: /favicon.ico, which browsers ask for on pages that name no icon
# (the admin's, the API docs, a file opened in the browser) and some clients always.
WHITENOISE_ROOT = Path(__file__).resolve().parent / "root"

# Sessions are read from the cache (the database keeps them too, and answers when the cache does
# not hold one): a signed-in request no longer queries the sessions table. diskcache writes and
# deletes wait for their shard rather than give up, so a signed-out session leaves the cache too.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# A session's user is read with their unit (`accounts.backends`).
AUTHENTICATION_BACKENDS = ["doingoai.accounts.backends.UserWithUnitBackend"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "doingoai.web.views.csrf_failure"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles from this site only, never inline.
# The API docs (Swagger UI at /api/docs) work under it unchanged (tests/browser/test_csp_browser.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if HTTPS and not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    # Behind a reverse proxy that terminates TLS and sets this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Uploads: each file's size is checked while it streams in (doingoai.uploads), then by the
# page's own limit (doingoai.library.sources, doingoai.aid). Form fields stay small.
DATA_UPLOAD_MAX_NUMBER_FILES = 50
# Background work runs as tasks (Django's Tasks API, `django_tasks`): the database backend keeps
# the queue in the same database, and `doingoai worker` processes it (`doingoai serve` starts one).
# Another backend (e.g. django-tasks-rq on Redis) plugs in by replacing this setting: see README.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The pages kept under a records revision (`doingoai.revisions`) and the home page's figures: in
# the data folder, so that every web process (and the worker) shares what one of them computed.
# diskcache keeps them in small SQLite files (4 shards, so writers seldom wait on each other) and
# drops the oldest stored past 256 MB, a few at a time. Django's own file cache listed every file
# of the folder on each write to decide what to drop: 9 ms a kept page with 4,500 of them, against
# 0.3 ms here. A write that would wait more than 0.1 s for a shard is skipped (the page is then
# computed again, never wrong). Several machines can share one cache (Redis, memcached) through a
# settings module of their own (a kept page's key holds its revision, so sharing is safe).
CACHES = {
    "default": {
        "BACKEND": "doingoai.web.cache.KeptPagesCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "SHARDS": 4,
        "DATABASE_TIMEOUT": 0.1,
        "OPTIONS": {"size_limit": 256 * 2**20},
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "doingoai.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
UPLOAD_MAX_BYTES = 50 * 1024 * 1024
# Aid: a conversion whose exchange rate is older than this many days is flagged on the pages.
AID_RATE_MAX_AGE_DAYS = 31

SITE_TITLE = _("Hệ thống thông tin đối ngoại nhân dân")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# E-mail (the daily digest): printed to the console unless an SMTP host is configured
# (`DOINGOAI_EMAIL_HOST`, with `DOINGOAI_EMAIL_FROM`).
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("DOINGOAI_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DOINGOAI_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DOINGOAI_EMAIL_FROM", "doingoai@localhost")
