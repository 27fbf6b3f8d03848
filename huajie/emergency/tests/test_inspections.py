"""Inspection plans: calendar periods, the standing of each plan (held / due / missed), one
inspection per period, failures become hazards with the plan's deadline, the daily reminder and
the screens."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.notices.models import Notice
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

from .. import selectors
from ..models import InspectionPlan, KeyPlace
from ..periods import period_of, periods_ended
from ..services import hazards as hz
from ..services import inspections as ins
from .factories import make_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("frequency", "day", "expected"),
    [
        ("weekly", date(2026, 12, 31), (date(2026, 12, 28), date(2027, 1, 3))),  # over new year
        ("weekly", date(2026, 10, 1), (date(2026, 9, 28), date(2026, 10, 4))),  # National Day
        ("monthly", date(2028, 2, 10), (date(2028, 2, 1), date(2028, 2, 29))),  # leap year
        ("quarterly", date(2026, 12, 3), (date(2026, 10, 1), date(2026, 12, 31))),
        ("half_yearly", date(2026, 6, 30), (date(2026, 1, 1), date(2026, 6, 30))),
        ("yearly", date(2026, 7, 1), (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_periods_are_calendar_periods(frequency: str, day: date, expected: tuple) -> None:
    assert period_of(frequency, day) == expected


def test_periods_ended_go_back_to_the_start_newest_first() -> None:
    ended = periods_ended("monthly", date(2026, 9, 15), date(2026, 12, 3), 12)
    assert ended == [date(2026, 11, 1), date(2026, 10, 1), date(2026, 9, 1)]
    assert periods_ended("quarterly", date(2026, 11, 1), date(2026, 12, 3), 12) == []


def _plan(w: object, frequency: str = "monthly") -> InspectionPlan:
    unit = w.emergency_unit  # type: ignore[attr-defined]
    place = KeyPlace.objects.create(unit=unit, name="石门寺", checklist="安全出口畅通")
    return ins.inspection_plan_save(
        acting_user=w.commander,  # type: ignore[attr-defined]
        data=ins.InspectionPlanInput(
            place=place, name="电气线路", checklist="电气线路无私拉乱接\n配电箱上锁",
            frequency=frequency, starts_on=date(2026, 9, 1),
            inspector=w.commander, rectify_days=10,  # type: ignore[attr-defined]
        ),
    )  # fmt: skip


def _record(plan: InspectionPlan, on: date, user: object, **failures: hz.HazardInput) -> None:
    results = {item: item not in failures for item in plan.items}
    ins.inspection_record(place=plan.place, plan=plan, inspected_on=on, results=results,
                          failures=failures, note="", acting_user=user)  # type: ignore[arg-type]  # fmt: skip


def test_a_missed_month_shows_as_missed_and_this_month_as_due_until_recorded() -> None:
    w = make_world()
    plan = _plan(w)
    with time_machine.travel(date(2026, 9, 20), tick=False):
        _record(plan, date(2026, 9, 20), w.commander)
    with time_machine.travel(date(2026, 11, 28), tick=False):
        [row] = selectors.inspection_schedule(plans=InspectionPlan.objects.all())
        assert (row.done, row.missed, row.missed_last) == (False, [date(2026, 10, 1)], True)
        assert row.ends == date(2026, 11, 30) and row.days_left == 2
        assert row.last_on == date(2026, 9, 20) and "danger" in row.css
        _record(plan, date(2026, 11, 28), w.commander)
        [row] = selectors.inspection_schedule(plans=InspectionPlan.objects.all())
        assert row.done and row.missed == [date(2026, 10, 1)]
        with pytest.raises(ApplicationError, match="本周期已登记过这项排查"):
            _record(plan, date(2026, 11, 28), w.commander)
        other = KeyPlace.objects.create(unit=plan.unit, name="大厅", checklist="照明")
        with pytest.raises(ApplicationError, match="排查计划与重点场所不符"):
            ins.inspection_record(place=other, plan=plan, inspected_on=date(2026, 11, 28),
                                  results=dict.fromkeys(plan.items, True), failures={}, note="",
                                  acting_user=w.commander)  # fmt: skip


def test_a_failed_item_is_a_hazard_with_a_deadline_feeding_rectification() -> None:
    w = make_world()
    plan = _plan(w)
    rectifier = make_user(w.emergency_unit, RoleCode.DUTY_OFFICER)
    with time_machine.travel(date(2026, 11, 10), tick=False):
        data = hz.HazardInput(item="配电箱上锁", description="配电箱未上锁", level="general",
                              deadline=date(2026, 11, 20), responsible=rectifier)  # fmt: skip
        with pytest.raises(ApplicationError, match="不合格项须登记隐患"):
            ins.inspection_record(place=plan.place, plan=plan, inspected_on=date(2026, 11, 10),
                                  results={"电气线路无私拉乱接": True, "配电箱上锁": False},
                                  failures={}, note="", acting_user=w.commander)  # fmt: skip
        assert not plan.inspections.exists()  # refused whole: nothing saved
        _record(plan, date(2026, 11, 10), w.commander, **{"配电箱上锁": data})
    hazard = plan.place.hazards.get()
    assert hazard.inspection == plan.inspections.get() and hazard.deadline == date(2026, 11, 20)
    assert Notice.objects.filter(recipient=rectifier, message__contains="整改隐患").exists()


def test_only_the_places_unit_plans_and_the_inspector_must_belong_to_it() -> None:
    w = make_world()
    place = KeyPlace.objects.create(unit=w.emergency_unit, name="大厅", checklist="照明")
    data = ins.InspectionPlanInput(place=place, name="照明", checklist="照明", frequency="weekly",
                                   starts_on=date(2026, 9, 1), inspector=w.c.clerk)  # fmt: skip
    with pytest.raises(ApplicationError, match="排查责任人须是场所责任单位"):
        ins.inspection_plan_save(data=data, acting_user=w.commander)
    outsider = make_user(make_unit("清河县水利局", parent=w.c.county), RoleCode.COMMANDER)
    with pytest.raises(PermissionDenied):
        ins.inspection_plan_save(data=data, acting_user=outsider)


def test_the_daily_reminder_tells_the_inspector_once() -> None:
    w = make_world()
    plan = _plan(w, "weekly")
    with time_machine.travel(date(2026, 11, 27), tick=False):  # a Friday, two days left
        assert ins.inspections_remind() == 1
        assert ins.inspections_remind() == 0
        _record(plan, date(2026, 11, 27), w.commander)
    note = Notice.objects.get(recipient=w.commander, message__contains="隐患排查提醒")
    assert "1 项" in note.message


def test_the_screens_list_plans_create_one_and_record_an_inspection() -> None:
    w = make_world()
    plan = _plan(w)
    client = Client()
    client.force_login(w.commander)
    page = client.get(reverse("emergency:inspections"))
    assert page.status_code == 200 and "电气线路" in page.content.decode()
    resp = client.post(reverse("emergency:inspections"), {
        "place": plan.place.pk, "name": "消防通道", "checklist": "通道畅通", "frequency": "weekly",
        "starts_on": "2026/9/1", "inspector": w.commander.pk, "rectify_days": 7,
    })  # fmt: skip
    assert resp.status_code == 302
    assert InspectionPlan.objects.filter(name="消防通道", frequency="weekly").exists()
    url = reverse("emergency:plan_inspect", args=[plan.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"item0": "pass", "item1": "pass"}).status_code == 302
    assert plan.inspections.count() == 1
    other = Client()
    other.force_login(make_user(make_unit("清河县水利局", parent=w.c.county), RoleCode.COMMANDER))
    assert other.get(url).status_code == 404
    assert plan.inspections.get().period_start == period_of("monthly", timezone.localdate())[0]
