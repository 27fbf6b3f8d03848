"""Production refuses to send SMS codes into a log file: the gateway is the only way out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]


def _start(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" * 50,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": "b" * 40,
        **extra,
    }
    env.pop("DEBUG", None)
    code = "import django; django.setup(); print('started')"
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_without_a_gateway_or_with_the_file_backend_refuses_to_start() -> None:
    assert "PORTAL_SMS_GATEWAY_URL" in _start().stderr
    refused = _start(PORTAL_SMS_BACKEND="huajie.portal.sms.FileBackend")
    assert "生产环境不得用文件或控制台发送短信" in refused.stderr
    assert (
        _start(PORTAL_SMS_GATEWAY_URL="https://sms.example.gov.cn/send").stdout.strip() == "started"
    )
