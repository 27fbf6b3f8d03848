"""SMS verification codes: sent through the file backend, expire, single-use, limited per number
and per client, counted in the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.portal.models import Attempt, CodePurpose, SmsCode
from huajie.portal.services.codes import sms_code_send, sms_code_verify
from huajie.portal.services.throttle import RateLimited

pytestmark = pytest.mark.django_db
PHONE = "13907311234"


def send(phone=PHONE, client="203.0.113.5", capture=None):
    with capture(execute=True):
        return sms_code_send(phone=phone, purpose=CodePurpose.SUBMIT, client=client)


def test_a_code_arrives_by_sms_and_verifies_once(outbox, django_capture_on_commit_callbacks):
    sent = send(capture=django_capture_on_commit_callbacks)
    assert sent.phone == PHONE
    code = outbox.last_code(PHONE)
    assert "10分钟内有效" in outbox.texts(PHONE)[-1]
    assert sms_code_verify(phone="139 0731 1234", purpose=CodePurpose.SUBMIT, code=code) == PHONE
    with pytest.raises(ApplicationError, match="已使用过") as used:
        sms_code_verify(phone=PHONE, purpose=CodePurpose.SUBMIT, code=code)
    assert used.value.code == "code_used"


def test_neither_the_code_nor_the_number_is_stored_in_clear(
    outbox, django_capture_on_commit_callbacks
):
    send(capture=django_capture_on_commit_callbacks)
    code = outbox.last_code(PHONE)
    row = SmsCode.objects.get()
    stored = " ".join(str(v) for v in SmsCode.objects.values_list().get())
    assert code not in stored and PHONE not in stored and len(row.phone_index) == 64
    assert not any(PHONE in key for key in Attempt.objects.values_list("key", flat=True))


def test_an_expired_code_is_refused(outbox, django_capture_on_commit_callbacks):
    send(capture=django_capture_on_commit_callbacks)
    code = outbox.last_code(PHONE)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        with pytest.raises(ApplicationError, match="已过期"):
            sms_code_verify(phone=PHONE, purpose=CodePurpose.SUBMIT, code=code)


def test_a_code_for_another_purpose_does_not_work(outbox, django_capture_on_commit_callbacks):
    send(capture=django_capture_on_commit_callbacks)
    code = outbox.last_code(PHONE)
    with pytest.raises(ApplicationError, match="获取验证码"):
        sms_code_verify(phone=PHONE, purpose=CodePurpose.LOOKUP, code=code)


def test_wrong_entries_spend_the_code(outbox, django_capture_on_commit_callbacks):
    send(capture=django_capture_on_commit_callbacks)
    code = outbox.last_code(PHONE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        with pytest.raises(ApplicationError, match="不正确"):
            sms_code_verify(phone=PHONE, purpose=CodePurpose.SUBMIT, code=wrong)
    assert SmsCode.objects.get().failures == 5
    with pytest.raises(ApplicationError, match="次数过多"):
        sms_code_verify(phone=PHONE, purpose=CodePurpose.SUBMIT, code=code)


def test_a_new_code_replaces_the_old_one(outbox, django_capture_on_commit_callbacks):
    send(capture=django_capture_on_commit_callbacks)
    first = outbox.last_code(PHONE)
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        send(capture=django_capture_on_commit_callbacks)
        second = outbox.last_code(PHONE)
        if first != second:
            with pytest.raises(ApplicationError, match="最新短信"):
                sms_code_verify(phone=PHONE, purpose=CodePurpose.SUBMIT, code=first)
        assert sms_code_verify(phone=PHONE, purpose=CodePurpose.SUBMIT, code=second) == PHONE


def test_one_code_a_minute_and_five_an_hour_per_number(outbox, django_capture_on_commit_callbacks):
    start = timezone.now()
    send(capture=django_capture_on_commit_callbacks)
    with pytest.raises(RateLimited, match="1分钟后"):
        send(capture=django_capture_on_commit_callbacks, client="198.51.100.7")
    for minute in range(1, 5):
        with time_machine.travel(start + timedelta(minutes=minute * 2)):
            send(capture=django_capture_on_commit_callbacks)
    with time_machine.travel(start + timedelta(minutes=12)):
        with pytest.raises(RateLimited, match="1小时后"):
            send(capture=django_capture_on_commit_callbacks)
    assert len(outbox.texts(PHONE)) == 5


def test_one_client_cannot_text_many_numbers(settings, outbox, django_capture_on_commit_callbacks):
    from huajie.portal.conf import Limit

    settings.PORTAL_SMS_LIMITS = {
        "phone": (Limit(1, timedelta(seconds=60)),),
        "client": (Limit(3, timedelta(hours=1)),),
    }
    for n in range(3):
        send(phone=f"1390731200{n}", capture=django_capture_on_commit_callbacks)
    with pytest.raises(RateLimited, match="次数过多"):
        send(phone="13907312009", capture=django_capture_on_commit_callbacks)
    assert not outbox.texts("13907312009")


def test_a_landline_or_a_bad_number_is_refused_with_a_sentence(outbox):
    with pytest.raises(ApplicationError, match="11位手机号码"):
        sms_code_send(phone="0731-88601234", purpose=CodePurpose.SUBMIT, client="x")
    with pytest.raises(ApplicationError):
        sms_code_send(phone="123", purpose=CodePurpose.SUBMIT, client="x")
    assert SmsCode.objects.count() == 0 and Attempt.objects.count() == 0


def test_a_captcha_picture_is_spent_by_one_check(rf):
    from django.contrib.sessions.backends.db import SessionStore

    from huajie.portal.captcha import captcha_check, captcha_image, captcha_new

    session = SessionStore()
    answer = captcha_new(session)
    assert len(answer) == 5 and captcha_image(answer).startswith(b"\x89PNG")
    assert answer not in str(dict(session))  # only its HMAC is kept
    captcha_check(session, answer.lower())
    with pytest.raises(ApplicationError, match="不正确"):
        captcha_check(session, answer)  # the same picture again
    captcha_new(session)
    with pytest.raises(ApplicationError, match="请填写"):
        captcha_check(session, "  ")


def test_the_daily_job_prunes_counted_attempts_older_than_two_days():
    from huajie.jobs.registry import get_job
    from huajie.portal.models import AttemptKind

    with time_machine.travel(timezone.now() - timedelta(days=3)):
        Attempt.objects.create(kind=AttemptKind.LOOKUP_CLIENT, key="old")
    Attempt.objects.create(kind=AttemptKind.LOOKUP_CLIENT, key="new")
    get_job("portal.prune").run()
    assert list(Attempt.objects.values_list("key", flat=True)) == ["new"]
