"""Notices about cases reach the people concerned (never the one who acted), show in the top
bar, open the case; the daily sweep is one digest per person, not one notice per clock."""

from datetime import date

import pytest
import time_machine

from huajie.notices.models import Notice
from huajie.petitions import services as s
from huajie.petitions.tests.factories import make_county, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    with time_machine.travel(date(2025, 10, 20)):
        yield make_county()


def assigned(c):
    p = register(c)
    s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version)
    s.petition_assign(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        handling_unit=c.dept,
        responsible_leader=c.dept_leader,
        handler=c.handler,
    )
    return p


def test_the_bell_counts_unread_notices_and_opening_one_opens_the_case(c, client):
    p = assigned(c)
    client.force_login(c.handler)
    home = client.get("/").content.decode()
    assert 'data-testid="bell"' in home and ">1</span>" in home
    page = client.get("/notices/").content.decode()
    assert p.reg_no in page and "未读" in page
    notice = Notice.objects.get(recipient=c.handler)
    assert notice.target == p and notice.url == f"/petitions/{p.pk}/"
    response = client.post(f"/notices/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/petitions/{p.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_nobody_reads_anothers_notices(c, client):
    assigned(c)
    notice = Notice.objects.get(recipient=c.handler)
    client.force_login(c.outsider)
    client.post(f"/notices/{notice.pk}/")
    notice.refresh_from_db()
    assert notice.read_at is None
    assert "暂无通知" in client.get("/notices/").content.decode()


def test_read_all(c, client):
    assigned(c)
    client.force_login(c.dept_leader)
    client.post("/notices/read-all/")
    assert not Notice.objects.filter(recipient=c.dept_leader, read_at__isnull=True).exists()


def test_a_leader_issuing_a_supervision_notice_is_not_told_about_it(c):
    p = assigned(c)
    Notice.objects.all().delete()
    s.petition_supervise(petition=p, acting_user=c.dept_leader, kind="notice", note="请本周内办结")
    assert list(Notice.objects.values_list("recipient", flat=True)) == [c.handler.pk]


def test_fifty_overdue_cases_make_one_notice_for_their_clerk(c):
    cases = [register(c, title=f"外墙脱落第{i}号") for i in range(50)]  # route limit passed
    assert s.petitions_sweep() == 1
    (notice,) = Notice.objects.filter(recipient=c.clerk)
    assert notice.message == "【期限提醒】50 件已超期"
    assert notice.url == "/petitions/supervision/?clock=overdue"
    assert len(notice.items) == 50 and notice.body.count("\n") == 49
    assert {i["url"] for i in notice.items} == {f"/petitions/{p.pk}/" for p in cases}
    assert notice.items[0]["text"].startswith(f"【已超期】{cases[0].reg_no} 外墙脱落第0号 · ")
    assert s.petitions_sweep() == 0  # again the same day: nothing more
    assert Notice.objects.filter(recipient=c.clerk).count() == 1


def test_the_sweep_runs_again_the_next_day_and_splits_overdue_from_due_soon(c):
    p = assigned(c)  # accepted 2025-10-20: handling due 60 days later
    with time_machine.travel(date(2025, 12, 17)):
        assert s.petitions_sweep() == 3  # handler, leader and registering clerk
        assert s.petitions_sweep() == 0
    with time_machine.travel(date(2025, 12, 18)):
        assert s.petitions_sweep() == 3
    notices = Notice.objects.filter(recipient=c.handler, dedupe_key__startswith="petitions.sweep")
    notices = notices.order_by("created_at", "id")
    (item,) = notices[0].items  # one line per case, all its running limits on it
    # The lapsed objection window (2025-10-27) is not a deadline: only the handling limit is listed.
    assert notices[0].message == "【期限提醒】1 件即将到期"
    assert item["url"] == f"/petitions/{p.pk}/"
    assert item["text"] == (f"【即将到期】{p.reg_no} {p.title} · 办理期限2025-12-19")
