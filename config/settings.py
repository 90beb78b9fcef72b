"""The one settings module, read from the environment (12-factor).

Every variable is listed in README.md ("Configuration").
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DJANGO_ENV = env("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

INSECURE_SECRET_KEY = "django-insecure-dev-only-never-use-in-production"
SECRET_KEY = env("SECRET_KEY", default=INSECURE_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")
    if SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters in production.")

INSTALLED_APPS = [
    # Our apps first, so that their templates (the Vietnamese admin login, error pages) win.
    "portal",
    "agencies",
    "organization",
    "content",
    "procedures",
    "schedules",
    "ktxh_sync",
    "dispatches",
    "participation",
    "compliance",
    "desk",
    "ops",
    "desk.apps.PortalAdminConfig",  # django.contrib.admin with the portal's site (desk/sites.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "django_ckeditor_5",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    # Two-factor sign-in (accounts/): TOTP apps and single-use backup codes; after auth and the otp
    # plugins, whose admins accounts/admin.py replaces.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "ninja",  # the read API (/api/v1/): its Swagger UI assets are served from static, no CDN
    "django_prometheus",
]

MIDDLEWARE = [
    # First: the request id every log line carries (ops/logs.py), then the request metrics.
    "ops.logs.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "ops.health.OpsEndpointsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous page-cache hits are answered here, before sessions, messages, history and login
    # throttling; it also stores rendered pages and sets ETag / Cache-Control (agencies/cache.py).
    "agencies.cache.PageCacheMiddleware",
    "portal.middleware.LanguageMiddleware",
    # STAFF_MIDDLEWARE below, for every request but a visitor's GET of a public page.
    "portal.middleware.StaffMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "agencies.middleware.AgencyMiddleware",
    # Last but for the metrics: a locked-out login never reaches the view, and the lockout page it
    # answers with still gets the frame and CSP headers of the middleware above.
    "axes.middleware.AxesMiddleware",
    "ops.metrics.RequestMetricsMiddleware",  # django-prometheus's last middleware, the series read here
]
# What a visitor reading a public page (no session, no message waiting) does not need: run by
# portal.middleware.StaffMiddleware, in this order, for the admin, staff, forms and everything else.
STAFF_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor passed
    "portal.middleware.LazyMessageMiddleware",  # Django's, with the storage made on first use
    "accounts.middleware.TwoFactorMiddleware",  # the second step before any admin page
    "simple_history.middleware.HistoryRequestMiddleware",
]
# The admin's checks look for its middleware in MIDDLEWARE only: portal/checks.py looks for it in
# STAFF_MIDDLEWARE instead.
SILENCED_SYSTEM_CHECKS = ["admin.E408", "admin.E409", "admin.E410"]

ROOT_URLCONF = env("PORTAL_ROOT_URLCONF", default="config.urls")  # bench/urls.py adds a baseline view
# The URLs of an agency served on its own host name: the same pages without the slug prefix.
AGENCY_HOST_URLCONF = "config.urls_host"
WSGI_APPLICATION = "config.wsgi.application"

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
                "csp.context_processors.nonce",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}"),
}
# A streaming replica of the primary for public reads (ops/routers.py); PostgreSQL only.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["ops.routers.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("ops.health.OpsEndpointsMiddleware"), "ops.routers.ReplicaMiddleware")
# Seconds a replica may lag before public reads go back to the primary; how often that is checked;
# how long an officer's requests stay on the primary after a save.
PORTAL_REPLICA_MAX_LAG = env.float("PORTAL_REPLICA_MAX_LAG", default=5.0)
PORTAL_REPLICA_CHECK_SECONDS = env.float("PORTAL_REPLICA_CHECK_SECONDS", default=2.0)
PORTAL_REPLICA_RETRY_SECONDS = env.float("PORTAL_REPLICA_RETRY_SECONDS", default=30.0)
PORTAL_REPLICA_STICKY_SECONDS = env.int("PORTAL_REPLICA_STICKY_SECONDS", default=15)
for _alias, _db in DATABASES.items():
    if _db["ENGINE"] == "django.db.backends.postgresql":
        # psycopg 3's pool; persistent connections (CONN_MAX_AGE) must stay off with it. A database
        # that is away fails a request after `timeout` seconds with a 503 page (ops/errors.py).
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=2),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10),
        }
        _db["OPTIONS"].setdefault("connect_timeout", 5)
        _db["CONN_MAX_AGE"] = 0
        # The same driver, instrumented: query counts and timings for /metrics (django-prometheus).
        _db["ENGINE"] = "django_prometheus.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "django_prometheus.db.backends.sqlite3"
    # WAL lets the demo server read while a command writes; IMMEDIATE avoids "database is locked"
    # on write transactions that start by reading.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis, counting hits and misses for /metrics (django-prometheus).
            "BACKEND": "django_prometheus.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
            "TIMEOUT": None,  # public pages are invalidated by version, not by age
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,  # a Redis outage slows pages, never breaks them
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Authentication ---------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours: a locked-out officer waits 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/lockout.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Reverse proxies in front of the app servers (nginx: 1). The lock-out counts per client address,
# read from X-Forwarded-For behind that many proxies; 0 ignores the header (portal/proxy.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.proxy.client_ip"
# Two-factor sign-in (accounts/twofactor.py): required for approvers, agency admins, provincial
# reviewers and superusers when on (the default in production); optional for editors everywhere.
PORTAL_TWO_FACTOR_REQUIRED = env.bool("PORTAL_TWO_FACTOR_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Cổng thông tin điều hành")

# --- History -----------------------------------------------------------------
SIMPLE_HISTORY_REVERT_DISABLED = True  # history is read-only; a rollback is an edit in the change form

# --- Internationalization ---------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=24 * 3600)  # agencies/cache.py

# Media on S3-compatible object storage when a bucket is named (ops/storage.py): private bucket,
# images public, documents by signed URL as downloads. Otherwise MEDIA_ROOT on local disk.
PORTAL_S3_BUCKET = env("PORTAL_S3_BUCKET", default="")
if PORTAL_S3_BUCKET:
    _media_storage = {
        "BACKEND": "ops.storage.PortalS3Storage",
        "OPTIONS": {
            "bucket_name": PORTAL_S3_BUCKET,
            "endpoint_url": env("PORTAL_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("PORTAL_S3_REGION", default="") or None,
            "access_key": env("PORTAL_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("PORTAL_S3_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": env("PORTAL_S3_PUBLIC_DOMAIN", default="") or None,
            # Signed links sit in cached pages: they outlive the page cache by an hour.
            "querystring_expire": env.int("PORTAL_S3_URL_SECONDS", default=PORTAL_PAGE_CACHE_SECONDS + 3600),
            "addressing_style": env("PORTAL_S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves straight from the static folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Upload rules (portal/uploads.py): sizes in bytes, images capped on their longest side.
PORTAL_MAX_DOCUMENT_SIZE = env.int("PORTAL_MAX_DOCUMENT_SIZE", default=25 * 1024 * 1024)
PORTAL_MAX_IMAGE_SIZE = env.int("PORTAL_MAX_IMAGE_SIZE", default=10 * 1024 * 1024)
PORTAL_MAX_IMAGE_SIDE = 2400
PORTAL_MAX_IMAGE_PIXELS = 40_000_000
# Uploads are refused (with a message) when the media disk would have less than this left.
PORTAL_MEDIA_MIN_FREE = env.int("PORTAL_MEDIA_MIN_FREE", default=50 * 1024 * 1024)

# Public page cache (agencies/cache.py); turned off only to measure the uncached cost.
PORTAL_PAGE_CACHE = env.bool("PORTAL_PAGE_CACHE", default=True)
# The layout's banner, navigation and footer cached per agency version (agencies/templatetags/layout.py).
PORTAL_FRAGMENT_CACHE = env.bool("PORTAL_FRAGMENT_CACHE", default=True)
# Cache-Control of anonymous public pages (agencies/cache.py): how long a browser, nginx or a CDN
# may keep a page without asking, and how long it may serve it stale while it asks again (the ETag
# makes the question cheap: a 304 from the page cache).
PORTAL_PUBLIC_MAX_AGE = env.int("PORTAL_PUBLIC_MAX_AGE", default=10)
PORTAL_PUBLIC_STALE_WHILE_REVALIDATE = env.int("PORTAL_PUBLIC_STALE_WHILE_REVALIDATE", default=30)
# Read API (/api/v1/): requests per client address (ninja throttle rate, e.g. "600/m").
PORTAL_API_RATE = env.str("PORTAL_API_RATE", default="600/m")

# Syncs may fetch from private or loopback addresses only when this is on (portal/fetch.py).
PORTAL_FETCH_ALLOW_INTERNAL = env.bool("PORTAL_FETCH_ALLOW_INTERNAL", default=False)
# The largest body a sync may download (bytes); each fetch also has one deadline, the source's time-out.
PORTAL_FETCH_MAX_BYTES = env.int("PORTAL_FETCH_MAX_BYTES", default=20 * 1024 * 1024)

# Section 7: local folders a KTXH source may read with file:// (empty: the shipped samples only).
KTXH_SYNC_FILE_ROOTS = env.list("KTXH_SYNC_FILE_ROOTS", default=[])
# Section 8: the push API's limits (bytes per request, items per request, requests per window of
# seconds per key) and the largest document-system export the pull sync accepts.
DISPATCHES_API_MAX_BYTES = env.int("DISPATCHES_API_MAX_BYTES", default=2 * 1024 * 1024)
DISPATCHES_API_MAX_ITEMS = env.int("DISPATCHES_API_MAX_ITEMS", default=1000)
DISPATCHES_API_RATE = (env.int("DISPATCHES_API_RATE_REQUESTS", default=60),
                       env.int("DISPATCHES_API_RATE_SECONDS", default=60))
DISPATCHES_SYNC_MAX_BYTES = env.int("DISPATCHES_SYNC_MAX_BYTES", default=20 * 1024 * 1024)
# django-import-export's own exports neutralise spreadsheet formulas; the admin's formats
# (portal.downloads.SafeCSV/SafeXLSX) do it the OWASP way and keep XLSX cells typed.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# The address of the province site, used for links from an agency's own host name back to it.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="")

# --- E-mail -----------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="cong-thong-tin@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Rich text: CKEditor 5 ---------------------------------------------------
# Source editing, HTML embed and General HTML Support are left out on purpose; whatever the editor
# sends is sanitized again on save (portal/sanitize.py).
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "vi",
        "toolbar": {
            "items": [
                "heading", "|", "bold", "italic", "underline", "link", "alignment", "|",
                "bulletedList", "numberedList", "blockQuote", "insertTable", "imageUpload", "|",
                "undo", "redo",
            ],
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Đoạn văn", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Tiêu đề 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Tiêu đề 3", "class": "ck-heading_heading3"},
                {"model": "heading4", "view": "h4", "title": "Tiêu đề 4", "class": "ck-heading_heading4"},
            ]
        },
        # Alignment as the classes the sanitizer keeps (portal/office_html.py ALIGN_CLASSES), not inline
        # styles: the public pages' CSP would ignore those, and the editor reads the classes back.
        "alignment": {"options": [
            {"name": "left", "className": "text-left"},
            {"name": "center", "className": "text-center"},
            {"name": "right", "className": "text-right"},
            {"name": "justify", "className": "text-justify"},
        ]},
        "image": {"toolbar": ["imageTextAlternative", "toggleImageCaption"]},
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "link": {"defaultProtocol": "https://"},
    },
}
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "webp"]
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "editor_image_upload"

# --- Security ---------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SESSION_COOKIE_AGE = 8 * 3600

# Content Security Policy (django-csp 4): strict on public pages, no inline script anywhere.
# The admin's rich-text editor sets inline styles, so under /admin/ alone styles may be inline
# (portal.middleware.PortalCSPMiddleware).
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
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
ADMIN_STYLE_SRC = ["'self'", "'unsafe-inline'"]

# --- Operations (ops/) ----------------------------------------------------------
# Who may read /metrics from gunicorn directly (nginx refuses the path): addresses or networks.
PORTAL_METRICS_ALLOWED_IPS = env.list("PORTAL_METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
PROMETHEUS_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, float("inf"))

# Logs on standard output: JSON lines with the request id in production (LOG_FORMAT=json), plain text
# in development. The access line of each request is logged at INFO by ops.logs.
LOG_FORMAT = env("LOG_FORMAT", default="json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ops.logs.PortalJsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                    "formatter": "json" if LOG_FORMAT == "json" else "text"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "portal.access": {"level": env("ACCESS_LOG_LEVEL", default="INFO" if PRODUCTION else "WARNING")},
    },
}
