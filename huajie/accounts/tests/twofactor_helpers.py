"""Shared helpers for the two-step verification tests: codes computed from the device's secret
as an authenticator app would (django_otp.oath.totp)."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from huajie.accounts import second_factor as sf
from huajie.orgs.models import User


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` periods of 30 s later)."""
    return f"{totp(device.bin_key, step=device.step, drift=steps_ahead):06d}"


def enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    """Enrol `user` as the enrolment page does; the device and the ten recovery codes."""
    device = sf.totp_enrolment_start(user=user)
    codes = sf.totp_enrolment_confirm(user=user, code=code(device), request=None)
    device.refresh_from_db()
    return device, codes
