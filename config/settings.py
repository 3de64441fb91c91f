"""Samverkan settings: wiring only, read from the environment (see the README's table)."""

import re
import secrets
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from config.env import envbool, envdatabase, envemail, envint, envlist, envredis, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = envbool("DEBUG", default=False)


# Values from examples and templates, which someone may paste unchanged.
_PLACEHOLDER_SECRET_KEYS = {"changeme", "change-me", "secret", "secret-key", "secretkey", "dev"}


def _refuse_weak_secret_key(key: str) -> None:
    """Stop start-up with DEBUG off on a key that signs nothing safely.

    The same rules as Django's ``check --deploy`` (security.W009), enforced rather than warned
    about: a weak key lets anyone forge sessions, password reset links and signed values.
    """
    if key.strip().lower() in _PLACEHOLDER_SECRET_KEYS:
        problem = "is a placeholder"
    elif key.startswith("django-insecure"):
        problem = "starts with 'django-insecure' (Django's generated development key)"
    elif len(key) < 50:
        problem = f"has {len(key)} characters, fewer than 50"
    elif len(set(key)) < 5:
        problem = "has fewer than 5 different characters"
    else:
        return
    raise ImproperlyConfigured(
        f"SECRET_KEY {problem}: with DEBUG off, give a long random key, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )


def _secret_key() -> tuple[str, bool]:
    """The key, and whether it is the local one generated into ``var/``.

    Management commands and tests run on the local key; serving with DEBUG off refuses it
    (config/serving.py), so that production always has a real SECRET_KEY.
    """
    key = envstr("SECRET_KEY")
    if key:
        if not DEBUG:
            _refuse_weak_secret_key(key)
        return key, False
    # Generated once and kept, so that sessions survive a restart.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip(), True


SECRET_KEY, SECRET_KEY_IS_LOCAL = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    "channels",
    "network",
    "api",
    "frontend",
]

MIDDLEWARE = [
    # The security headers first: WhiteNoise answers static files from its own middleware, and
    # SecurityMiddleware redirects plain HTTP from its own; those answers get only the headers of
    # the middleware listed before. These three only add headers and never answer themselves.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Inside LocaleMiddleware (the language is active), outside everything that may answer 4xx.
    "api.middleware.ApiLanguageMiddleware",
    "api.middleware.JsonErrorsMiddleware",
    "api.middleware.PrivateCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Idle timeout and absolute lifetime; a session ended from elsewhere is signed out here.
    "network.accounts.session_middleware.SessionLimitsMiddleware",
    # The session's second factor (user.is_verified()), then the step that asks for it.
    "django_otp.middleware.OTPMiddleware",
    "network.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "frontend.middleware.ConflictMiddleware",
    # Last, so that it sees the answer of the sign-in view it may replace with the lockout.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Before the apps' own: the admin's base template, with the service's footer.
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                # CSP_NONCE, for the one page that needs an inline stylesheet.
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": envdatabase("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'samverkan.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pool per process. Under daphne a request runs in a worker thread, and a connection kept
    # open per thread (CONN_MAX_AGE) stays idle until its thread goes: two processes under load
    # held almost all of PostgreSQL's hundred connections. The pool shares a bounded few.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": envint("DATABASE_POOL_SIZE", default=10, minimum=1),
        "timeout": 15,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = envredis("REDIS_URL")
# With Redis, the channel layer: "pubsub" (Redis publish/subscribe: a group message is published
# once and each daphne process hands it to its own sockets) or "core" (Redis lists: one copy per
# socket). See the notifications benchmark in the README for why pubsub is the default.
CHANNEL_LAYER_BACKENDS = {
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "core": "channels_redis.core.RedisChannelLayer",
}
CHANNEL_LAYER = envstr("CHANNEL_LAYER", default="pubsub") or "pubsub"
if CHANNEL_LAYER not in CHANNEL_LAYER_BACKENDS:
    raise ImproperlyConfigured(
        f"CHANNEL_LAYER: {CHANNEL_LAYER!r} is not one of {', '.join(CHANNEL_LAYER_BACKENDS)}"
    )
# The core layer takes a pooled connection per command: a thousand sockets connecting at once
# would exhaust redis-py's default pool of 100 and fail with "Too many connections".
# Reads wait longer than the core layer's blocking pop (5 s): at redis-py's default, an idle
# receive would time out at the same moment and be reported as a broken connection.
CHANNEL_LAYER_HOST = {"address": REDIS_URL, "max_connections": 2000, "socket_timeout": 15}
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": CHANNEL_LAYER_BACKENDS[CHANNEL_LAYER],
            "CONFIG": {"hosts": [CHANNEL_LAYER_HOST]},
        }
    }
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

globals().update(envemail("EMAIL_URL", default="console://"))

# The accessibility statement (lagen (2018:1937) om tillgänglighet till digital offentlig service)
# and its feedback form: see the README, "Accessibility statement".
ACCESSIBILITY_ORGANISATION = envstr("ACCESSIBILITY_ORGANISATION") or ""
ACCESSIBILITY_CONTACT_EMAIL = envstr("ACCESSIBILITY_CONTACT_EMAIL") or ""
if ACCESSIBILITY_CONTACT_EMAIL:
    try:
        validate_email(ACCESSIBILITY_CONTACT_EMAIL)
    except ValidationError:
        raise ImproperlyConfigured(
            f"ACCESSIBILITY_CONTACT_EMAIL is not an e-mail address: {ACCESSIBILITY_CONTACT_EMAIL!r}"
        ) from None
try:
    # The date the statement was last reviewed: change it with every review of the statement.
    ACCESSIBILITY_STATEMENT_DATE = date.fromisoformat(
        envstr("ACCESSIBILITY_STATEMENT_DATE") or "2026-11-25"
    )
except ValueError:
    raise ImproperlyConfigured("ACCESSIBILITY_STATEMENT_DATE must be a date: YYYY-MM-DD") from None
ACCESSIBILITY_FEEDBACK_PER_HOUR = envint("ACCESSIBILITY_FEEDBACK_PER_HOUR", default=5, minimum=1)

AUTH_USER_MODEL = "network.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "frontend:login"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:login"

# Sign-in through the city's identity provider (OpenID Connect), beside the local passwords that
# partners outside the city keep. On only when OIDC_RP_CLIENT_ID is set. A sign-in is matched to
# an existing active account (network/accounts/oidc.py); see the README, "Signing in through the
# city's identity provider".
OIDC_RP_CLIENT_ID = envstr("OIDC_RP_CLIENT_ID") or ""
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = envstr("OIDC_RP_CLIENT_SECRET") or ""
OIDC_OP_AUTHORIZATION_ENDPOINT = envstr("OIDC_OP_AUTHORIZATION_ENDPOINT") or ""
OIDC_OP_TOKEN_ENDPOINT = envstr("OIDC_OP_TOKEN_ENDPOINT") or ""
OIDC_OP_USER_ENDPOINT = envstr("OIDC_OP_USER_ENDPOINT") or ""
OIDC_OP_JWKS_ENDPOINT = envstr("OIDC_OP_JWKS_ENDPOINT") or ""
OIDC_OP_LOGOUT_ENDPOINT = envstr("OIDC_OP_LOGOUT_ENDPOINT") or ""
OIDC_OP_ISSUER = envstr("OIDC_OP_ISSUER") or ""
OIDC_RP_SIGN_ALGO = envstr("OIDC_RP_SIGN_ALGO") or "RS256"
OIDC_RP_SCOPES = envstr("OIDC_RP_SCOPES") or "openid email profile"
OIDC_USERNAME_CLAIM = envstr("OIDC_USERNAME_CLAIM") or ""
OIDC_PROVIDER_NAME = envstr("OIDC_PROVIDER_NAME") or _("the city's identity provider")
if OIDC_ENABLED:
    _oidc_missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _oidc_missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set, but not {', '.join(_oidc_missing)}")
    # After axes' backend, which refuses a locked-out address first.
    AUTHENTICATION_BACKENDS.insert(1, "network.accounts.oidc.CityOIDCBackend")
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CALLBACK_CLASS = "frontend.views.auth.OIDCCallbackView"
# A failed sign-in through the provider lands on the sign-in page with a message.
LOGIN_REDIRECT_URL_FAILURE = LOGIN_URL
# Signing out also signs out at the provider when it has an end-session endpoint.
OIDC_STORE_ID_TOKEN = bool(OIDC_OP_LOGOUT_ENDPOINT)
OIDC_OP_LOGOUT_URL_METHOD = (
    "network.accounts.oidc.provider_logout_url" if OIDC_OP_LOGOUT_ENDPOINT else ""
)
# The central coordinator, the security chief and staff of the admin act only after a second
# factor (TOTP, or a recovery code). Off only for a local demo (see the README).
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED", default=True)
# The name the authenticator app shows beside the account.
OTP_TOTP_ISSUER = "Samverkan"
# Guardian's anonymous user is not used: anonymous visitors see nothing.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# Sign-in lockout (django-axes) on every sign-in path: the pages, the admin and the API token.
# Failures are counted twice over, and either count reaching the limit locks: per username, from
# any address (guessing one person's password), and per address, on any usernames (one password
# tried on many accounts). See the README, "Sign-in and lockout".
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", default=15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Axes' own reset on success deletes every failure counted for the address, also those on other
# accounts: anyone with an account could then wipe the count on the account they attack. The
# sign-in page forgets only the person's own failures from that address (frontend/views/auth.py).
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "frontend.views.auth.locked_out"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "frontend" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT") or VAR_DIR / "static")
# WhiteNoise also serves what collectstatic gathers here, and warns when the folder is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded documents of the knowledge bank: never served as static files, only through the views
# that check who may read them. Kept out of the web server's reach.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise serves static files from the apps themselves (no collectstatic step needed).
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# How long a signed-in session lasts (network/accounts/session_middleware.py): signed out after
# this long without a request, and in any case this long after signing in; the cookie and the
# stored session expire with the absolute lifetime.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", default=60, minimum=1)
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", default=12, minimum=1)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Links out of the workspace (to a knowledge item's source, say) tell the other site nothing, not
# even that they came from here: the origin alone names the network. Within the site, the full
# address, which Django's CSRF check over HTTPS relies on.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind our own reverse proxy, which terminates TLS and appends the address it was reached from
# to X-Forwarded-For. Without it, forwarded headers come from the client and are never trusted.
BEHIND_PROXY = envbool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# The client's address for lockouts: REMOTE_ADDR, or behind the proxy the last X-Forwarded-For
# entry, the one the proxy appended. python-ipware counts the proxy addresses listed after the
# client's; ours lists none. Not strict, so that entries a client sent before it do not matter.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if BEHIND_PROXY else ("REMOTE_ADDR",)
)
AXES_IPWARE_PROXY_COUNT = 0 if BEHIND_PROXY else None
IPWARE_STRICT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", default=BEHIND_PROXY)
# Behind the proxy every page is HTTPS: plain HTTP is redirected, and browsers are told (HSTS) to
# come back over HTTPS only. Not the health check, which the container runs over plain HTTP.
# SECURE_COOKIES=0 behind the proxy says that it serves plain HTTP (a first try on localhost):
# then nothing insists on HTTPS, or every page would redirect to a port nobody listens on.
HTTPS_ONLY = BEHIND_PROXY and SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = (
    envint("HSTS_SECONDS", default=365 * 24 * 3600, minimum=0) if HTTPS_ONLY else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", default=False)
# check --deploy warns (security.W021) unless HSTS asks to be preloaded. Preloading is a promise
# for the whole registrable domain (a municipality's, not this service's), made by submitting it
# to the browsers' list, and hard to take back: that decision belongs to whoever runs the domain,
# so it is opt-in (HSTS_PRELOAD=1) and its warning is not a deployment error.
SILENCED_SYSTEM_CHECKS = ["security.W021"]


def websocket_sources(hosts: list[str], secure_only: bool) -> list[str]:
    """The notifications socket's origins on the served hosts.

    CSP Level 3 browsers count ws: and wss: of the page's own host as 'self'; older ones (Safari
    before 15.4) do not, and would refuse the socket without these.
    """
    schemes = ["wss"] if secure_only else ["wss", "ws"]
    names = [f"*{host}" if host.startswith(".") else host for host in hosts if host != "*"]
    return [f"{scheme}://{name}" for name in names for scheme in schemes]


def form_action_sources(*endpoints: str) -> list[str]:
    """Where a submitted form may lead: here, and the identity provider's hosts.

    Browsers check form-action on every redirect that follows a form's submission too: the OIDC
    sign-in button posts a form answered by a redirect to the provider's authorization endpoint,
    and signing out may redirect to its logout endpoint.
    """
    hosts = [urlsplit(endpoint) for endpoint in endpoints if endpoint]
    return list(dict.fromkeys([SELF, *(f"{h.scheme}://{h.netloc}" for h in hosts if h.netloc)]))


# Content Security Policy (django-csp): scripts, styles and everything else from this origin
# only; no inline script or style attribute, no eval. One exception: the print pages (minutes,
# situational picture) keep their stylesheet in the page, so that the copy prints and saves as
# it is and WeasyPrint, which fetches nothing, prints the same HTML to PDF. Their <style>
# carries the request's nonce; only pages that use the nonce send one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF, *websocket_sources(ALLOWED_HOSTS, secure_only=HTTPS_ONLY)],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": form_action_sources(OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_LOGOUT_ENDPOINT),
        "frame-ancestors": [NONE],
    }
}
# Browser features the workspace never uses, denied to it and to anything it might embed. Only
# features Chromium knows: it logs an error for each unknown one (ambient-light-sensor,
# bluetooth and FLoC's interest-cohort, replaced by browsing-topics).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# API tokens expire this many days after they are made, unless their maker asks for fewer.
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", default=90, minimum=1)
# API request rates ("<number>/<s|min|hour|day>"), see REST_FRAMEWORK's throttles below.
API_RATE_USER = envstr("API_RATE_USER", default="1200/min") or "1200/min"
API_RATE_TOKEN = envstr("API_RATE_TOKEN", default="600/min") or "600/min"
API_RATE_ANON = envstr("API_RATE_ANON", default="60/min") or "60/min"
for _rate_name, _rate in (
    ("API_RATE_USER", API_RATE_USER),
    ("API_RATE_TOKEN", API_RATE_TOKEN),
    ("API_RATE_ANON", API_RATE_ANON),
):
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", _rate):
        raise ImproperlyConfigured(f"{_rate_name}: {_rate!r} is not like 600/min")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Per person (whatever the credentials), per token, and per address for the anonymous; in
    # Django's cache, so shared by every app process when REDIS_URL is set. 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.PersonRateThrottle",
        "api.throttling.TokenRateThrottle",
        "api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": API_RATE_USER,
        "token": API_RATE_TOKEN,
        "anon": API_RATE_ANON,
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # JSON with size and nesting limits; forms for the session clients.
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # The browsable API only for local development.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.renderers.FormatNegotiation",
    # The throttles' client address: the proxy's last X-Forwarded-For entry, or REMOTE_ADDR.
    "NUM_PROXIES": 1 if BEHIND_PROXY else 0,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Samverkan API",
    "DESCRIPTION": (
        "REST API of Samverkan, the cooperation workspace of a municipal network against crime "
        "and violent extremism. Objects a caller may not see answer 404."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "ENUM_NAME_OVERRIDES": {"DirectionCodeEnum": "network.models.StrategicDirection.Code"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO" if DEBUG else "WARNING"},
}
