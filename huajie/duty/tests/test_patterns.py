"""Shift patterns: the screen that defines a custom pattern (errors in Chinese next to their
field or above the form, nothing saved on a refusal), and generating a month from it."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from huajie.common.errors import ApplicationError
from huajie.duty.models import DutySlot, RosterMonth, ShiftKind, ShiftPattern
from huajie.duty.services import roster
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_user

from .factories import DutyCounty

URL = "/duty/rosters/patterns/"


def _post(client: Client, **fields: str):
    data = {"name": "夜间值守", "kind": ShiftKind.CUSTOM} | fields
    return client.post(URL, data)


@pytest.fixture
def client(dc: DutyCounty) -> Client:
    c = Client()
    c.force_login(dc.officer)
    return c


def test_a_custom_night_pattern_is_saved_and_generates_nights_only(
    dc: DutyCounty, client: Client
) -> None:
    response = _post(client, label_1="夜班", start_1="18:00", hours_1="14.5")
    assert response.status_code == 302
    pattern = ShiftPattern.objects.get(unit=dc.town, name="夜间值守")
    assert pattern.shifts == [{"label": "夜班", "start": "18:00", "minutes": 870}]
    page = client.get(URL).content.decode()
    assert "夜班 18:00–次日08:30" in page
    rosters = client.get("/duty/rosters/").content.decode()
    assert f'value="p{pattern.pk}"' in rosters and "夜间值守（自定义）" in rosters
    generated = client.post(
        "/duty/rosters/",
        {"month": "2026-03", "kind": f"p{pattern.pk}", "officers": [dc.officer.pk, dc.officer2.pk],
         "leaders": [dc.leader.pk]},
    )  # fmt: skip
    month = RosterMonth.objects.get(unit=dc.town, month=date(2026, 3, 1))
    assert generated["Location"] == f"/duty/rosters/{month.pk}/"
    slots = DutySlot.objects.filter(roster=month).order_by("starts_at")
    assert slots.count() == 31 and {s.label for s in slots} == {"夜班"}
    first = slots[0]
    assert (first.ends_at - first.starts_at).total_seconds() == 870 * 60


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "请至少填写一个班次：名称、开始时间和时长。"),
        ({"label_1": "白班", "hours_1": "8"}, "第1班：请填写开始时间，例如 08:30。"),
        ({"label_1": "白班", "start_1": "8点半", "hours_1": "8"}, "请按 08:30 的格式"),
        ({"label_1": "白班", "start_1": "08:30", "hours_1": "30"}, "一个班次最长 24 小时。"),
        ({"label_1": "白班", "start_1": "08:30", "hours_1": "8.3"}, "时长请以半小时为单位"),
        (
            {"label_1": "白班", "start_1": "08:00", "hours_1": "12",
             "label_2": "夜班", "start_2": "19:00", "hours_2": "13"},
            "班次“白班”和“夜班”时间重叠，请调整开始时间或时长。",
        ),
        (
            {"label_1": "值班", "start_1": "08:00", "hours_1": "4",
             "label_2": "值班", "start_2": "14:00", "hours_2": "4"},
            "班次名称不能重复",
        ),
        (
            {"kind": ShiftKind.DAY_NIGHT, "label_1": "白班", "start_1": "08:30", "hours_1": "10",
             "label_2": "夜班", "start_2": "18:30", "hours_2": "10"},
            "须合计 24 小时",
        ),
    ],
)  # fmt: skip
def test_bad_shifts_are_refused_with_a_sentence_and_nothing_is_saved(
    dc: DutyCounty, client: Client, fields: dict[str, str], message: str
) -> None:
    response = _post(client, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ShiftPattern.objects.filter(unit=dc.town).exists()


def test_a_night_shift_overlapping_the_next_morning_is_refused(dc: DutyCounty) -> None:
    with pytest.raises(ApplicationError, match="时间重叠"):
        roster.pattern_create(
            unit=dc.town, name="错班", kind=ShiftKind.CUSTOM, acting_user=dc.officer,
            shifts=[{"label": "早班", "start": "07:00", "minutes": 300},
                    {"label": "夜班", "start": "20:00", "minutes": 720}],
        )  # fmt: skip


def test_someone_without_a_duty_role_cannot_save_a_pattern(dc: DutyCounty) -> None:
    clerk = make_user(dc.town, RoleCode.CLERK)
    c = Client()
    c.force_login(clerk)
    assert "pattern-form" not in c.get(URL).content.decode()
    assert _post(c, label_1="夜班", start_1="18:00", hours_1="14").status_code == 403
    assert not ShiftPattern.objects.exists()
