"""Two-step verification services: enrolment, codes, recovery codes, the administrator's reset,
each a security event in the audit chain."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from huajie.accounts import audit
from huajie.accounts import second_factor as sf
from huajie.accounts.models import SecurityEvent, SecurityEventKind
from huajie.accounts.selectors import login_lockout_seconds
from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

from .twofactor_helpers import code, enrol

K = SecurityEventKind


def kinds(user) -> list[str]:
    return list(
        SecurityEvent.objects.filter(user=user).order_by("id").values_list("kind", flat=True)
    )


@pytest.fixture
def leader(unit):
    return make_user(unit, RoleCode.LEADER, username="zhaoqiang")


def test_the_required_roles_come_from_the_settings_and_a_superuser_counts_as_every_role(
    unit, leader, clerk
):
    boss = make_user(unit, username="root")
    boss.is_superuser = True
    boss.save(update_fields=["is_superuser"])
    assert not sf.second_factor_required(user=leader)  # the test settings require nobody
    with override_settings(HUAJIE_2FA_REQUIRED_ROLES=["leader", "admin"]):
        assert sf.second_factor_required(user=leader)
        assert sf.second_factor_required(user=boss)
        assert not sf.second_factor_required(user=clerk)


def test_enrolment_keeps_one_secret_until_confirmed_and_issues_ten_recovery_codes(leader):
    first = sf.totp_enrolment_start(user=leader)
    assert sf.totp_enrolment_start(user=leader).pk == first.pk  # a reload: the same QR code
    assert not sf.is_enrolled(user=leader)
    assert len(sf.secret_text(first).replace(" ", "")) == 32  # 20 bytes in base32
    codes = sf.totp_enrolment_confirm(user=leader, code=code(first), request=None)
    assert len(codes) == len(set(codes)) == 10
    assert sf.is_enrolled(user=leader) and sf.recovery_codes_left(user=leader) == 10
    assert kinds(leader) == [K.OTP_ENROLLED]
    assert audit.verify().ok
    stored = set(StaticToken.objects.filter(device__user=leader).values_list("token", flat=True))
    assert len(stored) == 10 and stored.isdisjoint(codes)  # only keyed hashes are kept


def test_a_wrong_first_code_is_refused_with_a_sentence_and_nothing_is_enabled(leader):
    device = sf.totp_enrolment_start(user=leader)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    with pytest.raises(ApplicationError, match="请确认手机时间准确"):
        sf.totp_enrolment_confirm(user=leader, code=wrong, request=None)
    assert not sf.is_enrolled(user=leader) and sf.recovery_codes_left(user=leader) == 0
    assert kinds(leader) == []


def test_a_code_is_accepted_once_and_a_wrong_one_is_recorded_and_counted(leader):
    device, _codes = enrol(leader)
    assert not sf.second_factor_check(user=leader, code=code(device), request=None).ok  # replay
    assert sf.second_factor_check(user=leader, code=code(device, 1), request=None).ok
    assert not sf.second_factor_check(user=leader, code="000000x", request=None).ok
    assert kinds(leader) == [K.OTP_ENROLLED, K.OTP_FAILED, K.OTP_PASSED, K.OTP_FAILED]


def test_five_wrong_codes_lock_the_username_like_wrong_passwords(leader):
    enrol(leader)
    for _ in range(5):
        sf.second_factor_check(user=leader, code="123456", request=None)
    assert login_lockout_seconds(username="zhaoqiang") > 14 * 60


def test_a_recovery_code_signs_in_once_and_its_use_is_logged(leader):
    _device, codes = enrol(leader)
    typed = f"{codes[0][:4].upper()}-{codes[0][4:]}"  # as printed, in capitals
    check = sf.second_factor_check(user=leader, code=typed, request=None)
    assert check.ok and check.recovery and check.recovery_left == 9
    assert not sf.second_factor_check(user=leader, code=codes[0], request=None).ok
    assert kinds(leader)[-2:] == [K.RECOVERY_USED, K.OTP_FAILED]


def test_new_recovery_codes_need_a_current_code_and_replace_the_old_ones(leader):
    device, old = enrol(leader)
    with pytest.raises(ApplicationError, match="等应用显示下一个验证码"):
        sf.recovery_codes_renew(user=leader, code="000000", request=None)
    new = sf.recovery_codes_renew(user=leader, code=code(device, 1), request=None)
    assert set(new).isdisjoint(old) and sf.recovery_codes_left(user=leader) == 10
    assert not sf.second_factor_check(user=leader, code=old[1], request=None).ok
    assert K.RECOVERY_RENEWED in kinds(leader)


def test_an_administrator_resets_a_users_second_factor_and_the_event_names_him(unit, leader):
    admin = make_user(unit, RoleCode.ADMIN, username="sysadmin")
    enrol(leader)
    assert sf.second_factor_reset(user=leader, acting_user=admin, request=None)
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert not StaticToken.objects.filter(device__user=leader).exists()
    event = SecurityEvent.objects.get(kind=K.OTP_RESET)
    assert (event.user, event.actor) == (leader, admin)
    assert not sf.second_factor_reset(user=leader, acting_user=admin, request=None)
    assert audit.verify().ok


def test_only_an_administrator_above_the_users_unit_may_reset(unit, leader, clerk):
    other = make_user(make_unit("外县信访局"), RoleCode.ADMIN, username="elsewhere")
    enrol(leader)
    for acting in (clerk, other):
        with pytest.raises(PermissionDenied):
            sf.second_factor_reset(user=leader, acting_user=acting, request=None)
    assert sf.is_enrolled(user=leader)
