"""Group robots against a real HTTP receiver on 127.0.0.1: the exact JSON each flavour gets, the
DingTalk signature, retries with backoff, and that sending never rolls back (or outlives) a write.
Nothing is sent in the request: each test runs the outbox job (`deliveries_retry`) after commit.
No mocks of the network."""

from __future__ import annotations

import base64
import hashlib
import hmac
import socket
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from huajie.jobs.registry import get_job
from huajie.notices import channels
from huajie.notices.models import Delivery, DeliveryStatus, Flavour, WebhookEndpoint
from huajie.notices.outbox import (
    MAX_ATTEMPTS,
    backoff,
    deliveries_requeue,
    deliveries_retry,
    webhook_endpoint_test,
)
from huajie.notices.services import notice_broadcast, notice_send, notifications_suppressed
from huajie.orgs.models import Unit
from huajie.orgs.tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db
SECRET = "SECa1b2c3d4e5f60718293a4b5c6d7e8f9"


@pytest.fixture
def unit():
    return make_unit("清河县应急管理局")


def endpoint(unit, receiver, flavour, secret="", name="应急值班群"):
    return WebhookEndpoint.objects.create(
        name=name, unit=unit, url=receiver.url(), flavour=flavour, secret=secret
    )


@override_settings(SITE_URL="https://huajie.example.gov.cn")
def test_each_flavour_receives_its_documented_json(
    unit, receiver, django_capture_on_commit_callbacks
):
    wecom = endpoint(unit, receiver, Flavour.WECOM, name="企业微信群")
    endpoint(unit, receiver, Flavour.DINGTALK, name="钉钉群")
    endpoint(unit, receiver, Flavour.GENERIC, name="指挥平台")
    endpoint(make_unit("别的单位"), receiver, Flavour.WECOM, name="别人的群")
    with django_capture_on_commit_callbacks(execute=True):
        sent = notice_broadcast(unit=unit, message="启动防汛Ⅳ级应急响应", target=wecom, url="/x/1/")
    deliveries_retry()
    assert len(sent) == 3 and all(d.status == DeliveryStatus.PENDING for d in sent)
    text = "【化解】启动防汛Ⅳ级应急响应\nhttps://huajie.example.gov.cn/x/1/"
    bodies = [r.body for r in receiver.requests]
    assert bodies == [
        {"msgtype": "text", "text": {"content": text}},
        {"msgtype": "text", "text": {"content": text}},
        {
            "source": "huajie",
            "message": "启动防汛Ⅳ级应急响应",
            "body": "",
            "url": "https://huajie.example.gov.cn/x/1/",
            "target": {"type": "notices.webhookendpoint", "id": wecom.pk},
        },
    ]
    assert all(
        r.path == "/robot/send" and r.query["access_token"] == ["abc123"] for r in receiver.requests
    )
    assert receiver.requests[0].headers["content-type"] == "application/json; charset=utf-8"
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_dingtalk_gets_a_valid_signature(unit, receiver, django_capture_on_commit_callbacks):
    endpoint(unit, receiver, Flavour.DINGTALK, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        notice_broadcast(unit=unit, message="请各成员于15分钟内到岗")
    deliveries_retry()
    (request,) = receiver.requests
    timestamp = request.query["timestamp"][0]
    assert abs(int(timestamp) - time.time() * 1000) < 60_000
    expected = base64.b64encode(
        hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    assert request.query["sign"] == [expected]  # parse_qs has undone the URL encoding
    assert request.query["access_token"] == ["abc123"]


def test_the_signature_matches_dingtalks_published_example():
    # The algorithm from DingTalk's 自定义机器人安全设置 page, checked by hand here.
    sign = channels.dingtalk_sign(secret="SEC000", timestamp_ms=1_600_000_000_000)
    raw = hmac.new(b"SEC000", b"1600000000000\nSEC000", hashlib.sha256).digest()
    assert sign == base64.b64encode(raw).decode()
    url = channels.signed_url(
        "https://oapi.dingtalk.com/robot/send?access_token=t",
        secret="SEC000",
        timestamp_ms=1_600_000_000_000,
    )
    assert url.startswith(
        "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1600000000000&sign="
    )
    assert "+" not in url.split("sign=")[1] and "/" not in url.split("sign=")[1]


def test_a_500_leaves_the_delivery_pending_with_the_error_and_a_retry_sends_it(
    unit, receiver, django_capture_on_commit_callbacks
):
    endpoint(unit, receiver, Flavour.WECOM)
    receiver.replies = [(500, b"server busy")]
    with django_capture_on_commit_callbacks(execute=True):
        notice_broadcast(unit=unit, message="汛情通报")
    deliveries_retry()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_error == "HTTP 500: server busy"
    assert deliveries_retry() == 0  # not yet: the first retry waits a minute
    later = timezone.now() + timedelta(minutes=1, seconds=1)
    assert deliveries_retry(now=later) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert len(receiver.requests) == 2 and receiver.requests[0].body == receiver.requests[1].body


def test_a_robot_refusal_inside_http_200_counts_as_a_failure(
    unit, receiver, django_capture_on_commit_callbacks
):
    endpoint(unit, receiver, Flavour.DINGTALK)
    receiver.replies = [(200, b'{"errcode":310000,"errmsg":"sign not match"}')]
    with django_capture_on_commit_callbacks(execute=True):
        notice_broadcast(unit=unit, message="测试")
    deliveries_retry()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error == "机器人拒收：errcode 310000 sign not match"


def test_retries_back_off_and_give_up_as_failed(unit, receiver, django_capture_on_commit_callbacks):
    endpoint(unit, receiver, Flavour.GENERIC)
    receiver.default = (503, b"")
    assert [backoff(n) for n in (1, 2, 3, 4, 5)] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    with django_capture_on_commit_callbacks(execute=True):
        notice_broadcast(unit=unit, message="演练通知")
    deliveries_retry()
    delivery = Delivery.objects.get()
    now = delivery.next_attempt_at
    while delivery.status == DeliveryStatus.PENDING:
        assert deliveries_retry(now=now - timedelta(seconds=1)) == 0  # never early
        deliveries_retry(now=now)
        delivery.refresh_from_db()
        assert delivery.attempts <= MAX_ATTEMPTS
        now = delivery.next_attempt_at
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == MAX_ATTEMPTS
    assert len(receiver.requests) == MAX_ATTEMPTS and delivery.last_error == "HTTP 503:"
    assert deliveries_retry(now=now + timedelta(days=1)) == 0


def test_a_slow_receiver_times_out_and_is_retried(
    unit, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(channels, "WEBHOOK_TIMEOUT_SECONDS", 0.3)
    endpoint(unit, receiver, Flavour.WECOM)
    receiver.delay = 1.0
    with django_capture_on_commit_callbacks(execute=True):
        notice_broadcast(unit=unit, message="慢")
    deliveries_retry()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and "timed out" in delivery.last_error


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_never_rolls_back_the_business_write(unit, receiver):
    endpoint(unit, receiver, Flavour.WECOM)
    receiver.default = (500, b"down")
    with transaction.atomic():  # the business write and its broadcast, really committed
        village = make_unit("石桥村民委员会", parent=unit)
        notice_broadcast(unit=unit, message=f"新增单位：{village.name}")
    deliveries_retry()
    assert Unit.objects.filter(name="石桥村民委员会").exists()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_error == "HTTP 500: down"
    assert len(receiver.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_on_rollback_nothing_is_sent(unit, receiver, mailoutbox):
    endpoint(unit, receiver, Flavour.WECOM)
    user = make_user(unit, "handler")
    user.email = "u@example.org"
    user.save()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_unit("不会存在的单位", parent=unit)
        notice_broadcast(unit=unit, message="不应发出")
        notice_send(recipients=[user], message="不应发出")
        raise RuntimeError("业务校验失败")
    deliveries_retry()
    assert not Unit.objects.filter(name="不会存在的单位").exists()
    assert not Delivery.objects.exists() and receiver.requests == [] and mailoutbox == []


def test_an_email_failure_is_recorded_and_retried(
    unit, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user(unit, "handler")
    user.email = "u@example.org"
    user.save()
    with socket.socket() as s:  # a port with nobody listening: a real refused connection
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    smtp = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_PORT": closed}
    with override_settings(EMAIL_HOST="127.0.0.1", **smtp):
        with django_capture_on_commit_callbacks(execute=True):
            notice_send(recipients=[user], message="交办信访事项")
        deliveries_retry()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and "邮件发送失败" in delivery.last_error
    assert deliveries_retry(now=timezone.now() + timedelta(minutes=2)) == 1
    assert [m.to for m in mailoutbox] == [["u@example.org"]]


def test_an_endpoint_switched_off_before_the_retry_is_not_posted_to(
    unit, receiver, django_capture_on_commit_callbacks
):
    robot = endpoint(unit, receiver, Flavour.WECOM)
    receiver.replies = [(500, b"")]
    with django_capture_on_commit_callbacks(execute=True):
        notice_broadcast(unit=unit, message="一")
    deliveries_retry()
    robot.is_active = False
    robot.save()
    deliveries_retry(now=timezone.now() + timedelta(minutes=5))
    delivery = Delivery.objects.get()
    assert delivery.last_error == "该群机器人已停用，消息未发送。" and len(receiver.requests) == 1


def test_inactive_endpoints_and_suppression_get_nothing(unit, receiver):
    endpoint(unit, receiver, Flavour.WECOM).delete()
    off = endpoint(unit, receiver, Flavour.WECOM)
    off.is_active = False
    off.save()
    assert notice_broadcast(unit=unit, message="无") == []
    on = endpoint(unit, receiver, Flavour.WECOM, name="启用的群")
    with notifications_suppressed():
        assert notice_broadcast(unit=unit, message="导入中") == []
    assert on.pk and not Delivery.objects.exists()


def test_the_admin_requeues_failed_deliveries_and_tests_an_endpoint(
    unit, receiver, django_capture_on_commit_callbacks
):
    robot = endpoint(unit, receiver, Flavour.WECOM)
    admin = make_user(unit, "admin")
    admin.full_name = "赵敏"
    admin.save()
    receiver.default = (500, b"")
    with django_capture_on_commit_callbacks(execute=True):
        notice_broadcast(unit=unit, message="要重发的")
    deliveries_retry()
    Delivery.objects.update(status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS)
    receiver.default = (200, b'{"errcode":0,"errmsg":"ok"}')
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue(deliveries=Delivery.objects.all(), acting_user=admin) == 1
    deliveries_retry()
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    with django_capture_on_commit_callbacks(execute=True):
        test = webhook_endpoint_test(endpoint=robot, acting_user=admin)
    deliveries_retry()
    test.refresh_from_db()
    assert test.status == DeliveryStatus.SENT
    assert receiver.requests[-1].body["text"]["content"] == (
        "【化解】测试消息：应急值班群配置正确（由赵敏发送）。"
    )


def test_the_minute_job_is_declared_and_retries(unit, receiver, django_capture_on_commit_callbacks):
    job = get_job("notices.retry_deliveries")
    assert job.every == timedelta(minutes=1) and not job.at
    endpoint(unit, receiver, Flavour.WECOM)
    receiver.replies = [(500, b"")]
    with django_capture_on_commit_callbacks(execute=True):
        notice_broadcast(unit=unit, message="一")
    deliveries_retry()
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert job.run() == 1


def test_the_robot_address_and_secret_are_encrypted_at_rest(unit, receiver):
    from django.db import connection

    robot = endpoint(unit, receiver, Flavour.DINGTALK, secret=SECRET)
    with connection.cursor() as cursor:
        cursor.execute("SELECT url, secret FROM notices_webhookendpoint WHERE id = %s", [robot.pk])
        url, secret = cursor.fetchone()
    assert "abc123" not in url and SECRET not in secret
    assert WebhookEndpoint.objects.get(pk=robot.pk).secret == SECRET
