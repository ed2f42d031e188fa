"""Settings for Dortmund hilft, all driven by the environment.

With no environment at all this is a working development site on SQLite. Production
(DJANGO_ENV=production, or DEBUG switched off in any spelling) refuses to start with unsafe defaults.
"""

import datetime
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_dotenv(path):
    """Load KEY=VALUE lines from an optional .env file; the real environment wins."""
    if not path.exists():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_read_dotenv(BASE_DIR / ".env")


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def envbool(name, default):
    """The one parser for every on/off setting; a value that is not clearly either stops the start."""
    value = os.environ.get(name, default)
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean ({'/'.join(TRUE_WORDS)} or {'/'.join(FALSE_WORDS)}), not {value!r}"
    )


def envint(name, default):
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105 - refused in production

DJANGO_ENV = os.environ.get("DJANGO_ENV", "").strip().lower() or "development"
if DJANGO_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"DJANGO_ENV must be development or production, not {DJANGO_ENV!r}")
# Whoever switches DEBUG off, however they spell it, is running a real site: it gets the safeguards
# below (no default secret key, ALLOWED_HOSTS, secure cookies, HSTS) just as DJANGO_ENV=production does.
PRODUCTION = DJANGO_ENV == "production" or not envbool("DEBUG", "1")
DEBUG = envbool("DEBUG", "0" if PRODUCTION else "1")
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

if PRODUCTION:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names this site answers to.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: content fields per language (<app>/translation.py)
    "dortmund_hilft.apps.PortalAdminConfig",  # django.contrib.admin behind two-factor login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django.forms",  # its widget templates, for the TemplatesSetting renderer below
    "crispy_forms",
    "django_filters",
    "django_countries",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # single-use recovery codes for two-factor login
    "django_tasks",
    "django_tasks_db",
    "partners",
    "crises",
    "donations",
    "warehouse",
    "dortmund_hilft",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise, which serves its own precompressed static files; before the rest, so it
    # compresses the finished page. BREACH needs a secret in a compressed page that also echoes
    # attacker input: Django masks the CSRF token afresh on every response, and public pages hold no
    # other secret.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "dortmund_hilft.languages.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dortmund_hilft.second_factor.StaffSecondFactorMiddleware",
    "dortmund_hilft.private_pages.PrivatePagesNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "dortmund_hilft.request_logging.RequestLogMiddleware",
    "dortmund_hilft.rate_limits.RateLimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dortmund_hilft.urls"
WSGI_APPLICATION = "dortmund_hilft.wsgi.application"

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
                "dortmund_hilft.context_processors.site",
                "dortmund_hilft.languages.language_links",
            ],
        },
    }
]

# Widgets render through TEMPLATES, so templates/ can override a widget (the admin's split date/time).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Serialise writers: BEGIN IMMEDIATE takes the write lock at the start of a transaction,
    # so two bookings checked in parallel cannot both pass their overlap check.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages and figures stay in the cache until staff change data (partners/public_cache.py), and
# at most this long, since some pages change with the date alone (news scheduled for later).
PUBLIC_CACHE_SECONDS = envint("PUBLIC_CACHE_SECONDS", "600")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a login attempt while the address or the account is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_MINUTES = envint("AXES_COOLOFF_MINUTES", "15")
AXES_COOLOFF_TIME = AXES_COOLOFF_MINUTES / 60  # hours
# Only the pair locks: a stranger guessing cannot lock a real user out from elsewhere, and one
# address (a shared office, the proxy itself) cannot lock everyone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The wait runs from the failure that locked, so the minutes on the lockout page hold even if the
# user tries again meanwhile; guessing stays at AXES_FAILURE_LIMIT tries per cool-off either way.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "dortmund_hilft.views.locked_out"
# How many reverse proxies in front append to X-Forwarded-For (1 behind the README's one proxy). With 0,
# the default, only REMOTE_ADDR counts and a client's X-Forwarded-For is never believed.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "dortmund_hilft.client_ip.client_ip_address"

# Rate limits on the public forms (dortmund_hilft/rate_limits.py), counted by django-ratelimit in the
# default cache: Redis in production, so they hold across app servers. django_ratelimit is not in
# INSTALLED_APPS: only its counting is used, and its system check knows neither Django's own
# RedisCache nor that LocMemCache is fine for development and tests.
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", "1")
RATELIMIT_FORM_POSTS_PER_MINUTE = envint("RATELIMIT_FORM_POSTS_PER_MINUTE", "10")
RATELIMIT_FORM_POSTS_PER_HOUR = envint("RATELIMIT_FORM_POSTS_PER_HOUR", "30")
RATELIMIT_MAILS_PER_ADDRESS_PER_HOUR = envint("RATELIMIT_MAILS_PER_ADDRESS_PER_HOUR", "3")
# Pages behind a partner's personal link, every request per client address (dortmund_hilft/rate_limits.py).
RATELIMIT_LINK_REQUESTS_PER_MINUTE = envint("RATELIMIT_LINK_REQUESTS_PER_MINUTE", "30")

# Two-factor (TOTP) login is required for staff (operator, city staff, admin users) on every page
# wherever DEBUG is off (dortmund_hilft/second_factor.py); optional for associations. The old name
# ADMIN_REQUIRE_2FA, from when it guarded only the admin, is still read.
STAFF_REQUIRE_2FA = envbool(
    "STAFF_REQUIRE_2FA", os.environ.get("ADMIN_REQUIRE_2FA", "0" if DEBUG else "1")
)
if PRODUCTION and not STAFF_REQUIRE_2FA:
    raise ImproperlyConfigured("STAFF_REQUIRE_2FA (formerly ADMIN_REQUIRE_2FA) cannot be switched off in production.")
OTP_TOTP_ISSUER = "Dortmund hilft"

LOGIN_URL = "/konto/anmelden/"
PASSWORD_RESET_URL_NAME = "account:password_reset"  # noqa: S105 - a URL name, linked from the lockout page
LOGIN_REDIRECT_URL = "/lager/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "de"
# German is the source; the catalogues in locale/ are compiled when installing (Makefile).
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch")), ("uk", _("Ukrainisch")), ("tr", _("Türkisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Texts staff write (crises, news, actions, appeals, needs, partner cities, associations) are kept per
# language in plain columns (title_de, title_en, …); where one is empty the German text is shown.
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
# The language a reader chose with the switcher (dortmund_hilft/languages.py), kept for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
# Dates read the way of the page's language, by name: {{ day|date:"SHORT_DATE_FORMAT" }} is 29.11.2026 in
# German and 29 Nov 2026 in English (dortmund_hilft/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["dortmund_hilft.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files only staff may see (photos of signed delivery notes): never served as media.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Built open-data exports (donations/export_files.py), one plain and one gzip file per data version: a
# cache, safe to delete; each app server builds its own.
EXPORT_CACHE_DIR = Path(os.environ.get("EXPORT_CACHE_DIR", Path(tempfile.gettempdir()) / "dortmund-hilft-exports"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A small file may unpack to a huge bitmap; uploaded images above this many pixels are refused.
IMAGE_UPLOAD_MAX_PIXELS = envint("IMAGE_UPLOAD_MAX_PIXELS", "40000000")
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

CRISPY_ALLOWED_TEMPLATE_PACKS = ["kern"]
CRISPY_TEMPLATE_PACK = "kern"

# Background work: Django's Tasks API (the django-tasks backport); the queue lives in the database
# and `manage.py db_worker` works it off.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail: every message goes to the outbox (a table, in the sender's transaction) and a worker sends
# it through OUTBOX_DELIVERY_BACKEND: SMTP when EMAIL_HOST is set, the console in development.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "dortmund_hilft.outbox.OutboxBackend")
OUTBOX_DELIVERY_BACKEND = os.environ.get(
    "OUTBOX_DELIVERY_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
try:
    # Seconds between the tries of a message the mail server did not take; after the last retry it is
    # marked failed and waits for staff to send it again.
    OUTBOX_RETRY_DELAYS = [int(item) for item in envlist("OUTBOX_RETRY_DELAYS", "60,300,1800,7200,21600")]
except ValueError:
    raise ImproperlyConfigured("OUTBOX_RETRY_DELAYS must be seconds separated by commas, e.g. 60,300,1800") from None
# A message a worker has been sending for longer than this is taken to be orphaned (the worker died).
OUTBOX_SENDING_TIMEOUT = datetime.timedelta(minutes=envint("OUTBOX_SENDING_TIMEOUT_MINUTES", "5"))
# Sent messages still hold addresses: they are deleted this many days after sending.
OUTBOX_KEEP_SENT_DAYS = envint("OUTBOX_KEEP_SENT_DAYS", "30")
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "10")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Dortmund hilft <noreply@dortmund-hilft.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Facts shown on the legal pages that change over time; kept out of templates.
# The public address of the site, for links that leave a request behind: e-mails, calendar feeds,
# robots.txt, the sitemap and the news feed. Development falls back to the runserver address and
# example addresses; production names its own (checked below), so no mail goes out with them.
SITE_URL = os.environ.get("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").strip().rstrip("/")
UNIT_EMAIL = os.environ.get("UNIT_EMAIL", "" if PRODUCTION else "dortmund-hilft@example.org").strip()
UNIT_PHONE = os.environ.get("UNIT_PHONE", "0231 50-0")
LORD_MAYOR = os.environ.get("LORD_MAYOR", "Alexander Kalouti")
EDITOR_RESPONSIBLE = os.environ.get("EDITOR_RESPONSIBLE", "Leitung Büro für Internationale Beziehungen")
DATA_PROTECTION_OFFICER = os.environ.get(
    "DATA_PROTECTION_OFFICER", "Behördliche Datenschutzbeauftragte der Stadt Dortmund, 44122 Dortmund"
)
DATA_PROTECTION_EMAIL = os.environ.get("DATA_PROTECTION_EMAIL", "" if PRODUCTION else "datenschutz@example.org").strip()
if PRODUCTION:
    if not SITE_URL.startswith(("https://", "http://")):
        raise ImproperlyConfigured("Set SITE_URL to the public address of this site, e.g. https://dortmund-hilft.example")
    for name in ("UNIT_EMAIL", "DATA_PROTECTION_EMAIL"):
        if "@" not in globals()[name]:
            raise ImproperlyConfigured(f"Set {name} to the e-mail address shown on the site and in e-mails.")
# Days after a donation offer is closed until the private offerer's personal data is anonymised.
OFFER_ANONYMISE_AFTER_DAYS = envint("OFFER_ANONYMISE_AFTER_DAYS", "90")
# The answers of a multi-step public form wait in the session this long (warehouse/intake/drafts.py).
FORM_DRAFT_MINUTES = envint("FORM_DRAFT_MINUTES", "30")
DROPOFF_OPEN_REQUESTS_PER_DAY = envint("DROPOFF_OPEN_REQUESTS_PER_DAY", "8")  # undecided public drop-off wishes a day
# How long the servers keep their request logs; stated in the privacy notice, so keep it true.
SERVER_LOG_RETENTION_DAYS = envint("SERVER_LOG_RETENTION_DAYS", "7")

# Security headers. Cookies are secure wherever HTTPS is in front (production).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The portal needs none of these browser features; denied, no embedded or injected script gets them.
DENIED_BROWSER_FEATURES = [
    "accelerometer",
    "ambient-light-sensor",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
PERMISSIONS_POLICY = dict.fromkeys(DENIED_BROWSER_FEATURES, ())
# Django's own page is English and its inline style is blocked by our CSP.
CSRF_FAILURE_VIEW = "dortmund_hilft.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Messages live in the session, so the privacy notice's two cookies (session, CSRF) are all we set.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A load balancer probes the health check over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Only our own origin: no inline scripts or styles, nothing from third parties.
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
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Console logging; JSON lines in production so the log collector can parse them.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "dortmund_hilft.request_logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # runserver logs requests itself in development; gunicorn in production relies on this log.
        "dortmund_hilft.requests": {"level": "INFO" if PRODUCTION else "WARNING"},
    },
}
