"""The transports: what each channel sends and how. No database writes here (see outbox.py).

Group robots: WeCom (企业微信) and DingTalk (钉钉) custom robots take a JSON POST in their
documented text format, `{"msgtype": "text", "text": {"content": ...}}`, and answer HTTP 200 with
`{"errcode": 0, "errmsg": "ok"}` — a refusal (bad token, keyword or signature, rate limit) is also
HTTP 200 with another errcode, so the errcode decides. A DingTalk robot with 加签 (signing) wants
`timestamp` (milliseconds) and `sign` = Base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")) in
the query string, the timestamp within an hour of DingTalk's clock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from .models import Flavour

WEBHOOK_TIMEOUT_SECONDS = 5
BRAND = "【化解】"
_RESPONSE_LIMIT = 64 * 1024


class DeliveryError(Exception):
    """A send that did not go through; the message is kept on the delivery for the admin."""


def absolute_url(url: str) -> str:
    """A path made absolute with `SITE_URL` (chat and mail readers are not on the site)."""
    base = getattr(settings, "SITE_URL", "")
    if url.startswith("/") and base:
        return base.rstrip("/") + url
    return url


def robot_text(*, message: str, body: str = "", url: str = "") -> str:
    """The text a person reads in the group: brand (DingTalk robots are often guarded by the
    keyword 化解), message, details, link."""
    parts = [BRAND + message]
    if body:
        parts.append(body)
    if url:
        parts.append(absolute_url(url))
    return "\n".join(parts)


def webhook_payload(
    *, flavour: str, message: str, body: str = "", url: str = "", target: Any = None
) -> dict[str, Any]:
    """The exact JSON document each flavour of endpoint receives."""
    if flavour in (Flavour.WECOM, Flavour.DINGTALK):
        return {
            "msgtype": "text",
            "text": {"content": robot_text(message=message, body=body, url=url)},
        }
    return {
        "source": "huajie",
        "message": message,
        "body": body,
        "url": absolute_url(url),
        "target": _target_ref(target),
    }


def _target_ref(target: Any) -> dict[str, Any] | None:
    if target is None:
        return None
    return {"type": target._meta.label_lower, "id": target.pk}


def dingtalk_sign(*, secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature of a timestamp (not yet URL-encoded)."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signed_url(url: str, *, secret: str, timestamp_ms: int | None = None) -> str:
    """The robot address with `timestamp` and `sign` added to its query string."""
    timestamp_ms = timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)
    sign = urllib.parse.quote_plus(dingtalk_sign(secret=secret, timestamp_ms=timestamp_ms))
    joiner = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={sign}"


def post_webhook(*, url: str, flavour: str, payload: dict[str, Any], secret: str = "") -> None:
    """POST the payload; raises DeliveryError with a readable reason when it did not arrive."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise DeliveryError("Webhook 地址必须以 http:// 或 https:// 开头。")
    if flavour == Flavour.DINGTALK and secret:
        url = signed_url(url, secret=secret)
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = response.read(_RESPONSE_LIMIT)
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode(errors="replace")
        raise DeliveryError(f"HTTP {exc.code}: {detail}".strip()) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"连接失败：{reason}") from exc
    if flavour in (Flavour.WECOM, Flavour.DINGTALK):
        _check_robot_answer(answer)


def _check_robot_answer(answer: bytes) -> None:
    try:
        data = json.loads(answer or b"{}")
    except ValueError as exc:
        raise DeliveryError(f"机器人返回了无法识别的内容：{answer[:200]!r}") from exc
    code = data.get("errcode", 0) if isinstance(data, dict) else 0
    if code not in (0, "0"):
        raise DeliveryError(f"机器人拒收：errcode {code} {data.get('errmsg', '')}".strip())


def email_payload(*, message: str, body: str = "", url: str = "") -> dict[str, str]:
    text = message
    if body:
        text += "\n\n" + body
    if url:
        text += "\n\n打开：" + absolute_url(url)
    return {"subject": f"{BRAND}{message[:40]}", "body": text}


def send_email(*, to: str, payload: dict[str, Any]) -> None:
    try:
        send_mail(
            subject=payload.get("subject", BRAND),
            message=payload.get("body", ""),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[to],
        )
    except Exception as exc:  # any backend failure is a failed delivery, to be retried
        raise DeliveryError(f"邮件发送失败：{exc}") from exc
