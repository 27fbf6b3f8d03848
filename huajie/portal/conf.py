"""The portal's deployment settings, each with its default (set any in the settings file):

- `PORTAL_SMS_BACKEND` ("huajie.portal.sms.FileBackend"): how texts leave — the file backend
  (demo, tests), `ConsoleBackend`, or `HttpGatewayBackend` for production;
- `PORTAL_SMS_FILE` (var/portal-sms.log): where the file backend appends one JSON line per text;
- `PORTAL_SMS_GATEWAY` ({}): the HTTP gateway's `url`, `token`, `sign` (短信签名), `timeout`;
- `PORTAL_SMS_CODE_MINUTES` (10) and `PORTAL_SMS_CODE_TRIES` (5): a code's life and wrong tries;
- `PORTAL_SMS_LIMITS`: texts per number (1 a minute, 5 an hour, 10 a day) and per client (20 an
  hour);
- `PORTAL_IDENTITY_REQUIRED` (True): name and ID number required on a submission;
- `PORTAL_INTAKE_UNIT_KINDS` (("petition_office",)): the kinds of unit a petitioner may write to;
- `PORTAL_LOOKUP_LOCKOUT`: wrong look-ups before a lockout (5 per code, 20 per client, 30 min);
- `PORTAL_SUBMIT_LIMITS`: submissions (5 per client an hour, 5 per phone a day);
- `PORTAL_SHOW_HANDLER` (False): the handler's name on the public timeline;
- `PORTAL_SESSION_MINUTES` (30): how long a verified phone or a look-up stays open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class Limit:
    """At most `count` events in `window` for one key."""

    count: int
    window: timedelta


def get(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def sms_limits() -> dict[str, tuple[Limit, ...]]:
    return get(
        "PORTAL_SMS_LIMITS",
        {
            "phone": (
                Limit(1, timedelta(seconds=60)),
                Limit(5, timedelta(hours=1)),
                Limit(10, timedelta(days=1)),
            ),
            "client": (Limit(20, timedelta(hours=1)),),
        },
    )


def lookup_lockout() -> dict[str, Limit]:
    return get(
        "PORTAL_LOOKUP_LOCKOUT",
        {"code": Limit(5, timedelta(minutes=30)), "client": Limit(20, timedelta(minutes=30))},
    )


def submit_limits() -> dict[str, Limit]:
    return get(
        "PORTAL_SUBMIT_LIMITS",
        {"client": Limit(5, timedelta(hours=1)), "phone": Limit(5, timedelta(days=1))},
    )


def code_lifetime() -> timedelta:
    return timedelta(minutes=int(get("PORTAL_SMS_CODE_MINUTES", 10)))


def code_tries() -> int:
    return int(get("PORTAL_SMS_CODE_TRIES", 5))


def identity_required() -> bool:
    return bool(get("PORTAL_IDENTITY_REQUIRED", True))


def intake_unit_kinds() -> tuple[str, ...]:
    return tuple(get("PORTAL_INTAKE_UNIT_KINDS", ("petition_office",)))


def show_handler() -> bool:
    return bool(get("PORTAL_SHOW_HANDLER", False))


def session_lifetime() -> timedelta:
    return timedelta(minutes=int(get("PORTAL_SESSION_MINUTES", 30)))


def staff_case_url(petition_id: int) -> str:
    """The case's page on the staff side, for notices — resolved against the full URL map even in
    a portal-only deployment (`config.settings.portal`), whose own map has no staff pages."""
    from django.urls import reverse

    staff = str(get("PORTAL_STAFF_URLCONF", "config.urls"))
    return reverse("petitions:detail", kwargs={"pk": petition_id}, urlconf=staff)
