"""Every duty screen answers on the demo data, for the duty officer and the county leader; another
unit's record is 404; the printable roster and the xlsx have the filed columns."""

from __future__ import annotations

from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from huajie.duty.models import DutyLogEntry, Reception, RosterMonth
from huajie.orgs.models import User

PAGES = [
    "/duty/",
    "/duty/desk/",
    "/duty/now/",
    "/duty/log/",
    "/duty/log/?show=open",
    "/duty/log/new/",
    "/duty/rosters/",
    "/duty/rosters/patterns/",
    "/duty/reports/",
    "/duty/reports/matrix/",
    "/duty/reports/summary/",
    "/duty/handover/",
    "/duty/swaps/",
    "/duty/leave/",
    "/duty/spot-checks/",
    "/duty/directory/",
    "/duty/directory/?q=城关",
    "/duty/receptions/",
    "/duty/calendar/",
    "/api/v1/duty/now/",
    "/api/v1/duty/log/",
    "/api/v1/duty/reports/",
    "/api/v1/duty/rosters/",
]


@pytest.fixture
def demo(db: None) -> None:
    call_command("seed_demo", stdout=StringIO())


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_every_page_answers(demo: None) -> None:
    roster = RosterMonth.objects.get(unit__code="QHX-CGZ")
    own = (f"/duty/rosters/{roster.pk}/", f"/duty/rosters/{roster.pk}/print/")
    for username in ("duty", "leader", "clerk"):
        client = _client(username)
        for url in [*PAGES, *own, f"/api/v1/duty/rosters/{roster.pk}/"]:
            expected = 200
            if username == "clerk":  # the petition office: no roster of the town, no duty log form
                if url == "/duty/log/new/":
                    expected = 403
                elif url in own or url.endswith(f"rosters/{roster.pk}/"):
                    expected = 404
            response = client.get(url)
            assert response.status_code == expected, (username, url, response.status_code)


def test_the_duty_officer_sees_the_shift_the_period_and_the_report_due(demo: None) -> None:
    html = _client("duty").get("/duty/").content.decode()
    assert "岁末年初及元旦特护期" in html and "正在值班" in html and "每日信息报送" in html


def test_the_county_sees_every_town_and_the_gaps(demo: None) -> None:
    html = _client("leader").get("/duty/desk/").content.decode()
    assert "白沙镇" in html and "缺值班人员1名" in html
    matrix = _client("leader").get("/duty/reports/matrix/").content.decode()
    assert 'class="mm"' in matrix and 'class="ml"' in matrix and 'class="mz"' in matrix
    rosters = _client("leader").get("/duty/rosters/").content.decode()
    assert rosters.count('data-testid="roster-gaps"><span class="badge text-bg-danger">') >= 1


def test_another_units_entry_is_404_and_phones_are_masked(demo: None) -> None:
    entry = DutyLogEntry.objects.filter(caller_phone__isnull=False).exclude(caller_phone="").first()
    assert entry is not None
    assert _client("clerk").get(f"/duty/log/{entry.pk}/").status_code == 404
    html = _client("duty").get(f"/duty/log/{entry.pk}/").content.decode()
    assert "13807310000" not in html and "138****0000" in html
    directory = _client("clerk").get("/duty/directory/").content.decode()
    assert "13907310011" not in directory


def test_roster_print_and_xlsx(demo: None) -> None:
    roster = RosterMonth.objects.get(unit__code="QHX-CGZ")
    client = _client("duty")
    html = client.get(f"/duty/rosters/{roster.pk}/print/").content.decode()
    for column in ("日期", "星期", "带班领导", "值班人员", "电话"):
        assert f"<th>{column}</th>" in html
    response = client.get(f"/duty/rosters/{roster.pk}/xlsx/")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[2]] == ["日期", "星期", "班次", "带班领导", "值班人员", "电话"]
    assert sheet.max_row > 28


def test_published_receptions_reach_the_portal_provider(demo: None) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from huajie.common.publish import published_receptions

    today = timezone.localdate()
    found = published_receptions(today, today + timedelta(days=30))
    assert len(found) == Reception.objects.filter(published=True).count() == 2
    assert all("1" not in r.leader for r in found)
