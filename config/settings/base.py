"""Settings shared by every environment. Environment variables override the defaults.

DATABASE_URL  sqlite:///var/huajie.sqlite3 (default) or postgres://user@host:5432/name
REDIS_URL     redis://127.0.0.1:6379/0 — Celery broker and cache in production
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("HUAJIE_VAR_DIR", BASE_DIR / "var"))

DEFAULT_SECRET_KEY = "insecure-dev-key-change-me"  # noqa: S105 - production refuses it
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = os.environ.get("DEBUG", "1") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "huajie.common",
    "huajie.jobs",
    "huajie.timelimits",
    "huajie.workflow",
    "huajie.orgs",
    "huajie.accounts",
    "huajie.notices",
    "huajie.petitions",
    "huajie.documents",
    "huajie.similarity",
    "huajie.imports",
    "huajie.duty",
    "huajie.mediation",
    "huajie.routing",
    "huajie.portal",
    "huajie.emergency",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "huajie.common.middleware.SecurityHeadersMiddleware",
    "huajie.common.middleware.PageMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "huajie.accounts.middleware.DefaultChineseLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "huajie.accounts.middleware.IdleSessionTimeoutMiddleware",
    "huajie.common.middleware.EventSourceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "huajie.accounts.gates.SignInGateMiddleware",
]

# ModelBackend, the user's unit (and its parent) loaded with the user: accounts/backends.py.
AUTHENTICATION_BACKENDS = ["huajie.accounts.backends.UnitModelBackend"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "huajie" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "huajie.accounts.context_processors.shell",
                "huajie.notices.context_processors.notices",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'huajie.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# 等保 2.0 level 3: complexity, lockout, idle expiry.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "huajie.accounts.validators.CharacterClassValidator"},
]
LOGIN_LOCKOUT_ATTEMPTS = 5
LOGIN_LOCKOUT_SECONDS = 15 * 60
SESSION_IDLE_SECONDS = 30 * 60
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Security headers on every answer (common.middleware.SecurityHeadersMiddleware and Django's own).
# No page has an inline script, event handler or style, so neither needs 'unsafe-inline'; the
# style pictures Bootstrap draws (select arrows, close buttons) are data: URLs.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # "no-referrer" makes form posts send Origin: null
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The security audit trail keeps rows at least this long (180 days at the least, 等保 2.0); the
# monthly job `accounts.archive_audit` moves older ones into signed files here.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))
AUDIT_ARCHIVE_DIR = Path(os.environ.get("AUDIT_ARCHIVE_DIR", VAR_DIR / "audit-archive"))
# Two-step sign-in (accounts/second_factor.py): the roles that must use an authenticator app (a
# superuser counts as every role). Empty here so that `make run` demo logins work with a password;
# production refuses to start without leader and admin in the list. Anyone may enrol by choice.
HUAJIE_2FA_REQUIRED_ROLES = [
    r.strip() for r in os.environ.get("HUAJIE_2FA_REQUIRED_ROLES", "").split(",") if r.strip()
]
OTP_TOTP_ISSUER = "化解 Huajie"
# Wrong codes are counted with wrong passwords in the audit trail (the same lockout), so
# django-otp's own per-device back-off is off: one rule, held in the database.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "30"))  # an API token's lifetime
# Retention, pruned nightly (the jobs notices.prune and accounts.prune_tokens): notices read this
# many days ago, outbox deliveries sent this many days ago, API tokens this many days after they
# expired or were revoked. Unread notices, failed deliveries and the security audit stay.
NOTICES_RETENTION_DAYS = int(os.environ.get("NOTICES_RETENTION_DAYS", "365"))
OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "90"))
API_TOKEN_RETENTION_DAYS = int(os.environ.get("API_TOKEN_RETENTION_DAYS", "30"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "huajie" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TIMEZONE = TIME_ZONE

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "huajie@localhost")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# The site's address as people outside it reach it (https://huajie.example.gov.cn): links in
# e-mails and group-robot messages are made absolute with it. Empty = links stay paths.
SITE_URL = os.environ.get("SITE_URL", "")

REST_FRAMEWORK = {
    # The token class first: DRF asks the first class for `WWW-Authenticate`, and with it a call
    # without valid credentials answers 401 (with only sessions it would be 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "huajie.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "huajie.common.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Huajie 化解 API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Each module's choice sets get their module's name, so that "status" or "channel" in two
    # modules never collide into a hashed name (a module adds its own lines here).
    "ENUM_NAME_OVERRIDES": {
        "RoutingSourceEnum": "huajie.routing.models.Source",
        "ChannelEnum": "huajie.petitions.models.choices.Channel",
        "SatisfactionEnum": "huajie.petitions.models.choices.Satisfaction",
        "StatusEnum": "huajie.petitions.states.Status",
        "ReturnVisitMethodEnum": [("phone", "电话"), ("visit", "上门"), ("online", "网上")],
        "MediationStatusEnum": "huajie.mediation.states.Status",
        "MediationSourceEnum": "huajie.mediation.models.choices.Source",
        "MediationProcedureEnum": "huajie.mediation.models.choices.Procedure",
        "MediationLevelEnum": "huajie.mediation.models.choices.Level",
        "MediationSideEnum": "huajie.mediation.models.choices.Side",
        "MediationPartyKindEnum": "huajie.mediation.models.choices.PartyKind",
        "MediationRouteEnum": "huajie.mediation.models.choices.Route",
        "MediationReferralToEnum": "huajie.mediation.models.choices.ReferralTo",
        "MediationFailureReasonEnum": "huajie.mediation.models.choices.FailureReason",
        "MediationAgreementFormEnum": "huajie.mediation.models.choices.AgreementForm",
        "MediationConfirmationEnum": "huajie.mediation.models.choices.Confirmation",
        "MediationPerformanceEnum": "huajie.mediation.models.choices.Performance",
        "MediationSatisfactionEnum": "huajie.mediation.models.choices.Satisfaction",
        "MediationVisitMethodEnum": "huajie.mediation.models.choices.VisitMethod",
        "DutyShiftKindEnum": "huajie.duty.models.roster.ShiftKind",
        "DutyRoleEnum": "huajie.duty.models.roster.DutyRole",
        "DutyRosterStatusEnum": "huajie.duty.models.roster.RosterStatus",
        "DutyDayKindEnum": "huajie.duty.models.roster.DayKind",
        "DutyAssignmentOriginEnum": "huajie.duty.models.roster.AssignmentOrigin",
        "DutyLogChannelEnum": "huajie.duty.models.log.LogChannel",
        "DutyLogStatusEnum": "huajie.duty.models.log.LogStatus",
        "DutyHandoverStatusEnum": "huajie.duty.models.people.HandoverStatus",
        "DutySwapStatusEnum": "huajie.duty.models.people.SwapStatus",
        "DutyLeaveStatusEnum": "huajie.duty.models.people.LeaveStatus",
        "DutyReceptionKindEnum": "huajie.duty.models.people.ReceptionKind",
        "DutyReportDaysEnum": "huajie.duty.models.reports.ReportDays",
        "DutyReportKindEnum": "huajie.duty.models.reports.ReportKind",
    },
}

# The error report mailed to ADMINS hides ID and phone numbers (common/privacy.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "huajie.common.privacy.PrivateExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Loggers that print request data or a template's context: ID and phone numbers masked.
    "filters": {"mask_numbers": {"()": "huajie.common.privacy.MaskNumbersFilter"}},
    "loggers": {
        name: {"filters": ["mask_numbers"]} for name in ("django.template", "django.request")
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Encryption at rest for ID and phone numbers (个人信息保护法). Comma-separated Fernet keys, newest
# first; empty in development = derived from SECRET_KEY. New key:
#   python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
FIELD_ENCRYPTION_KEYS = [
    k.strip() for k in os.environ.get("FIELD_ENCRYPTION_KEYS", "").split(",") if k.strip()
]
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
BLIND_INDEX_KEY = os.environ.get("BLIND_INDEX_KEY", "")
PETITION_UPLOAD_MAX_BYTES = int(os.environ.get("PETITION_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))

# Covering indexes (INCLUDE) are PostgreSQL's; SQLite builds the same index without the extra
# columns, which is what we want for the embedded install.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Routing suggestions at intake (huajie/routing): model files live outside the repository; below
# ROUTER_MIN_HISTORY categorised cases the admin's keyword rules suggest instead of a model.
ROUTER_DIR = Path(os.environ.get("HUAJIE_ROUTER_DIR", VAR_DIR / "router"))
ROUTER_MIN_HISTORY = int(os.environ.get("HUAJIE_ROUTER_MIN_HISTORY", "300"))
# Training reads the newest cases only (time grows with cases x classes; see docs/routing.md).
ROUTER_MAX_CASES = int(os.environ.get("HUAJIE_ROUTER_MAX_CASES", "50000"))
ROUTER_MIN_CONFIDENCE = float(os.environ.get("HUAJIE_ROUTER_MIN_CONFIDENCE", "0.3"))
ROUTER_SHOW_CONFIDENCE = float(os.environ.get("HUAJIE_ROUTER_SHOW_CONFIDENCE", "0.05"))
