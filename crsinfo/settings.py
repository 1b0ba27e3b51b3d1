"""Settings for crsinfo: one file, driven by environment variables.

Django variables take a ``DJANGO_`` prefix. DEBUG is off unless
``DJANGO_DEBUG`` says otherwise. See ``.env.example`` for every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in (os.environ.get(name) or default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# The secret key comes from the environment. For local use (`make run`) the
# Makefile writes a generated key to the ignored file `.secret_key`. With
# neither, start-up stops with a clear message: there is no fallback key.
LOCAL_SECRET_KEY_FILE = BASE_DIR / ".secret_key"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and LOCAL_SECRET_KEY_FILE.exists():
    SECRET_KEY = LOCAL_SECRET_KEY_FILE.read_text().strip()
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it in the environment (production), "
        "or run `make setup` (or `make run`), which keeps a generated local key in .secret_key."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Translated content fields; before the admin, as its documentation asks.
    "modeltranslation",
    # Django's admin, with crsinfo.admin_site.AdminSite (two-factor sign-in) as admin.site.
    "crsinfo.apps.CrsinfoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "reversion",
    "reversion_compare",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "crsinfo.apps.CrsinfoConfig",
]

MIDDLEWARE = [
    # /healthz and /readyz for a load balancer: answered first, whatever the Host header.
    "crsinfo.ops.health.HealthChecks",
    # Readers' pages of the current release, kept finished in memory (crsinfo/publishing/page_cache.py).
    "crsinfo.publishing.page_cache.ReleasePageCache",
    # /es/... in Spanish, everything else in English: by the address only (crsinfo/i18n.py).
    "crsinfo.i18n.LanguageFromAddress",
    # Readers' htmx checklist answers, with the headers the whole stack gave the first one
    # (crsinfo/checklist/quick.py); anything else goes on down.
    "crsinfo.checklist.quick.QuickAnswers",
    # Readers' searches, the same way (crsinfo/pages/quick.py).
    "crsinfo.pages.quick.QuickSearch",
    "django.middleware.security.SecurityMiddleware",
    # Outside the session and CSRF middleware: a public page never sets or varies on a cookie.
    "crsinfo.ops.http.NoCookiesOnPublicPages",
    # Keeps each public page on disk, served if the database cannot be reached (crsinfo/ops/last_good.py).
    "crsinfo.ops.last_good.KeepLastGoodCopy",
    "crsinfo.ops.http.NoBodyForHead",
    "crsinfo.ops.http.PlainMethodNotAllowed",
    "crsinfo.ops.http.LengthRequired",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff sessions time out; every admin response is no-store (the lockout page too: it is
    # answered by AxesMiddleware, further down, and passes back through here).
    "crsinfo.staff.sessions.StaffSessions",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it answers locked-out admin logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins after too many failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin sign-in throttling (django-axes, with crsinfo.staff.login.StaffLoginHandler): five failures for
# one user name from one address, or ADDRESS_FAILURE_LIMIT failures for any user names from one
# address (one password sprayed across many names), lock that out for an hour. A wrong two-factor
# code counts as a failure.
AXES_FAILURE_LIMIT = 5
ADDRESS_FAILURE_LIMIT = int(os.environ.get("DJANGO_ADDRESS_FAILURE_LIMIT") or 20)
AXES_COOLOFF_TIME = 1
# After sign-in with no (or an unsafe) "next": the admin, not Django's /accounts/profile/.
LOGIN_REDIRECT_URL = "/admin/"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "crsinfo.staff.login.StaffLoginHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# The client address for throttling: the connection's, unless the site runs behind proxies
# (crsinfo.staff.login.client_ip). DJANGO_TRUSTED_PROXY_COUNT: how many proxies append to
# X-Forwarded-For; DJANGO_TRUSTED_PROXIES: their addresses. Behind a proxy (DJANGO_BEHIND_PROXY)
# the defaults are the shipped set-up, one nginx on the same machine: otherwise every sign-in would
# come from nginx's address (one failure limit for all staff), or, with a count and no addresses, a
# client reaching an app port directly could choose its own address.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "crsinfo.staff.login.client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT") or (1 if BEHIND_PROXY else 0))
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1" if BEHIND_PROXY else "")
# The sign-in log (django-axes' access logs, in admin) is kept this many days, then deleted by
# `manage.py prune_sign_in_log` (run it daily, e.g. from cron or a systemd timer).
SIGN_IN_LOG_DAYS = int(os.environ.get("DJANGO_SIGN_IN_LOG_DAYS") or 90)

# Two-factor sign-in (django-otp): required for Clinical reviewers and superusers; for Editors too
# when DJANGO_TWO_FACTOR_FOR_EDITORS=1.
TWO_FACTOR_FOR_EDITORS = env_bool("DJANGO_TWO_FACTOR_FOR_EDITORS", False)
OTP_TOTP_ISSUER = "CRS information"

# Staff sessions end after 30 minutes without a request and 12 hours after sign-in (NIST SP
# 800-63B, AAL2 reauthentication), and on sign-out (the session is deleted on the server).
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("DJANGO_STAFF_SESSION_IDLE_MINUTES") or 30)
STAFF_SESSION_MAX_HOURS = int(os.environ.get("DJANGO_STAFF_SESSION_MAX_HOURS") or 12)
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_HOURS * 3600

# Searches one app process answers at once (the others get 429 at once, with Retry-After): a
# flood of searches cannot take every thread from readers' pages. Behind nginx, limit_req also
# limits each client (deploy/crsinfo.nginx.conf).
SEARCH_CONCURRENCY = int(os.environ.get("DJANGO_SEARCH_CONCURRENCY") or 1)

ROOT_URLCONF = "crsinfo.urls"
WSGI_APPLICATION = "crsinfo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "crsinfo.pages.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE") or 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several app processes share one SQLite file (`make run`): a transaction takes the write lock
    # when it begins and waits for it, rather than failing with "database is locked" when two
    # readers both try to start writing (two processes rebuilding the search index, sign-ins).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "last-good": the last good copy of every public page and of the checklist's data, on this app
# server's disk, for when the database cannot be reached (crsinfo/ops/last_good.py).
# The shared cache holds what every worker and app server must agree on: which release is live
# (crsinfo/publishing/) and who has an item open in admin. Redis in production (REDIS_URL, e.g.
# redis://127.0.0.1:6379/0); otherwise files under var/cache, which every worker of one server
# reads (`make run` needs no other server).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "crsinfo",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR") or str(BASE_DIR / "var" / "cache"),
            "TIMEOUT": None,
        }
    ),
    "last-good": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("DJANGO_LAST_GOOD_DIR") or str(BASE_DIR / "var" / "last-good"),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# E-mail to reviewers and editors (crsinfo/editorial/views.py): printed to the console unless an SMTP
# server is set.
_email_host = os.environ.get("DJANGO_EMAIL_HOST", "")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": int(os.environ.get("DJANGO_EMAIL_PORT") or 587),
                "username": os.environ.get("DJANGO_EMAIL_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
                "use_tls": os.environ.get("DJANGO_EMAIL_TLS", "1") == "1",
                "timeout": 10,
            },
        }
        if _email_host
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_EMAIL_FROM") or "crsinfo@localhost"

# Each app server keeps the releases it serves on its own disk, for when the database is down.
RELEASE_COPY_DIR = Path(os.environ.get("DJANGO_RELEASE_DIR") or BASE_DIR / "var" / "releases")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at /, Spanish at /es/. The address alone chooses the language (crsinfo.i18n.
# LanguageFromAddress): never a cookie, never Accept-Language. Admin is in English.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content translations (django-modeltranslation): each translated field gains _en and _es
# columns on the same row. Readers never see a field-by-field mix: a page is shown in Spanish
# only when its own text is translated, and a shared item not wholly translated is shown wholly
# in English, with a notice (crsinfo/i18n.py: spanish_coverage, show_in_english).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE") or "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed static files never change, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 31536000

# Security headers. Public pages are plain HTML + CSS from this host only.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Behind HTTPS (the default in production) cookies are secure and HSTS is on.
# `make run` serves plain HTTP on 127.0.0.1 and sets DJANGO_HTTPS=0.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS") or 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", HTTPS)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is for a load balancer probing over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_traceback": {"()": "crsinfo.ops.log_filters.WithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_short": {"class": "logging.StreamHandler", "filters": ["no_traceback"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # A 404 log line would carry the reader's path and query: keep it out.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # A bad Host header is an expected 400: no traceback, and nothing the request brought.
        "django.security.DisallowedHost": {"handlers": [], "level": "CRITICAL", "propagate": False},
        # Other refused requests (too many fields, a body too large): the reason in one line, no
        # traceback for anyone to fill the log with.
        "django.security": {"handlers": ["console_short"], "level": "WARNING", "propagate": False},
        # django-axes logs every failed staff sign-in with the user name typed and the address; the
        # sign-in log in the database keeps what lockouts need (README, "Staff sign-in").
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
