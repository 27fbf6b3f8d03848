"""The token endpoint asks an enrolled account for its code; a role that requires two-step
verification enrols on the web first."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from huajie.accounts.models import ApiToken, SecurityEvent, SecurityEventKind
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_user

from .conftest import PASSWORD
from .twofactor_helpers import code, enrol

TOKEN = "/api/v1/auth/token/"


@pytest.fixture
def leader(unit):
    return make_user(unit, RoleCode.LEADER, username="zhaoqiang")


def obtain(**extra: str):
    body = {"username": "zhaoqiang", "password": PASSWORD, **extra}
    return APIClient().post(TOKEN, body, format="json")


def test_an_enrolled_account_needs_its_code_for_a_token(leader):
    device, codes = enrol(leader)
    response = obtain()
    assert response.status_code == 400 and response.json()["code"] == "otp_required"
    response = obtain(otp="000000")
    assert response.status_code == 400 and response.json()["code"] == "otp_invalid"
    assert "验证码不正确" in response.json()["message"]
    assert obtain(otp=code(device, 1)).status_code == 200
    assert obtain(otp=codes[0]).status_code == 200
    assert ApiToken.objects.filter(user=leader).count() == 2
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.OTP_FAILED).count() == 1


def test_wrong_codes_lock_the_token_endpoint_too(leader):
    enrol(leader)
    for _ in range(4):
        obtain(otp="000000")
    response = obtain(otp="000000")
    assert response.status_code == 403 and response.json()["code"] == "locked_out"


@override_settings(HUAJIE_2FA_REQUIRED_ROLES=["leader"])
def test_a_required_role_without_a_device_gets_no_token(leader):
    response = obtain()
    assert response.status_code == 403 and response.json()["code"] == "otp_enrol_required"
    assert not ApiToken.objects.exists()
