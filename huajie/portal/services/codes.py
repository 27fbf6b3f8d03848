"""SMS verification codes: six digits, valid for `PORTAL_SMS_CODE_MINUTES`, spent by the first
correct entry or by `PORTAL_SMS_CODE_TRIES` wrong ones, rate-limited per number and per client.
Stored as an HMAC keyed per deployment, never in clear; the number only as its blind index."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from huajie.common.crypto import blind_index
from huajie.common.errors import ApplicationError
from huajie.common.identity import normalize_phone

from .. import conf
from ..models import AttemptKind, CodePurpose, SmsCode
from ..sms import Sms, send_after_commit
from . import throttle


@dataclass(frozen=True)
class SentCode:
    phone: str
    expires_at: datetime


def mobile_number(phone: str, *, field: str = "phone") -> str:
    """A normalised mainland mobile number; a landline cannot receive a text."""
    try:
        number = normalize_phone(phone)
    except ApplicationError as exc:
        raise ApplicationError(exc.message, code=exc.code, field=field) from exc
    if not (len(number) == 11 and number.startswith("1")):
        raise ApplicationError(
            "请填写11位手机号码（固定电话收不到短信验证码）。", code="mobile_required", field=field
        )
    return number


def phone_key(phone: str) -> str:
    return blind_index(phone, purpose="phone")


def _hash(phone_index: str, purpose: str, code: str) -> str:
    return blind_index(f"{phone_index}:{purpose}:{code}", purpose="portal.sms_code")


def _check_limits(phone_index: str, client_key: str) -> None:
    limits = conf.sms_limits()
    for limit in limits["phone"]:
        if throttle.over(AttemptKind.SMS_PHONE, phone_index, limit):
            raise throttle.RateLimited(
                f"该号码获取验证码过于频繁，请{throttle.wait_words(limit.window)}后再试。",
                field="phone",
            )
    for limit in limits["client"]:
        if throttle.over(AttemptKind.SMS_CLIENT, client_key, limit):
            raise throttle.RateLimited(
                f"您获取验证码的次数过多，请{throttle.wait_words(limit.window)}后再试。"
            )


@transaction.atomic
def sms_code_send(*, phone: str, purpose: str, client: str) -> SentCode:
    """Send a fresh code to `phone` for `purpose` (earlier open codes for it stop working)."""
    number = mobile_number(phone)
    if purpose not in CodePurpose.values:
        raise ApplicationError("验证码用途不正确。", code="code_purpose")
    index = phone_key(number)
    client_key = throttle.key_of("client", client)
    _check_limits(index, client_key)
    throttle.hit(AttemptKind.SMS_PHONE, index)
    throttle.hit(AttemptKind.SMS_CLIENT, client_key)
    now = timezone.now()
    SmsCode.objects.filter(phone_index=index, purpose=purpose, used_at__isnull=True).update(
        expires_at=now
    )
    code = f"{secrets.randbelow(10**6):06d}"
    expires = now + conf.code_lifetime()
    SmsCode.objects.create(
        phone_index=index,
        purpose=purpose,
        code_hash=_hash(index, purpose, code),
        expires_at=expires,
    )
    minutes = int(conf.code_lifetime().total_seconds() // 60)
    label = CodePurpose(purpose).label
    send_after_commit(
        Sms(
            phone=number,
            text=f"您的{label}验证码为{code}，{minutes}分钟内有效。请勿告诉他人。",
            purpose="code",
        )
    )
    return SentCode(number, expires)


def _spend(index: str, purpose: str, code: str) -> str:
    """Spend the code if it is right, else count a wrong try on the open code. Returns what
    happened: the caller raises the refusal after this commits, so a wrong try stays counted."""
    now = timezone.now()
    wanted = _hash(index, purpose, code)
    with transaction.atomic():
        latest = (
            SmsCode.objects.select_for_update()
            .filter(phone_index=index, purpose=purpose)
            .order_by("-created_at", "-id")
            .first()
        )
        if latest is None:
            return "none"
        is_open = latest.used_at is None and latest.expires_at > now
        if is_open and latest.failures >= conf.code_tries():
            return "spent"
        if not hmac.compare_digest(latest.code_hash, wanted):
            if is_open:
                SmsCode.objects.filter(pk=latest.pk).update(failures=F("failures") + 1)
            old = SmsCode.objects.filter(phone_index=index, purpose=purpose, code_hash=wanted)
            return "old" if old.exists() else ("wrong" if is_open else "expired")
        if latest.used_at is not None:
            return "used"
        if not is_open:
            return "expired"
        written = SmsCode.objects.filter(pk=latest.pk, used_at__isnull=True).update(used_at=now)
        return "ok" if written == 1 else "used"


_REFUSALS = {
    "none": ("请先点击“获取验证码”，再填写短信中的验证码。", "code_not_sent"),
    "wrong": ("验证码不正确，请核对短信中的6位数字后重新填写。", "code_wrong"),
    "old": ("该验证码已失效（已使用或已获取了新的验证码），请填写最新短信中的验证码。", "code_old"),
    "used": ("该验证码已使用过，请重新获取验证码。", "code_used"),
    "expired": ("验证码已过期，请重新获取验证码。", "code_expired"),
    "spent": ("验证码输错次数过多，已失效，请重新获取验证码。", "code_spent"),
}


def sms_code_verify(*, phone: str, purpose: str, code: str) -> str:
    """Check and spend a code; returns the normalised number. A wrong, reused or expired code is
    refused with a sentence, and a wrong try is counted against the code."""
    number = mobile_number(phone)
    entered = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(entered) != 6:
        raise ApplicationError("请填写短信中的6位数字验证码。", code="code_required", field="code")
    outcome = _spend(phone_key(number), purpose, entered)
    if outcome != "ok":
        message, error = _REFUSALS[outcome]
        raise ApplicationError(message, code=error, field="code")
    return number
