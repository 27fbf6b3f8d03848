"""Fixtures of the portal tests: the SMS file backend writing to a temporary file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest


class Outbox:
    def __init__(self, path: Path) -> None:
        self.path = path

    def texts(self, phone: str | None = None) -> list[str]:
        if not self.path.exists():
            return []
        lines = [json.loads(line) for line in self.path.read_text("utf-8").splitlines()]
        return [line["text"] for line in lines if phone is None or line["phone"] == phone]

    def last_code(self, phone: str) -> str:
        for text in reversed(self.texts(phone)):
            found = re.search(r"验证码为(\d{6})", text)
            if found:
                return found.group(1)
        raise AssertionError(f"no code was sent to {phone}")


CAPTCHA = "TEST5"


@pytest.fixture
def outbox(settings, tmp_path) -> Outbox:
    """Texts land in a temporary file; the captcha's answer is fixed (`CAPTCHA`)."""
    settings.PORTAL_CAPTCHA_TEST_ANSWER = CAPTCHA
    settings.PORTAL_SMS_BACKEND = "huajie.portal.sms.FileBackend"
    settings.PORTAL_SMS_FILE = str(tmp_path / "sms.log")
    return Outbox(tmp_path / "sms.log")
