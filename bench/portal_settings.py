"""Settings for `bench/bench_portal_submit.py`'s gunicorn: the development settings (as
`bench_register.py` runs them, DEBUG off) with the portal's rate limits lifted — one load
generator on 127.0.0.1 posting thousands of submissions is exactly what they refuse — and the
SMS written to a file under var/. Never used outside the benchmark."""

from datetime import timedelta

from config.settings.dev import *  # noqa: F403
from config.settings.dev import BASE_DIR
from huajie.portal.conf import Limit

_UNLIMITED = Limit(10**9, timedelta(seconds=1))
PORTAL_SUBMIT_LIMITS = {"client": _UNLIMITED, "phone": _UNLIMITED}
PORTAL_LOOKUP_LOCKOUT = {"code": _UNLIMITED, "client": _UNLIMITED}
PORTAL_IDENTITY_REQUIRED = False
PORTAL_SMS_BACKEND = "huajie.portal.sms.FileBackend"
PORTAL_SMS_FILE = str(BASE_DIR / "var" / "portal-bench-sms.log")
