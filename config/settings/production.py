"""Production: PostgreSQL + Redis behind gunicorn. Refuses to start with unsafe settings."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    BLIND_INDEX_KEY,
    DEFAULT_SECRET_KEY,
    FIELD_ENCRYPTION_KEY,
    FIELD_ENCRYPTION_KEYS,
    SECRET_KEY,
)

DEBUG = os.environ.get("DEBUG", "0") == "1"
if DEBUG:
    raise ImproperlyConfigured("生产环境不得开启 DEBUG。Unset DEBUG or set DEBUG=0.")
if not SECRET_KEY or SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 40:
    raise ImproperlyConfigured(
        "生产环境必须设置至少 40 个字符的 SECRET_KEY 环境变量。Set a long random SECRET_KEY."
    )
if not (FIELD_ENCRYPTION_KEYS or FIELD_ENCRYPTION_KEY):
    raise ImproperlyConfigured(
        "生产环境必须设置 FIELD_ENCRYPTION_KEYS（身份证号、电话号码加密密钥）。"
        "Set FIELD_ENCRYPTION_KEYS to Fernet keys, newest first."
    )
if len(BLIND_INDEX_KEY) < 32:
    raise ImproperlyConfigured(
        "生产环境必须设置至少 32 个字符的 BLIND_INDEX_KEY。Set a long random BLIND_INDEX_KEY; "
        "changing it requires recomputing every index."
    )

HUAJIE_2FA_REQUIRED_ROLES = [
    r.strip()
    for r in os.environ.get("HUAJIE_2FA_REQUIRED_ROLES", "leader,admin").split(",")
    if r.strip()
]
if not {"leader", "admin"} <= set(HUAJIE_2FA_REQUIRED_ROLES):
    raise ImproperlyConfigured(
        "生产环境中领导和管理员必须使用两步验证：HUAJIE_2FA_REQUIRED_ROLES 须包含 leader 和 admin。"
        "Set HUAJIE_2FA_REQUIRED_ROLES to include leader,admin (or leave it unset)."
    )

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Not on browsers' preload list: the site lives on a government intranet name, and preloading
# would bind every subdomain of the registered domain to HTTPS for good. `check --deploy` warns
# about exactly that choice (W021); it is silenced here, and only here.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]  # noqa: F405
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))  # audit IPs behind nginx
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# The petitioner portal's texts: the file and console backends (demo, tests) would keep SMS codes
# in a log, so production sends through the HTTP gateway unless told otherwise, and needs its URL.
PORTAL_SMS_BACKEND = os.environ.get("PORTAL_SMS_BACKEND", "huajie.portal.sms.HttpGatewayBackend")
PORTAL_SMS_GATEWAY = {
    "url": os.environ.get("PORTAL_SMS_GATEWAY_URL", ""),
    "token": os.environ.get("PORTAL_SMS_GATEWAY_TOKEN", ""),
    "sign": os.environ.get("PORTAL_SMS_SIGN", ""),
}
if PORTAL_SMS_BACKEND.endswith(("FileBackend", "ConsoleBackend")):
    raise ImproperlyConfigured(
        "生产环境不得用文件或控制台发送短信（验证码会写进日志）。"
        "Set PORTAL_SMS_BACKEND to huajie.portal.sms.HttpGatewayBackend."
    )
if PORTAL_SMS_BACKEND.endswith("HttpGatewayBackend") and not PORTAL_SMS_GATEWAY["url"]:
    raise ImproperlyConfigured(
        "生产环境必须设置短信网关地址 PORTAL_SMS_GATEWAY_URL。Set the SMS gateway's URL."
    )
