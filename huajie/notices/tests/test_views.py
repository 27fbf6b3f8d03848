"""The bell, the list with read/unread, opening a notice, 全部标为已读 and 收到."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from huajie.notices.models import Notice
from huajie.notices.services import DigestItem, notice_digest, notice_send
from huajie.orgs.tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def unit():
    return make_unit("清河县应急管理局")


@pytest.fixture
def me(unit):
    return make_user(unit, "handler")


@pytest.fixture
def other(unit):
    return make_user(unit, "handler")


def test_the_bell_shows_the_unread_count_and_links_to_the_list(client, me):
    notice_send(recipients=[me], message="一", url="/orgs/")
    notice_send(recipients=[me], message="二")
    client.force_login(me)
    home = client.get("/").content.decode()
    assert 'data-testid="bell"' in home and 'href="/notices/"' in home and ">2</span>" in home


def test_the_bell_caps_a_large_count(client, me):
    Notice.objects.bulk_create(Notice(recipient=me, message=f"{i}") for i in range(120))
    client.force_login(me)
    assert ">99+</span>" in client.get("/").content.decode()


def test_the_list_shows_read_and_unread_and_filters_unread(client, me):
    first, second = (notice_send(recipients=[me], message=m)[0] for m in ("已读的", "未读的"))
    Notice.objects.filter(pk=first.pk).update(read_at=datetime.now(SHANGHAI))
    client.force_login(me)
    page = client.get("/notices/").content.decode()
    assert "已读的" in page and "未读的" in page and "共 2 条，未读 1 条" in page
    unread = client.get("/notices/?show=unread").content.decode()
    assert "未读的" in unread and "已读的" not in unread


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client, me):
    (n,) = notice_send(recipients=[me], message="单位信息", url="/orgs/")
    client.force_login(me)
    response = client.post(f"/notices/{n.pk}/")
    assert response.status_code == 302 and response["Location"] == "/orgs/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_a_notice_without_a_page_or_with_a_foreign_one_stays_on_the_list(client, me):
    plain, foreign = (
        notice_send(recipients=[me], message=m, url=u)[0]
        for m, u in (("无链接", ""), ("外部链接", "https://evil.example.com/"))
    )
    client.force_login(me)
    assert client.post(f"/notices/{plain.pk}/")["Location"] == f"/notices/#notice-{plain.pk}"
    assert client.post(f"/notices/{foreign.pk}/")["Location"] == f"/notices/#notice-{foreign.pk}"


def test_nobody_opens_or_acknowledges_anothers_notice(client, me, other):
    (n,) = notice_send(recipients=[me], message="给我的", ack_required=True)
    client.force_login(other)
    assert client.post(f"/notices/{n.pk}/").status_code == 404
    assert client.post(f"/notices/{n.pk}/ack/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None and n.acknowledged_at is None
    assert "暂无通知。" in client.get("/notices/").content.decode()


def test_read_all(client, me, other):
    notice_send(recipients=[me, other], message="一")
    notice_send(recipients=[me], message="二")
    client.force_login(me)
    assert client.post("/notices/read-all/")["Location"] == "/notices/"
    assert not Notice.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notice.objects.filter(recipient=other, read_at__isnull=True).exists()


def test_the_ack_button_shows_the_limit_then_on_time_or_late(client, me):
    due = datetime(2026, 3, 1, 9, 15, tzinfo=SHANGHAI)
    client.force_login(me)
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=SHANGHAI)):
        on_time, late = (
            notice_send(recipients=[me], message=m, ack_due_at=due)[0]
            for m in ("预案启动：请确认", "到岗通知：请确认")
        )
        page = client.get("/notices/").content.decode()
        assert page.count(">收到</button>") == 2 and "请于 2026-03-01 09:15 前确认收到" in page
        response = client.post(f"/notices/{on_time.pk}/ack/", follow=True)
        assert "已确认收到。" in response.content.decode()
    with time_machine.travel(datetime(2026, 3, 1, 9, 20, tzinfo=SHANGHAI)):
        page = client.get("/notices/").content.decode()
        assert "已超过确认时限 2026-03-01 09:15" in page
        response = client.post(f"/notices/{late.pk}/ack/", follow=True)
        page = response.content.decode()
    assert "已确认收到（已超过确认时限）。" in page
    assert "按时确认" in page and "超时确认" in page and ">收到</button>" not in page


def test_acknowledging_a_notice_that_does_not_ask_says_what_to_do(client, me):
    (n,) = notice_send(recipients=[me], message="普通通知")
    client.force_login(me)
    page = client.post(f"/notices/{n.pk}/ack/", follow=True).content.decode()
    assert "这条通知不需要确认收到，打开查看即可。" in page


def test_a_digest_lists_its_items_as_links(client, me):
    items = [DigestItem(text="QH-2025-0001 已超期", url="/petitions/1/"), DigestItem(text="无链接")]
    notice_digest(recipient=me, title="【期限提醒】2 件", items=items, dedupe_key="d", url="/p/")
    client.force_login(me)
    page = client.get("/notices/").content.decode()
    assert "查看详情（2 项）" in page and '<a href="/petitions/1/">QH-2025-0001 已超期</a>' in page


def test_the_empty_state_says_what_will_appear(client, me):
    client.force_login(me)
    page = client.get("/notices/").content.decode()
    assert "暂无通知。交办、督办、退回、期限提醒和需要您确认收到的消息会出现在这里。" in page
    assert "暂无未读通知。" in client.get("/notices/?show=unread").content.decode()


def test_the_old_address_still_arrives(client, me):
    client.force_login(me)
    response = client.get("/petitions/notifications/")
    assert response.status_code == 302 and response["Location"] == "/notices/"


def test_the_list_needs_a_login(client):
    assert client.get("/notices/")["Location"].startswith("/accounts/login/")


def test_the_bell_costs_one_query(client, me, django_assert_max_num_queries):
    from django.test import RequestFactory

    from huajie.notices.context_processors import notices

    request = RequestFactory().get("/")
    request.user = me
    with django_assert_max_num_queries(1):
        assert notices(request) == {"unread_notifications": 0}
