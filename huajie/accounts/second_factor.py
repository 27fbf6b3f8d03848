"""Two-step sign-in: a TOTP authenticator app (django-otp's `TOTPDevice`) and ten one-time
recovery codes (its `StaticDevice`, each kept as a keyed hash), with the reads and writes around
them.

Who must use it: the roles in settings.HUAJIE_2FA_REQUIRED_ROLES (a superuser counts as every
role); anyone else may enrol by choice, and once enrolled is always asked for a code. Every step
is a security event in the audit chain: enrolment, each code accepted or refused, each recovery
code used, recovery codes regenerated, an administrator's reset (with who did it). A refused
code counts with the wrong passwords (`selectors.login_lockout_seconds`): five in 15 minutes
lock the username.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.orgs.models import RoleCode, User

from .models import SecurityEventKind
from .services import security_event_record

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
TOTP_CODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class Check:
    """The answer to a code: accepted or not, and whether it was a recovery code."""

    ok: bool
    recovery: bool = False
    recovery_left: int = 0


def second_factor_required(*, user: User) -> bool:
    roles = settings.HUAJIE_2FA_REQUIRED_ROLES
    return bool(roles) and user.has_role(*roles)


def totp_device_for(*, user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, or None when they have not enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it typed in: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def recovery_digest(code: str) -> str:
    """What the database keeps of a recovery code: a keyed hash (16 hex characters, the width of
    django-otp's token column), so a copied table opens no account. Keyed from SECRET_KEY:
    changing it voids the recovery codes (users generate new ones)."""
    key = hashlib.sha256(f"huajie-recovery-codes:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()[:16]


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The authenticator being set up: the same unconfirmed secret until it is confirmed, so a
    reload does not invalidate a QR code already scanned."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def totp_enrolment_confirm(*, user: User, code: str, request: HttpRequest | None) -> list[str]:
    """Confirm the authenticator with its first code; returns the ten recovery codes, shown
    once. A typo here is refused without counting toward the lockout (the password was right
    and nothing is protected by the device yet)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise ApplicationError(
                _("The set-up has expired. Open the page again and scan the new QR code."),
                code="otp_enrolment_missing",
            )
        if not TOTP_CODE.fullmatch(normalise(code)) or not device.verify_token(normalise(code)):
            raise ApplicationError(
                _(
                    "This code does not match. Check that the phone's time is right and enter "
                    "the 6 digits the app shows now."
                ),
                code="otp_invalid",
            )
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
        security_event_record(kind=SecurityEventKind.OTP_ENROLLED, request=request, user=user)
    return codes


def second_factor_check(*, user: User, code: str, request: HttpRequest | None) -> Check:
    """A code from the authenticator (6 digits) or a recovery code (spent by its use). Records
    the answer: accepted, recovery code used, or refused (counted toward the lockout)."""
    token = normalise(code)
    with transaction.atomic():
        if TOTP_CODE.fullmatch(token):
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
            totp = device.first()
            check = Check(ok=totp is not None and totp.verify_token(token))
            kind = SecurityEventKind.OTP_PASSED
        else:
            static = StaticDevice.objects.select_for_update().filter(user=user, name=RECOVERY_NAME)
            spare = static.first()
            ok = bool(token) and spare is not None and spare.verify_token(recovery_digest(token))
            left = spare.token_set.count() if ok and spare is not None else 0
            check = Check(ok=ok, recovery=True, recovery_left=left)
            kind = SecurityEventKind.RECOVERY_USED
        if not check.ok:
            kind = SecurityEventKind.OTP_FAILED
        security_event_record(kind=kind, request=request, user=user)
    return check


def recovery_codes_renew(*, user: User, code: str, request: HttpRequest | None) -> list[str]:
    """Ten new recovery codes (the old ones stop working), against a current authenticator
    code; a wrong code counts like any other."""
    if not TOTP_CODE.fullmatch(normalise(code)):
        raise ApplicationError(
            _("Enter the 6 digits your authenticator app shows now."), code="otp_invalid"
        )
    # The check commits on its own, so that a refusal stays recorded.
    if not second_factor_check(user=user, code=code, request=request).ok:
        raise ApplicationError(
            _("This code does not match. Wait for the next code the app shows and try again."),
            code="otp_invalid",
        )
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
        security_event_record(kind=SecurityEventKind.RECOVERY_RENEWED, request=request, user=user)
    return codes


def second_factor_reset(*, user: User, acting_user: User, request: HttpRequest | None) -> bool:
    """An administrator removes the user's authenticator and recovery codes (a lost phone):
    the user enrols again at their next sign-in if their role requires it. False when there
    was nothing to remove."""
    if not may_administer(acting_user=acting_user, user=user):
        raise PermissionDenied(
            _("Only an administrator of the user's unit may reset their two-step verification.")
        )
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        if removed:
            security_event_record(
                kind=SecurityEventKind.OTP_RESET, request=request, user=user, actor=acting_user
            )
    return bool(removed)


def may_administer(*, acting_user: User, user: User) -> bool:
    """A superuser, or an administrator whose unit contains the user's (the user admin's own
    scoping)."""
    if acting_user.is_superuser:
        return True
    if not acting_user.has_role(RoleCode.ADMIN) or acting_user.unit is None:
        return False
    return user.unit is not None and user.unit.path.startswith(acting_user.unit.path)


def _recovery_codes_replace(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_digest(c)) for c in codes]
    )
    return codes
