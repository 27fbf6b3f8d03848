"""Retention: the nightly job deletes notices read long ago and deliveries sent long ago, and
nothing a person or the admin still has to act on."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from huajie.jobs.registry import get_job
from huajie.notices.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Flavour,
    Notice,
    WebhookEndpoint,
)
from huajie.notices.retention import notices_prune
from huajie.notices.services import notice_send
from huajie.orgs.tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return make_unit("清河县信访局")


def aged_notice(user, *, read_days_ago: int | None, message: str) -> Notice:
    (notice,) = notice_send(recipients=[user], message=message)
    read_at = None if read_days_ago is None else timezone.now() - timedelta(days=read_days_ago)
    Notice.objects.filter(pk=notice.pk).update(read_at=read_at)
    return notice


def test_read_notices_go_after_a_year_unread_ones_stay(unit):
    user = make_user(unit, "handler")
    user.email = "h@example.org"
    user.save()
    aged_notice(user, read_days_ago=366, message="去年已读")
    aged_notice(user, read_days_ago=364, message="未满一年")
    aged_notice(user, read_days_ago=None, message="一直未读")
    assert Delivery.objects.count() == 3
    assert notices_prune() == "删除已读通知 1 条、已发送的投递记录 0 条"
    assert sorted(Notice.objects.values_list("message", flat=True)) == ["一直未读", "未满一年"]
    assert Delivery.objects.count() == 2  # the e-mail copy went with its notice


def test_sent_deliveries_go_after_ninety_days_failed_and_pending_stay(unit):
    robot = WebhookEndpoint.objects.create(
        name="值班群", unit=unit, url="https://example.org/hook", flavour=Flavour.GENERIC
    )
    now = timezone.now()
    rows = {
        "old sent": (DeliveryStatus.SENT, now - timedelta(days=91)),
        "recent sent": (DeliveryStatus.SENT, now - timedelta(days=89)),
        "old failed": (DeliveryStatus.FAILED, None),
        "old pending": (DeliveryStatus.PENDING, None),
    }
    for name, (status, sent_at) in rows.items():
        Delivery.objects.create(
            channel=Channel.WEBHOOK,
            endpoint=robot,
            destination=name,
            status=status,
            sent_at=sent_at,
        )
    Delivery.objects.update(created_at=now - timedelta(days=400))
    assert notices_prune() == "删除已读通知 0 条、已发送的投递记录 1 条"
    assert sorted(Delivery.objects.values_list("destination", flat=True)) == [
        "old failed",
        "old pending",
        "recent sent",
    ]


@override_settings(NOTICES_RETENTION_DAYS=30, OUTBOX_RETENTION_DAYS=7)
def test_the_periods_are_settings(unit):
    user = make_user(unit, "handler")
    aged_notice(user, read_days_ago=31, message="一个月前已读")
    assert notices_prune() == "删除已读通知 1 条、已发送的投递记录 0 条"


def test_the_prune_runs_nightly_in_batches(unit, monkeypatch):
    from huajie.notices import retention

    monkeypatch.setattr(retention, "BATCH", 2)
    user = make_user(unit, "handler")
    for n in range(5):
        aged_notice(user, read_days_ago=400, message=f"旧通知{n}")
    job = get_job("notices.prune")
    assert job.at == (time(3, 40),) and job.every is None
    assert job.run() == "删除已读通知 5 条、已发送的投递记录 0 条"
    assert not Notice.objects.exists()
