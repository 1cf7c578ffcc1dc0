"""Server settings, read from the environment (see docs/configuration.md)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import django_stubs_ext
from django.utils.translation import gettext_lazy as _
from huey import RedisHuey, SqliteHuey

from federkiel import config

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

DEBUG = config.env_bool("FEDERKIEL_DEBUG", False)
SECRET_KEY = config.secret_key(DATA_DIR)

BASE_URL = config.env_url("FEDERKIEL_BASE_URL", "http://127.0.0.1:8000", ("http", "https")).rstrip(
    "/"
)
_base = urlsplit(BASE_URL)
BASE_DOMAIN = _base.hostname or "127.0.0.1"
URL_MODE = config.env_choice("FEDERKIEL_URL_MODE", "path", ("path", "subdomain"))

ALLOWED_HOSTS = [BASE_DOMAIN, "localhost", "127.0.0.1", "[::1]"]
if URL_MODE == "subdomain":
    ALLOWED_HOSTS.append("." + BASE_DOMAIN)
ALLOWED_HOSTS += [h for h in config.env_str("FEDERKIEL_ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [f"{_base.scheme}://{_base.netloc}"]
if URL_MODE == "subdomain":
    CSRF_TRUSTED_ORIGINS.append(f"{_base.scheme}://*.{_base.netloc}")
SECURE_HSTS_SECONDS = config.env_int("FEDERKIEL_HSTS_SECONDS", 0)
if _base.scheme == "https":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
else:
    SECURE_HSTS_SECONDS = 0
if URL_MODE == "subdomain":
    SESSION_COOKIE_DOMAIN = BASE_DOMAIN
    CSRF_COOKIE_DOMAIN = BASE_DOMAIN

INSTALLED_APPS = [
    "federkiel.accounts",
    "federkiel.blogs",
    "federkiel.stories",
    "federkiel.archive",
    "federkiel.feeds",
    "federkiel.sidebar",
    "federkiel.stats",
    "federkiel.comments",
    "federkiel.linkbacks",
    "federkiel.search",
    "federkiel.media",
    "federkiel.porting",
    "federkiel.skins",
    "federkiel.mail",
    "federkiel.platform",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "federkiel.blogs.middleware.SubdomainBlogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After the locale (the 404 page is in the reader's language) and the subdomain rewrite.
    "federkiel.platform.middleware.NulPathMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "federkiel.blogs.middleware.SignInRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "federkiel.urls"
WSGI_APPLICATION = "federkiel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "federkiel.platform.context_processors.platform",
            ],
        },
    },
]

DATABASES = {"default": config.database(os.environ.get("DATABASE_URL"), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    config.env_url("REDIS_URL", REDIS_URL, ("redis", "rediss", "unix"))
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    HUEY = RedisHuey("federkiel", url=REDIS_URL)
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
    HUEY = SqliteHuey("federkiel", filename=str(DATA_DIR / "tasks.sqlite3"))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["federkiel.accounts.backends.UsernameOrEmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "platform:dashboard"
LOGOUT_REDIRECT_URL = "platform:home"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploads (see docs/configuration.md, "Media"): per-file limit, per-blog quota, delivery.
MEDIA_UPLOAD_MAX_BYTES = config.env_int("FEDERKIEL_UPLOAD_MAX_MB", 20, minimum=1) * 1024 * 1024
MEDIA_QUOTA_BYTES = config.env_int("FEDERKIEL_MEDIA_QUOTA_MB", 200) * 1024 * 1024
MEDIA_ACCEL = config.env_choice("FEDERKIEL_MEDIA_ACCEL", "off", ("off", "nginx", "sendfile"))
MEDIA_ACCEL_LOCATION = (
    "/" + config.env_str("FEDERKIEL_MEDIA_ACCEL_LOCATION", "/protected-media/").strip("/") + "/"
)
# Imports (docs/import-export.md): the largest file the upload form takes.
IMPORT_MAX_BYTES = config.env_int("FEDERKIEL_IMPORT_MAX_MB", 512, minimum=1) * 1024 * 1024
# Form fields stay small; files above 2.5 MB go to a temporary file, not memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_PERMISSIONS = 0o644
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

globals().update(
    config.email(config.env_str("FEDERKIEL_EMAIL_URL", f"file://{DATA_DIR / 'mail'}"), DATA_DIR)
)
DEFAULT_FROM_EMAIL = config.env_str("FEDERKIEL_MAIL_FROM", f"Federkiel <noreply@{BASE_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Statistics: referrer rows are deleted after this many days (docs/statistics.md).
STATS_REFERRER_DAYS = config.env_int("FEDERKIEL_STATS_REFERRER_DAYS", 90, minimum=1)

# Comments: moderation, spam defence and privacy (docs/configuration.md).
COMMENT_IP_DAYS = config.env_int("FEDERKIEL_COMMENT_IP_DAYS", 14, minimum=1)
COMMENT_EDIT_MINUTES = config.env_int("FEDERKIEL_COMMENT_EDIT_MINUTES", 15)
COMMENT_MIN_SECONDS = config.env_int("FEDERKIEL_COMMENT_MIN_SECONDS", 3)
COMMENT_RATE_PER_IP = config.env_int("FEDERKIEL_COMMENT_RATE_PER_IP", 5, minimum=1)
COMMENT_RATE_PER_ACCOUNT = config.env_int("FEDERKIEL_COMMENT_RATE_PER_ACCOUNT", 10, minimum=1)
COMMENT_MAX_LINKS = config.env_int("FEDERKIEL_COMMENT_MAX_LINKS", 3)
COMMENT_IMAGES = config.env_bool("FEDERKIEL_COMMENT_IMAGES", False)
# Linkback sources are fetched from public addresses only; tests allow their loopback server.
LINKBACK_FETCH_ALLOW_LOOPBACK = False
# Whether published stories tell the pages they link to (tests turn it on where they test it).
LINKBACKS_SEND = True
COMMENT_SPAM_CHECKERS = config.env_list(
    "FEDERKIEL_COMMENT_SPAM_CHECKERS",
    ["federkiel.comments.spam.LinkCountChecker", "federkiel.comments.spam.PatternChecker"],
)
AKISMET_URL = config.env_str("FEDERKIEL_AKISMET_URL", "")
AKISMET_KEY = config.env_str("FEDERKIEL_AKISMET_KEY", "")
if AKISMET_URL:
    config.env_url("FEDERKIEL_AKISMET_URL", AKISMET_URL, ("http", "https"))

RATELIMIT_VIEW = "federkiel.accounts.views.rate_limited"
# Requests from these proxies carry the visitor's address in X-Forwarded-For.
FORWARDED_ALLOW_IPS = config.env_networks("FEDERKIEL_FORWARDED_ALLOW_IPS", "127.0.0.1")
RATELIMIT_IP_META_KEY = "federkiel.accounts.limits.client_ip"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

LOG_LEVEL = config.env_choice(
    "FEDERKIEL_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
