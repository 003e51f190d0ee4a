"""Django settings, all from the environment, with defaults for one office PC.

The default is what a township runs on its one computer: SQLite in WAL mode and files
under a data folder, no other server. A province sets DATABASE_URL to PostgreSQL and runs
several processes; nothing else changes.

Environment:
  GONGKAI_DATA_DIR   where the database, uploads and backups live (default: ./data)
  DATABASE_URL       sqlite:///path/to.db | postgresql://user:pass@host:5432/name
  SECRET_KEY         default: generated once and kept in the data folder
  ALLOWED_HOSTS      comma-separated (default: localhost,127.0.0.1)
  DEBUG              1 to enable (never in production)
  GONGKAI_SESSION_IDLE_MINUTES  sign out after this much inactivity (default 30)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", Path.cwd() / "data")).resolve()


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in (
        "1",
        "true",
        "yes",
        "on",
    )


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    # One PC, no configuration: make a key once and keep it with the data, readable by
    # the owner only, so sessions survive restarts.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def database_from_url(url: str) -> dict:
    """DATABASE_URL to Django's DATABASES entry (sqlite and postgresql only)."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        name = unquote(parsed.path[1:] if parsed.path.startswith("//") else parsed.path) or str(
            DATA_DIR / "gongkai.sqlite3"
        )
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            # WAL lets readers work while a writer writes; IMMEDIATE avoids "database is
            # locked" surprises when two requests write at once on the office PC.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
            "TEST": {"NAME": None},
        }
    if parsed.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ValueError(f"DATABASE_URL must be sqlite:// or postgresql://, not {parsed.scheme}://")


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "gongkai.accounts",
    "gongkai.agencies",
    "gongkai.audit",
    "gongkai.web",
    "gongkai.reports",
    "gongkai.calendars",
    "gongkai.applications",
    "gongkai.lexicon",
    "gongkai.catalog",
    "gongkai.publishing",
    "gongkai.search",
    "gongkai.inspection",
    "gongkai.interaction",
    "gongkai.yearreports",
    "gongkai.api",
    "gongkai.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.accounts.middleware.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "gongkai.accounts.passwords.LengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "gongkai.accounts.passwords.CharacterClassValidator"},
    {"NAME": "gongkai.accounts.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

# 等保: sign out after inactivity; the cookie is refreshed on every request so the
# limit counts idle time, not time since sign-in.
SESSION_COOKIE_AGE = int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("GONGKAI_HTTPS")
CSRF_COOKIE_SECURE = _env_bool("GONGKAI_HTTPS")
if _env_bool("GONGKAI_HTTPS"):
    # Behind nginx (docs/deploy.md) requests reach gunicorn over plain HTTP; the proxy's
    # X-Forwarded-Proto says they were HTTPS. gunicorn must only be reachable via nginx.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", "0"))
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
GONGKAI_LOCKOUT_FAILURES = int(os.environ.get("GONGKAI_LOCKOUT_FAILURES", "5"))
GONGKAI_LOCKOUT_MINUTES = int(os.environ.get("GONGKAI_LOCKOUT_MINUTES", "15"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "files"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A supervisor uploads a county's reports at once; more than this should come as a zip.
DATA_UPLOAD_MAX_NUMBER_FILES = 500

# Background work (gongkai worker): Huey on a SQLite file in the data folder on one PC,
# on Redis when GONGKAI_REDIS_URL is set (several machines).
GONGKAI_REDIS_URL = os.environ.get("GONGKAI_REDIS_URL") or None
GONGKAI_HUEY_IMMEDIATE = _env_bool("GONGKAI_HUEY_IMMEDIATE")
# Shared cache (throttling of the public tracking page, dashboard cards): Redis when
# configured, so that every gunicorn worker counts the same wrong guesses; otherwise each
# process keeps its own (fine for one office PC).
if GONGKAI_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": GONGKAI_REDIS_URL,
        }
    }

# E-mail (deadline reminders). Nothing is mailed unless EMAIL_HOST is set; behind a closed
# network this is the government mail relay. GONGKAI_EMAIL_REMINDERS=0 turns reminders off
# even then; GONGKAI_SITE_URL makes the links in mails absolute.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
if "GONGKAI_EMAIL_REMINDERS" in os.environ:
    GONGKAI_EMAIL_REMINDERS = _env_bool("GONGKAI_EMAIL_REMINDERS")
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "")

# The availability probe (inspection, 19号 "站点无法访问"): the address the worker reaches the
# site by, e.g. http://127.0.0.1:8000/. Unset, the probe renders the home page in-process,
# which catches database and program failures but not a stopped web server.
GONGKAI_PROBE_URL = os.environ.get("GONGKAI_PROBE_URL", "")

# Report uploads one API token may make per hour (docs/api.md).
GONGKAI_API_UPLOADS_PER_HOUR = int(os.environ.get("GONGKAI_API_UPLOADS_PER_HOUR", "60"))

# Serve static files from the apps too, so a fresh checkout works before collectstatic.
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}
