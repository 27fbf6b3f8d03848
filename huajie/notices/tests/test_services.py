"""Sending, digests, acknowledgement and read marks, as a module using notices sees them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.notices.models import AckState, Delivery, DeliveryStatus, Notice
from huajie.notices.outbox import deliveries_retry
from huajie.notices.services import (
    DIGEST_MAX_ITEMS,
    DigestItem,
    daily_key,
    notice_acknowledge,
    notice_digest,
    notice_send,
    notices_mark_read,
    notifications_suppressed,
)
from huajie.orgs.tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def unit():
    return make_unit("清河县应急管理局")


@pytest.fixture
def people(unit):
    return [make_user(unit, "handler") for _ in range(3)]


def test_each_recipient_gets_one_notice_and_inactive_users_none(people):
    a, b, c = people
    c.is_active = False
    c.save()
    sent = notice_send(recipients=[a, b, a, None, c], message="请于今日17时前报送值班信息")
    assert sorted(n.recipient_id for n in sent) == sorted([a.pk, b.pk])
    assert Notice.objects.count() == 2


def test_nobody_is_told_about_what_they_did_themselves(people):
    leader, handler, _ = people
    sent = notice_send(recipients=[leader, handler], message="【督办】请加快办理", actor=leader)
    assert [n.recipient for n in sent] == [handler]


def test_a_notice_points_at_any_record_and_opens_the_given_page(people, unit):
    (n,) = notice_send(recipients=people[:1], message="单位信息已更新", target=unit, url="/orgs/")
    n.refresh_from_db()
    assert n.target == unit and n.url == "/orgs/"


def test_a_long_message_is_cut_to_fit(people):
    (n,) = notice_send(recipients=people[:1], message="长" * 400)
    assert len(n.message) == 300 and n.message.endswith("…")


def test_a_notice_needs_a_message_and_a_key_that_fits(people):
    with pytest.raises(ValueError):
        notice_send(recipients=people, message="  ")
    with pytest.raises(ValueError):
        notice_send(recipients=people, message="x", dedupe_key="k" * 151)


def test_a_dedupe_key_is_sent_once_per_recipient(people):
    a, b, _ = people
    key = "emergency.activation:7"
    assert len(notice_send(recipients=[a], message="预案已启动", dedupe_key=key)) == 1
    again = notice_send(recipients=[a, b], message="预案已启动", dedupe_key=key)
    assert [n.recipient for n in again] == [b]
    assert Notice.objects.filter(dedupe_key=key).count() == 2


def test_the_database_refuses_a_second_notice_with_the_same_key(people):
    a = people[0]
    Notice.objects.create(recipient=a, message="一", dedupe_key="k")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(recipient=a, message="二", dedupe_key="k")
    Notice.objects.create(recipient=a, message="无键可以重复")
    Notice.objects.create(recipient=a, message="无键可以重复")


def test_inside_suppression_nothing_is_written(people):
    with notifications_suppressed():
        assert notice_send(recipients=people, message="历史数据导入") == []
    assert not Notice.objects.exists()


def test_email_copies_go_after_commit_and_only_to_users_with_an_address(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    a, b, _ = people
    a.email = "a@example.org"
    a.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice_send(recipients=[a, b], message="交办信访事项 QH-2025-0001", url="/petitions/1/")
    assert mailoutbox == [] and len(callbacks) == 1
    delivery = Delivery.objects.get()
    assert delivery.destination == "a@example.org" and delivery.status == DeliveryStatus.PENDING
    callbacks[0]()  # after commit: queued, not sent (no broker in tests)
    assert mailoutbox == []
    assert deliveries_retry() == 1  # the outbox job sends it
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1
    (mail,) = mailoutbox
    assert mail.to == ["a@example.org"] and mail.subject == "【化解】交办信访事项 QH-2025-0001"
    assert "/petitions/1/" in mail.body


def test_in_app_only_writes_no_delivery(people):
    people[0].email = "a@example.org"
    people[0].save()
    notice_send(recipients=people[:1], message="站内提醒", channels=())
    assert not Delivery.objects.exists()


def test_a_rolled_back_write_sends_nothing(people, mailoutbox, django_capture_on_commit_callbacks):
    people[0].email = "a@example.org"
    people[0].save()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notice_send(recipients=people[:1], message="不应发出")
            raise RuntimeError("业务写入失败")
    assert mailoutbox == [] and not Notice.objects.exists() and not Delivery.objects.exists()


def test_a_digest_is_one_notice_listing_the_items(people):
    clerk = people[0]
    items = [DigestItem(text=f"QH-2025-{i:04d} 已超期", url=f"/petitions/{i}/") for i in range(5)]
    key = daily_key("petitions.sweep", datetime(2025, 12, 9, tzinfo=SHANGHAI).date())
    notice = notice_digest(
        recipient=clerk, title="【期限提醒】5 件已超期", items=items, dedupe_key=key, url="/x/"
    )
    assert notice is not None and key == "petitions.sweep:2025-12-09"
    assert notice.message == "【期限提醒】5 件已超期" and notice.url == "/x/"
    assert [i["url"] for i in notice.items] == [f"/petitions/{i}/" for i in range(5)]
    assert notice.body.splitlines()[0] == "1. QH-2025-0000 已超期  /petitions/0/"
    again = notice_digest(recipient=clerk, title="再来一次", items=items, dedupe_key=key)
    assert again is None and Notice.objects.count() == 1


def test_a_long_digest_lists_the_first_items_and_counts_the_rest(people):
    items = [DigestItem(text=f"第{i}件") for i in range(DIGEST_MAX_ITEMS + 20)]
    notice = notice_digest(
        recipient=people[0], title="很多", items=items, dedupe_key="d", url="/all/"
    )
    assert notice is not None and len(notice.items) == DIGEST_MAX_ITEMS + 1
    assert notice.items[-1] == {"text": "……另有 20 项，请打开列表查看全部。", "url": "/all/"}


def test_an_empty_digest_sends_nothing_and_a_digest_needs_a_key(people):
    assert notice_digest(recipient=people[0], title="无", items=[], dedupe_key="k") is None
    with pytest.raises(ValueError):
        notice_digest(recipient=people[0], title="无", items=[DigestItem("x")], dedupe_key="")


def test_acknowledgement_records_the_time_and_whether_it_was_on_time(people):
    due = datetime(2026, 3, 1, 9, 15, tzinfo=SHANGHAI)
    a, b, _ = people
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        on_time, late = notice_send(
            recipients=[a, b], message="应急预案已启动，请确认收到", ack_due_at=due
        )
        assert on_time.ack_required and on_time.ack_state() == AckState.PENDING
        acked = notice_acknowledge(notice=on_time, acting_user=a)
    assert acked.acknowledged_at is not None and acked.read_at is not None
    assert acked.ack_on_time is True and acked.ack_state() == AckState.ON_TIME
    with time_machine.travel(datetime(2026, 3, 1, 9, 40, tzinfo=SHANGHAI), tick=False):
        assert late.ack_state() == AckState.OVERDUE
        late = notice_acknowledge(notice=late, acting_user=b)
    assert late.ack_on_time is False and late.ack_state() == AckState.LATE
    with time_machine.travel(datetime(2026, 3, 2, tzinfo=SHANGHAI)):
        again = notice_acknowledge(notice=acked, acting_user=a)
    assert again.acknowledged_at == acked.acknowledged_at  # idempotent: the first tap counts


def test_only_the_recipient_acknowledges_and_only_when_asked(people):
    a, b, _ = people
    (n,) = notice_send(recipients=[a], message="请确认", ack_required=True)
    with pytest.raises(PermissionDenied, match="只有通知的接收人"):
        notice_acknowledge(notice=n, acting_user=b)
    (plain,) = notice_send(recipients=[a], message="普通通知")
    with pytest.raises(ApplicationError, match="不需要确认收到"):
        notice_acknowledge(notice=plain, acting_user=a)
    n = notice_acknowledge(notice=n, acting_user=a)
    assert n.ack_on_time is True  # no limit: any time is on time


def test_the_database_keeps_acknowledgement_for_notices_that_ask_for_it(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(
            recipient=people[0], message="x", acknowledged_at=datetime.now(SHANGHAI)
        )


def test_mark_read_touches_only_the_users_own_notices(people):
    a, b, _ = people
    n1, n2 = notice_send(recipients=[a, a, b], message="一")
    notice_send(recipients=[a], message="二")
    assert notices_mark_read(user=b, pk=n1.pk) == 0
    assert notices_mark_read(user=a, pk=n1.pk) == 1
    assert notices_mark_read(user=a) == 1
    assert Notice.objects.filter(recipient=a, read_at__isnull=True).count() == 0
    assert Notice.objects.get(pk=n2.pk).read_at is None


def test_ack_limit_implies_ack_required(people):
    due = datetime.now(SHANGHAI) + timedelta(minutes=15)
    (n,) = notice_send(recipients=people[:1], message="请到岗", ack_due_at=due)
    assert n.ack_required and n.ack_due_at == due
