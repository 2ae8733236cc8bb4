"""Neue Wege settings: one file, driven by the environment (see docs/configuration.md).

SQLite at var/neue_wege.sqlite3 unless DATABASE_URL names another database (PostgreSQL in
production and CI). DEBUG is off unless the environment turns it on; the demo command does.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django.conf.locale
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from neue_wege.core.caches import cache_from_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the file named by NAME_FILE (for secrets mounted as files)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Without SECRET_KEY a development key is used; `neuewege check --deploy` rejects it (W009).
SECRET_KEY = env("SECRET_KEY") or "django-insecure-development-only-never-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # single-use recovery codes (stored hashed, two_factor.py)
    "django_tasks",  # Django's Tasks API (backport): background jobs (neue_wege.jobs)
    "django_tasks_db",  # its database queue: works on SQLite and PostgreSQL, no extra server
    "neue_wege.core",
    "neue_wege.organisation",
    "neue_wege.privacy",
    "neue_wege.programmes",
    "neue_wege.clients",
    "neue_wege.dashboards",
    "neue_wege.strengths",
    "neue_wege.evaluation",
    "neue_wege.orientation",
    "neue_wege.portal",
    "neue_wege.outcomes",
    "neue_wege.jobs",
    "neue_wege.inbox",  # staff notices and the daily digest (issue 15)
    "neue_wege.messaging",
    "neue_wege.api",  # the REST API for the case system (issue 16, docs/api.md)
    "neue_wege.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "neue_wege.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed the second factor (staff)?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A change refused by a restriction of processing (Art. 18) gets a German page (409).
    "neue_wege.privacy.middleware.ProcessingRestrictedMiddleware",
    # Logs out after NW_IDLE_TIMEOUT_MINUTES without a request (needs messages).
    "neue_wege.core.middleware.IdleTimeoutMiddleware",
    # Staff reach nothing but the code, set-up, log-out and legal pages until verified.
    "neue_wege.organisation.two_factor.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A single-sign-on session ends as soon as the county's provider no longer vouches for it;
    # its pages may send the log-out form on to the provider (CSP form-action), so it sits
    # inside the CSP middleware.
    "neue_wege.organisation.sso.SsoSessionCheckMiddleware",
    # Authenticated pages are never kept in shared or browser caches.
    "neue_wege.core.middleware.NoStoreForAuthenticatedMiddleware",
    # Turns a lock-out (too many failed log-ins) into the German lock-out page; must be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "neue_wege.urls"
WSGI_APPLICATION = "neue_wege.wsgi.application"

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
                "django.template.context_processors.i18n",
                "neue_wege.dashboards.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("CONN_MAX_AGE", 0),
            conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
        )
    }
else:
    SQLITE_PATH = Path(env("SQLITE_PATH", str(PROJECT_DIR / "var" / "neue_wege.sqlite3")) or "")
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # Concurrent writers wait for each other instead of failing.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Shared by every worker: Redis when CACHE_URL/REDIS_URL names it, else a table in the
# database (no server needed). neue_wege/core/caches.py, docs/configuration.md.
CACHES = {"default": cache_from_url(env("CACHE_URL") or env("REDIS_URL"))}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "organisation.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "login"
# django-axes watches every log-in first (it needs the request: only the login view
# authenticates); the model backend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Staff single sign-on (OpenID Connect); answers nothing until configured.
    "neue_wege.organisation.sso.CountySsoBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
# Production: "__Host-nw-session" / "__Host-nw-csrftoken" (HTTPS only, this host only).
SESSION_COOKIE_NAME = env("SESSION_COOKIE_NAME", "sessionid") or "sessionid"
CSRF_COOKIE_NAME = env("CSRF_COOKIE_NAME", "csrftoken") or "csrftoken"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 10 * 60 * 60)  # absolute lifetime: 10 h
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Idle timeout: a session without a request for this long is logged out (core.middleware).
NW_IDLE_TIMEOUT_MINUTES = env_int("NW_IDLE_TIMEOUT_MINUTES", 30)
# The page warns this many seconds before the idle timeout and offers "Angemeldet bleiben".
NW_IDLE_WARNING_SECONDS = env_int("NW_IDLE_WARNING_SECONDS", 60)

# --- Second factor for staff (django-otp, TOTP; organisation.two_factor) ---------------------
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Neue Wege") or "Neue Wege"
# Wrong codes slow down exponentially: after n failures the next try waits 2^(n-1) seconds.
OTP_TOTP_THROTTLE_FACTOR = env_int("OTP_TOTP_THROTTLE_FACTOR", 1)

# --- Log-in throttling (django-axes) ----------------------------------------------------------
# Five failed attempts for one user name from one address lock that combination for 15 minutes
# (timed release, never permanent). Counting per combination keeps a shared office address
# (NAT) from locking everyone out. Failed and successful log-ins are kept in axes' own tables
# (AccessAttempt, AccessFailureLog, AccessLog), not in the audit log; see docs/security.md.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The same counting covers a wrong current password on "Passwort ändern" and wrong invitation
# codes (limit per address); an address with NW_ADDRESS_FAILURE_LIMIT failures over all names
# (password spraying) is locked for every name (organisation.services.throttle_failure_limit).
NW_LOGIN_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
NW_INVITATION_CODE_FAILURE_LIMIT = env_int("NW_INVITATION_CODE_FAILURE_LIMIT", 10)
NW_ADDRESS_FAILURE_LIMIT = env_int("NW_ADDRESS_FAILURE_LIMIT", 30)
AXES_FAILURE_LIMIT = "neue_wege.organisation.services.throttle_failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "neue_wege.privacy.views.audit.login_locked"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Masked in axes' copy of the form data: the current and new passwords on "Passwort ändern"
# and the invitation code are never stored ("password" is masked by axes itself).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "current", "password1", "password2",
                             "code"]
# Behind a reverse proxy: how many proxies add to X-Forwarded-For (unset: use REMOTE_ADDR).
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# --- Security headers (production values come from the environment) ------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
if env("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp 4): everything from our own origin, no inline script or
# style, no plug-ins, no framing. htmx's indicator <style> is switched off in base.html.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "de"
# LANGUAGES: see "Languages of the participants (issue 14)" at the end.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
# KERN UX, htmx and axe-core come from npm (package.json); `./dev` runs `npm ci`.
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    ("kern", NODE_MODULES / "@kern-ux" / "native" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]

# Structured logs (issue 16): one JSON object per line on stderr with the request id
# (neue_wege/core/logs.py); LOG_FORMAT=text for a human reading a terminal.
LOG_FORMAT = env("LOG_FORMAT", "json") or "json"
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "neue_wege.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "neue_wege.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT,
                             "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# --- Background jobs (neue_wege.jobs, docs/tasks.md) ------------------------------------------
# Tasks are queued in the database and run by `neuewege worker` (./dev start runs one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Domain settings ------------------------------------------------------------------------
NW_PAGE_SIZE = env_int("NW_PAGE_SIZE", 25)
# Follow-up points (Nachbefragungen), months after a run's end; see docs/outcomes.md.
NW_FOLLOW_UP_MONTHS = env("NW_FOLLOW_UP_MONTHS", "6,12") or "6,12"
# Outcome dates against the seat (issue 11); see docs/outcomes.md. How many days before the
# seat's last day a destination may begin (0: on the last day or later).
NW_DESTINATION_BEFORE_END_DAYS = env_int("NW_DESTINATION_BEFORE_END_DAYS", 0)
# A follow-up can be recorded from this many days before it is due; before that it is refused,
# or, with NW_FOLLOW_UP_EARLY_WITH_REASON, taken with a recorded reason.
NW_FOLLOW_UP_OPENS_DAYS_BEFORE = env_int("NW_FOLLOW_UP_OPENS_DAYS_BEFORE", 14)
NW_FOLLOW_UP_EARLY_WITH_REASON = env_bool("NW_FOLLOW_UP_EARLY_WITH_REASON", False)
# Retention (docs/privacy.md, section 5): a client without a recorded end of benefit receipt
# is taken to have left benefits this many days after the end of their last run; the client
# rule's period then runs from there (default 1095 + 730 days: five years after the last run).
NW_RETENTION_NO_BENEFIT_EXIT_DAYS = env_int("NW_RETENTION_NO_BENEFIT_EXIT_DAYS", 1095)
if NW_RETENTION_NO_BENEFIT_EXIT_DAYS < 0:
    raise ImproperlyConfigured("NW_RETENTION_NO_BENEFIT_EXIT_DAYS must not be negative")
# Public address printed on invitation sheets and in their QR codes (else the request host).
NW_PORTAL_BASE_URL = env("NW_PORTAL_BASE_URL", "") or ""

# --- Federal Employment Agency APIs (neue_wege.orientation.ba; docs/configuration.md) ------
# Off by default: nothing is fetched in development and tests; pages work without it.
NW_BA_API_ENABLED = env_bool("NW_BA_API_ENABLED", False)
NW_BA_TIMEOUT = float(env("NW_BA_TIMEOUT", "3") or "3")  # seconds per request
NW_BA_CACHE_SECONDS = env_int("NW_BA_CACHE_SECONDS", 6 * 3600)
NW_BA_RADIUS_KM = env_int("NW_BA_RADIUS_KM", 25)  # vacancies around the job centre's offices
NW_BA_DEMAND_THRESHOLD = env_int("NW_BA_DEMAND_THRESHOLD", 20)  # vacancies = "in demand"
NW_BA_TRAINING_PLACE = env("NW_BA_TRAINING_PLACE", "") or ""  # "Borken_6.858_51.843"
NW_BA_TRAINING_RADIUS = env("NW_BA_TRAINING_RADIUS", "50") or "50"  # km: 25, 50, 100 …
NW_BA_TRANSPORT = env("NW_BA_TRANSPORT", "") or ""  # dotted path; tests/demos only

# --- Encryption at rest (neue_wege.privacy.fields) -----------------------------------------
# Fernet keys, newest first, comma-separated. The first encrypts; all decrypt, so a new key is
# added in front and `neuewege rotate_field_keys` re-encrypts before the old one is removed
# (docs/security.md). Without keys a development key derived from SECRET_KEY is used;
# `check --deploy` reports that as neue_wege.E001.
NW_FIELD_KEYS = env_list("NW_FIELD_KEYS")

# --- Single sign-on for staff: OpenID Connect (issue 16; organisation/sso.py) -------------
# On when OIDC_RP_CLIENT_ID and OIDC_OP_AUTHORIZATION_ENDPOINT are set; the endpoints are the
# provider's (its /.well-known/openid-configuration names them). docs/single-sign-on.md.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "") or ""
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "") or ""
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "") or ""
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "") or ""
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "") or ""
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "") or None
NW_OIDC_END_SESSION_ENDPOINT = env("NW_OIDC_END_SESSION_ENDPOINT", "") or ""
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256") or "RS256"
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid profile email groups") or "openid"
OIDC_USE_PKCE = True
OIDC_STORE_ACCESS_TOKEN = True  # for the session check at every request (SsoSessionCheck…)
OIDC_STORE_ID_TOKEN = True  # id_token_hint at log-out
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "organisation:sso-callback"
LOGIN_REDIRECT_URL_FAILURE = "/anmelden/"
# Directory groups → roles ("group=role,…", roles: facilitator, case_manager, management,
# administrator); job centre and home location by name.
NW_OIDC_ROLES_CLAIM = env("NW_OIDC_ROLES_CLAIM", "groups") or "groups"
NW_OIDC_ROLE_MAP = env("NW_OIDC_ROLE_MAP", "") or ""
NW_OIDC_JOB_CENTRE_CLAIM = env("NW_OIDC_JOB_CENTRE_CLAIM", "job_centre") or "job_centre"
NW_OIDC_DEFAULT_JOB_CENTRE = env("NW_OIDC_DEFAULT_JOB_CENTRE", "") or ""
NW_OIDC_LOCATION_CLAIM = env("NW_OIDC_LOCATION_CLAIM", "location") or "location"
# The provider's log-in includes the second factor: no app code after it.
NW_OIDC_TRUST_MFA = env_bool("NW_OIDC_TRUST_MFA", True)
# Ask the provider whether the account is still enabled at most this often (0: every request).
NW_OIDC_RECHECK_SECONDS = env_int("NW_OIDC_RECHECK_SECONDS", 60)
NW_OIDC_RECHECK_TIMEOUT = float(env("NW_OIDC_RECHECK_TIMEOUT", "3") or "3")
NW_OIDC_RECHECK_GRACE_SECONDS = env_int("NW_OIDC_RECHECK_GRACE_SECONDS", 900)
# Local password log-in of staff once single sign-on is on: "administrators" (the emergency
# fallback) or "all" (while accounts move over). Participants always log in locally.
NW_LOCAL_STAFF_LOGIN = env("NW_LOCAL_STAFF_LOGIN", "administrators") or "administrators"
if NW_LOCAL_STAFF_LOGIN not in {"administrators", "all"}:
    raise ImproperlyConfigured("NW_LOCAL_STAFF_LOGIN must be 'administrators' or 'all'")
# --- Letters, reminders and messages (issue 15; docs/messaging.md) --------------------------
# E-mail goes through Django's SMTP backend; everything is configured by the environment.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "neue-wege@localhost") or "neue-wege@localhost"
# The generic HTTP SMS gateway (JSON POST); without a URL no SMS is sent (the message fails
# with a German note on the run's message page).
NW_SMS_GATEWAY_URL = env("NW_SMS_GATEWAY_URL", "") or ""
NW_SMS_GATEWAY_USER = env("NW_SMS_GATEWAY_USER", "") or ""
NW_SMS_GATEWAY_PASSWORD = env("NW_SMS_GATEWAY_PASSWORD", "") or ""
NW_SMS_SENDER = env("NW_SMS_SENDER", "Jobcenter") or "Jobcenter"
NW_SMS_TIMEOUT = float(env("NW_SMS_TIMEOUT", "5") or "5")  # seconds per request
# Contact line printed in every letter and message footer (telephone of the job centre).
NW_MESSAGING_CONTACT_PHONE = env("NW_MESSAGING_CONTACT_PHONE", "") or ""
# --- Writing that cannot be lost, offline use (issue 14, docs/offline.md) -------------------
# Workbox (npm) for the service worker /sw.js: each module's build folder as static files.
STATICFILES_DIRS += [
    (f"workbox/{name}", NODE_MODULES / name / "build")
    for name in ("workbox-sw", "workbox-core", "workbox-routing", "workbox-strategies",
                 "workbox-expiration", "workbox-cacheable-response")
]
# Participants' sessions outlive a closed browser (phones close it often) for this many
# hours; the idle timeout (NW_IDLE_TIMEOUT_MINUTES) still ends them. Staff sessions end when
# the browser closes. 0: participants too end at browser close.
NW_PARTICIPANT_SESSION_HOURS = env_int("NW_PARTICIPANT_SESSION_HOURS", 8)
# --- Languages of the participants (issue 14; docs/translations.md) --------------------------
# Staff pages: German and English. The participant portal (and the log-in and activation pages)
# also: Leichte Sprache, Ukrainian, Arabic (right to left), Turkish, Russian. Names are shown
# in their own language in the language switch.
# Leichte Sprache has no ISO code. Django needs a code of the form `ll-xx` to find a locale
# directory (`de-ls` -> `de_LS`) and falls back to German for every missing message, which is
# what Leichte Sprache wants; the HTML gets the well-formed private-use tag `de-x-ls`
# (core.templatetags.nw_i18n), so screen readers read it as German.
LANGUAGES = [
    ("de", "Deutsch"), ("de-ls", "Leichte Sprache"), ("en", "English"),
    ("uk", "Українська"), ("ar", "العربية"), ("tr", "Türkçe"), ("ru", "Русский"),
]
NW_STAFF_LANGUAGES = ("de", "en")
# Who runs this installation: the header line before log-in (after it, the person's own job
# centre; several job centres can share one installation).
NW_OPERATOR_NAME = env("NW_OPERATOR_NAME", "Jobcenter Kreis Borken")
# Its postal address for the imprint and the accessibility statement, lines separated by "|".
NW_OPERATOR_ADDRESS = tuple(
    line.strip() for line in env("NW_OPERATOR_ADDRESS", "Burloer Straße 93|46325 Borken").split("|")
    if line.strip())
NW_PORTAL_LANGUAGES = tuple(code for code, _name in LANGUAGES)
EXTRA_LANG_INFO = {
    "de-ls": {"bidi": False, "code": "de-ls", "name": "German (Easy Read)",
              "name_local": "Leichte Sprache"},
}
django.conf.locale.LANG_INFO.update(EXTRA_LANG_INFO)
# --- Production runtime: static files, request ids, health (issue 16) ------------------------
# docs/operations.md, deploy/README.md. WhiteNoise serves the collected static files
# (`neuewege collectstatic` into STATIC_ROOT) compressed and with hashed names, so gunicorn
# needs no web server for them; it sits right after SecurityMiddleware.
if env("STATIC_ROOT"):
    STATIC_ROOT = Path(env("STATIC_ROOT") or "")
else:  # the development default: WhiteNoise warns about a missing directory
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise's CompressedManifestStaticFilesStorage; the plain name before collectstatic.
    "staticfiles": {"BACKEND": "neue_wege.core.staticfiles.StaticFilesStorage"},
}
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
# Outermost: every log line of a request carries its X-Request-ID (neue_wege/core/logs.py).
MIDDLEWARE.insert(0, "neue_wege.core.logs.RequestIdMiddleware")
# Probes of the load balancer come over plain HTTP from inside: no redirect to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
# The task worker writes its heartbeat (core.Heartbeat) this often; /health/ready/ wants one
# younger than NW_WORKER_HEARTBEAT_MAX_AGE seconds.
NW_WORKER_HEARTBEAT_SECONDS = env_int("NW_WORKER_HEARTBEAT_SECONDS", 15)
NW_WORKER_HEARTBEAT_MAX_AGE = env_int("NW_WORKER_HEARTBEAT_MAX_AGE", 60)
