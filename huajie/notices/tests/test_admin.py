"""The admin: robots are editable (never listing their token), deliveries show their failures."""

from __future__ import annotations

import pytest

from huajie.notices.models import Delivery, DeliveryStatus, Flavour, WebhookEndpoint
from huajie.orgs.tests.factories import make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return make_unit("清河县应急管理局")


@pytest.fixture
def robot(unit):
    return WebhookEndpoint.objects.create(
        name="应急值班群",
        unit=unit,
        url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-token",
        flavour=Flavour.WECOM,
    )


def test_the_deliveries_list_counts_failures_and_filters_by_status(admin_client, robot):
    for status in (DeliveryStatus.FAILED, DeliveryStatus.FAILED, DeliveryStatus.SENT):
        Delivery.objects.create(
            channel="webhook", endpoint=robot, destination=robot.name, status=status
        )
    page = admin_client.get("/admin/notices/delivery/").content.decode()
    assert "发送失败 2 条" in page
    failed = admin_client.get("/admin/notices/delivery/?status__exact=failed")
    assert failed.context["cl"].result_count == 2
    assert (
        admin_client.get("/admin/notices/delivery/?channel__exact=email").context["cl"].result_count
        == 0
    )


def test_no_failures_is_said_plainly(admin_client):
    assert "没有发送失败的消息" in admin_client.get("/admin/notices/delivery/").content.decode()


def test_the_robot_list_shows_the_host_not_the_token(admin_client, robot):
    page = admin_client.get("/admin/notices/webhookendpoint/").content.decode()
    assert "qyapi.weixin.qq.com" in page and "secret-token" not in page


def test_a_signing_secret_is_for_dingtalk_only(admin_client, unit):
    data = {
        "name": "群",
        "unit": unit.pk,
        "flavour": Flavour.WECOM,
        "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
        "secret": "SECabc",
        "is_active": "on",
    }
    response = admin_client.post("/admin/notices/webhookendpoint/add/", data)
    assert "只有钉钉机器人使用加签密钥" in response.content.decode()
    data["flavour"] = Flavour.DINGTALK
    assert admin_client.post("/admin/notices/webhookendpoint/add/", data).status_code == 302
    assert WebhookEndpoint.objects.get().secret == "SECabc"


def test_send_test_message_action_queues_a_delivery(admin_client, robot):
    response = admin_client.post(
        "/admin/notices/webhookendpoint/",
        {"action": "send_test", "_selected_action": [robot.pk]},
        follow=True,
    )
    assert "已为 1 个群机器人排队测试消息" in response.content.decode()
    assert Delivery.objects.get().payload["text"]["content"].startswith("【化解】测试消息：")
