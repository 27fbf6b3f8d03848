"""Windows are not deadlines (issue 9): the receiving unit's 5-working-day objection window and the
petitioner's 30-day review windows lapse; they never show as overdue, never count in the overdue
totals or reminders, and archiving a case does not close the petitioner's window."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from huajie.common.errors import ApplicationError
from huajie.notices.models import Notice
from huajie.petitions import selectors
from huajie.petitions import services as s
from huajie.petitions.models import Petition
from huajie.petitions.tests.factories import make_county, register
from huajie.petitions.views.presenters import clock_badge

pytestmark = pytest.mark.django_db


def assigned_elsewhere(c) -> Petition:
    """Accepted on 2025-10-09 and assigned the same day to the department, which never started:
    its objection window closed on 2025-10-16, its 60-day handling limit runs to 2025-12-08."""
    with time_machine.travel(date(2025, 10, 9)):
        p = register(c, received_on=date(2025, 10, 8))
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


def test_a_lapsed_objection_window_is_not_overdue_while_the_handling_limit_runs():
    c = make_county()
    p = assigned_elsewhere(c)
    today = date(2025, 12, 1)  # the objection window closed 46 days ago
    p.refresh_from_db()
    assert p.next_due == date(2025, 12, 8)  # the real limit: 60 days from acceptance
    window = p.clocks.get(kind="objection")
    assert window.rule_window and window.stopped_on is None
    badge = clock_badge(window, today)
    assert badge.state == "window" and badge.left_text == "已截止"
    summary = selectors.supervision_summary_for_user(user=c.clerk, today=today)
    assert summary.overdue == 0 and summary.due_soon == 0
    assert s.petitions_sweep(today=today) == 0
    assert not Notice.objects.filter(message__contains="异议").exists()


def test_the_case_page_says_the_objection_window_closed_not_overdue(client):
    c = make_county()
    p = assigned_elsewhere(c)
    client.force_login(c.clerk)
    with time_machine.travel(date(2025, 12, 1)):
        html = client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
    assert "已截止" in html and "已超期" not in html


def replied_on(c, day: date) -> Petition:
    with time_machine.travel(day):
        p = register(c, received_on=date(2025, 9, 1))
        s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version)
        s.petition_assign(
            petition=p,
            acting_user=c.clerk,
            expected_version=p.version,
            handling_unit=c.dept,
            responsible_leader=c.dept_leader,
            handler=c.handler,
        )
        s.petition_start_handling(petition=p, acting_user=c.handler, expected_version=p.version)
        s.petition_reply(
            petition=p,
            acting_user=c.handler,
            expected_version=p.version,
            request="维修外墙",
            facts="外墙确有脱落",
            reasons="属物业维修责任",
            decision="explain",
            legal_basis="《物业管理条例》第五十五条",
        )
        s.petition_close(petition=p, acting_user=c.clerk, expected_version=p.version)
        s.petition_archive(petition=p, acting_user=c.clerk, expected_version=p.version)
    return p


def test_archiving_leaves_the_petitioners_review_window_open_and_a_timely_request_reopens():
    c = make_county()
    p = replied_on(c, date(2025, 10, 10))  # window: 30 days, to 2025-11-10 (11-09 is a Sunday)
    window = p.clocks.get(kind="review_request")
    assert window.stopped_on is None and window.due == date(2025, 11, 10)
    assert clock_badge(window, date(2025, 10, 20)).left_text == "剩 21 天"
    with time_machine.travel(date(2025, 10, 20)):
        s.petition_request_review(
            petition=p,
            acting_user=c.clerk,
            expected_version=p.version,
            reason="对答复不服",
            reviewing_unit=c.county,
        )
    p.refresh_from_db()
    assert p.status == "under_review"
    assert p.clocks.get(kind="review_request").stopped_on == date(2025, 10, 20)


def test_after_the_window_an_archived_case_stays_archived():
    c = make_county()
    p = replied_on(c, date(2025, 10, 10))
    with time_machine.travel(date(2025, 11, 11)), pytest.raises(ApplicationError) as err:
        s.petition_request_review(
            petition=p,
            acting_user=c.clerk,
            expected_version=p.version,
            reason="对答复不服",
            reviewing_unit=c.county,
        )
    assert err.value.code == "review_request_window_closed"
    p.refresh_from_db()
    assert p.status == "archived"
