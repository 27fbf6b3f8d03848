"""The home page shows each role its work: live counts and the first cases (issue 10, item 2)."""

from datetime import date
from typing import Any

import pytest
import time_machine

from huajie.orgs.tests.factories import make_county
from huajie.petitions import home
from huajie.petitions import services as s
from huajie.petitions.tests import stages
from huajie.petitions.tests.factories import register

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 20)


@pytest.fixture
def c():
    with time_machine.travel(TODAY):
        county: Any = make_county()
        # Accepted 2025-10-09: the 60-day limit ended 2025-12-08, overdue on the 20th.
        county.late = stages.handling(county, title="桃花村危房改造补助未到位")
        county.fresh = register(county, title="小区路灯不亮")
        s.petition_accept(
            petition=county.fresh, acting_user=county.clerk, expected_version=1, on=TODAY
        )
        s.petition_assign(
            petition=county.fresh,
            acting_user=county.clerk,
            expected_version=county.fresh.version,
            handling_unit=county.dept,
            responsible_leader=county.dept_leader,
            handler=county.handler,
            on=TODAY,
        )
        county.waiting = register(county, title="自来水水压不足")
        yield county


def counts(live):
    return {str(count.label): count.value for count in live.counts}


def test_the_handler_sees_his_cases_by_clock_state_overdue_first(c):
    with time_machine.travel(TODAY):
        live = home.handler_live(c.handler)
    assert counts(live) == {"已超期": 1, "即将到期": 0, "期限内": 1}
    assert [item.title for item in live.items] == ["桃花村危房改造补助未到位", "小区路灯不亮"]
    assert live.items[0].badge == "已超期 12 天" and live.items[0].tone == "danger"


def test_the_leader_sees_what_awaits_his_instruction_and_the_overdue_cases(c):
    with time_machine.travel(TODAY):
        live = home.leader_live(c.dept_leader)
        assert counts(live) == {"已超期": 1, "待延期决定": 0, "待批示": 2}
        s.petition_add_note(
            petition=c.late,
            acting_user=c.dept_leader,
            expected_version=c.late.version,
            kind="instruction",
            text="请三日内上门核实。",
        )
        assert counts(home.leader_live(c.dept_leader))["待批示"] == 1
    assert live.items[0].title == "桃花村危房改造补助未到位"


def test_the_leader_is_told_of_a_limit_ending_within_a_week_without_extension(c):
    with time_machine.travel(date(2026, 2, 18)):  # the fresh case's limit ends 2026-02-24
        assert counts(home.leader_live(c.dept_leader))["待延期决定"] == 1


def test_the_clerk_sees_his_registrations_today_and_what_to_route(c):
    with time_machine.travel(TODAY):
        live = home.clerk_live(c.clerk)
    assert counts(live)["今日登记"] == 3
    assert counts(live)["待分流"] == 1
    assert [(i.title, i.meta.split(" · ")[1]) for i in live.items] == [
        ("自来水水压不足", "待受理或转送")
    ]


def test_the_home_page_shows_the_counts_not_nothing_to_do(client, c):
    with time_machine.travel(TODAY):
        client.force_login(c.handler)
        page = client.get("/").content.decode()
    assert "暂无待办" not in page
    assert "桃花村危房改造补助未到位" in page and "已超期 12 天" in page
    assert 'href="/petitions/my/?clock=overdue"' in page


def test_a_count_links_to_the_queue_filtered_by_clock_state(client, c):
    with time_machine.travel(TODAY):
        client.force_login(c.handler)
        page = client.get("/petitions/my/?clock=overdue").content.decode()
    assert "桃花村危房改造补助未到位" in page and "小区路灯不亮" not in page
