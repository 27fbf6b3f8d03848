"""Sending texts (短信): one interface, a backend chosen by `settings.PORTAL_SMS_BACKEND`.

- `FileBackend` (the default; demo and tests): appends one JSON line per text to
  `settings.PORTAL_SMS_FILE`, so a test or a person trying the demo reads the code there.
- `ConsoleBackend`: writes the text to standard output (`runserver` in a terminal).
- `HttpGatewayBackend` (production): POSTs JSON to the operator's SMS gateway configured in
  `settings.PORTAL_SMS_GATEWAY = {"url": …, "token": …, "sign": "【清河县信访局】", "timeout": 5}`.
  Most provincial government SMS platforms take such a request behind their own API key; an
  adapter for another format is one more class with the same `send`.

Texts are sent after the transaction that produced them commits (`send_after_commit`); a failed
send is logged without the number or the text (no personal data in logs) and never rolls back
what was saved.
"""

from __future__ import annotations

import json
import logging
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import conf

log = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not accept the text."""


@dataclass(frozen=True)
class Sms:
    phone: str  # normalised mobile number, 11 digits
    text: str
    purpose: str = ""  # "code", "receipt" — for the gateway's template choice


class SmsBackend(Protocol):
    def send(self, sms: Sms) -> None: ...


class FileBackend:
    def __init__(self, path: str | Path | None = None) -> None:
        default = Path(settings.BASE_DIR) / "var" / "portal-sms.log"
        self.path = Path(path or conf.get("PORTAL_SMS_FILE", default))

    def send(self, sms: Sms) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = {"at": timezone.now().isoformat(), "phone": sms.phone, "text": sms.text}
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


class ConsoleBackend:
    def send(self, sms: Sms) -> None:
        sys.stdout.write(f"[短信 → {sms.phone}] {sms.text}\n")
        sys.stdout.flush()


class HttpGatewayBackend:
    """POST {"phone", "text", "purpose", "sign"} as JSON with `Authorization: Bearer <token>`;
    any answer other than 2xx with `{"ok": true}` (or an empty body) is a failure."""

    def __init__(self, config: dict[str, object] | None = None) -> None:
        self.config = dict(config or conf.get("PORTAL_SMS_GATEWAY", {}))
        if not str(self.config.get("url", "")).startswith(("https://", "http://")):
            raise SmsError("PORTAL_SMS_GATEWAY['url'] is not set to the gateway's http(s) URL.")

    def send(self, sms: Sms) -> None:
        body = json.dumps(
            {
                "phone": sms.phone,
                "text": sms.text,
                "purpose": sms.purpose,
                "sign": self.config.get("sign", ""),
            },
            ensure_ascii=False,
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL scheme is checked above
            str(self.config["url"]),
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.config.get('token', '')}",
            },
        )
        timeout = float(str(self.config.get("timeout", 5)))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                answer = response.read()
        except OSError as exc:
            raise SmsError(f"gateway unreachable: {type(exc).__name__}") from exc
        if answer.strip():
            try:
                ok = json.loads(answer).get("ok", False)
            except (ValueError, AttributeError):
                ok = False
            if not ok:
                raise SmsError("gateway refused the text")


def backend() -> SmsBackend:
    path = conf.get("PORTAL_SMS_BACKEND", "huajie.portal.sms.FileBackend")
    return import_string(path)()


def send_now(sms: Sms) -> bool:
    try:
        backend().send(sms)
    except SmsError as exc:
        log.warning("portal SMS not sent (%s): %s", sms.purpose, exc)
        return False
    return True


def send_after_commit(sms: Sms) -> None:
    transaction.on_commit(lambda: send_now(sms))
