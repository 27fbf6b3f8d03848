"""The deadline endpoint on real dates, and its refusal of a year with no schedule."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from huajie.orgs.models import HolidaySchedule
from huajie.orgs.tests.factories import unscheduled_year

URL = "/api/v1/calendar/deadline/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "kind", "due"),
    [
        # National Day 2025: Oct 1–8 off, make-up Sunday 9-28 and Saturday 10-11.
        ("2025-09-30", 5, "working", "2025-10-14"),
        ("2025-09-26", 1, "working", "2025-09-28"),
        ("2025-09-30", 15, "calendar", "2025-10-15"),
        ("2025-09-23", 8, "calendar", "2025-10-09"),  # 10-01 is a holiday: rolls to 10-09
        # Spring Festival 2026: off 2-15..2-23, make-up Saturdays 2-14 and 2-28.
        ("2026-02-13", 1, "working", "2026-02-14"),
        ("2026-02-13", 2, "working", "2026-02-24"),
        ("2026-02-27", 1, "working", "2026-02-28"),
        # Leap day 2024.
        ("2024-02-28", 1, "calendar", "2024-02-29"),
        ("2024-01-30", 30, "calendar", "2024-02-29"),
    ],
)
def test_real_dates(client, start, days, kind, due):
    response = client.get(URL, {"start": start, "days": days, "kind": kind})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["due"] == due
    assert body["calendar_version"].startswith(start[:4])
    assert "期限届满日为" in body["explanation"]


@pytest.mark.django_db
def test_explanation_names_skipped_days_and_why(client):
    body = client.get(URL, {"start": "2025-09-30", "days": 5, "kind": "working"}).json()
    skipped = {d["date"]: d["reason"] for d in body["skipped"]}
    assert skipped["2025-10-01"] == "法定节假日"
    assert "2025-10-11" not in skipped  # make-up Saturday counts
    noted = {d["date"]: d for d in body["days_noted"]}
    assert noted["2025-10-11"]["counted"] is True


@pytest.mark.django_db
def test_year_with_no_schedule_is_refused_then_accepted_once_entered(client):
    year = unscheduled_year()
    start = date(year - 1, 12, 20)
    response = client.get(URL, {"start": start.isoformat(), "days": 30, "kind": "calendar"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "calendar_year_missing"
    assert str(year) in body["message"] and "节假日安排" in body["message"]
    HolidaySchedule.objects.create(
        year=year,
        notice="国办发明电〔2026〕测试号",
        holidays=f"{year}-01-01\n{year}-02-05~{year}-02-11",
    )
    body = client.get(URL, {"start": start.isoformat(), "days": 30, "kind": "calendar"}).json()
    assert body["due"] == working_on_or_after(start + timedelta(days=30)).isoformat()
    assert f"{year}:" in body["calendar_version"]
    body = client.get(URL, {"start": f"{year}-02-04", "days": 1, "kind": "working"}).json()
    assert body["due"] == working_on_or_after(date(year, 2, 12)).isoformat()


def working_on_or_after(day: date) -> date:
    """Monday to Friday (the year entered above has no holiday in these weeks)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2025-13-01", "days": 5}, "start"),
        ({"start": "2025-09-30", "days": -1}, "days"),
        ({"start": "2025-09-30", "days": 5, "kind": "lunar"}, "kind"),
    ],
)
def test_bad_input_is_refused_in_chinese(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert field in body["fields"]


@pytest.mark.django_db
def test_a_new_years_schedule_starts_from_its_statutory_days(admin_client):
    """The admin's 新增节假日安排 opens on the first year nobody has entered, prefilled."""
    from huajie.deadlines import schedules_from_chinesecalendar
    from huajie.deadlines.statutory import as_entry, statutory_days

    year = max(set(schedules_from_chinesecalendar()) | {timezone.localdate().year - 1}) + 1
    HolidaySchedule.objects.create(
        year=year, notice="国办发明电〔2026〕1号", holidays=f"{year}-01-01"
    )
    page = admin_client.get("/admin/orgs/holidayschedule/add/").content.decode()
    assert f'value="{year + 1}"' in page
    assert as_entry(statutory_days(year + 1)).splitlines()[1] in page
    assert "已按《全国年节及纪念日放假办法》预填" in page
