"""Rosters on real dates: generation against the 2026 calendar, gaps, overrides, refusals,
publication with editions and filing with the level above."""

from __future__ import annotations

from datetime import date

import pytest

from huajie.common.errors import ApplicationError
from huajie.duty.models import DayKind, DutyRole, DutySlot, RosterStatus, ShiftKind
from huajie.duty.services import generation, reports, roster
from huajie.notices.models import Notice

from .factories import DutyCounty


def _month(dc: DutyCounty, month: date, kind: str = ShiftKind.FULL_DAY, leaders: bool = True):
    pattern = roster.pattern_create(
        unit=dc.town, name="24小时值班", kind=kind, acting_user=dc.officer
    )
    rotations = [
        roster.rotation_create(
            unit=dc.town,
            name="值班员轮值",
            pattern=pattern,
            role=DutyRole.OFFICER,
            members=[dc.officer, dc.officer2, dc.officer3],
            anchor=month,
            step_by_day=kind == ShiftKind.FULL_DAY,
            acting_user=dc.officer,
        )
    ]
    if leaders:
        rotations.append(
            roster.rotation_create(
                unit=dc.town,
                name="领导带班",
                pattern=pattern,
                role=DutyRole.LEADER,
                members=[dc.leader, dc.leader2],
                anchor=month,
                acting_user=dc.officer,
            )
        )
    month_roster = roster.roster_month_get(unit=dc.town, month=month)
    generation.roster_generate(roster=month_roster, rotations=rotations, acting_user=dc.officer)
    return month_roster


def test_february_2026_marks_spring_festival_and_makeup_saturdays(dc: DutyCounty) -> None:
    r = _month(dc, date(2026, 2, 1))
    kinds = dict(DutySlot.objects.filter(roster=r).values_list("day", "day_kind"))
    assert len(kinds) == 28
    assert kinds[date(2026, 2, 17)] == DayKind.HOLIDAY  # 春节
    assert kinds[date(2026, 2, 14)] == DayKind.MAKEUP  # 调休上班的星期六
    assert kinds[date(2026, 2, 28)] == DayKind.MAKEUP
    assert kinds[date(2026, 2, 8)] == DayKind.REST
    rows = roster.roster_rows(r)
    assert [row["officers"] for row in rows[:4]] == ["刘洋", "周敏", "吴刚", "刘洋"]
    assert [row["leader"] for row in rows[:3]] == ["孙镇长", "钱书记", "孙镇长"]
    assert rows[0]["weekday"] == "星期日" and not any(row["gap"] for row in rows)


def test_day_night_pattern_rotates_each_shift(dc: DutyCounty) -> None:
    r = _month(dc, date(2026, 3, 1), kind=ShiftKind.DAY_NIGHT)
    rows = roster.roster_rows(r)
    assert len(rows) == 62
    assert [row["shift"] for row in rows[:2]] == ["白班", "夜班"]
    assert rows[0]["officers"] == "刘洋" and rows[1]["officers"] == "周敏"


def test_special_period_needs_two_officers_so_a_slot_with_one_is_a_gap(dc: DutyCounty) -> None:
    reports.period_create(
        unit=dc.county,
        name="春节及全国两会特护期",
        starts_on=date(2026, 1, 12),
        ends_on=date(2026, 3, 20),
        officers_per_slot=2,
        acting_user=dc.county_leader,
    )
    r = _month(dc, date(2026, 3, 1))
    rows = roster.roster_rows(r)
    assert rows[0]["officers"] == "刘洋、周敏"
    assert rows[19]["officers"].count("、") == 1  # 3-20, still in the period
    assert rows[20]["officers"].count("、") == 0  # 3-21, back to one


def test_publishing_without_a_leader_is_refused_with_a_sentence(dc: DutyCounty) -> None:
    r = _month(dc, date(2026, 4, 1), leaders=False)
    with pytest.raises(ApplicationError, match="没有带班领导，本单位要求每班都有领导带班"):
        roster.roster_publish(roster=r, acting_user=dc.officer)


def test_one_person_cannot_hold_two_overlapping_slots(dc: DutyCounty) -> None:
    r = _month(dc, date(2026, 5, 1))
    other = roster.roster_month_get(unit=dc.other_town, month=date(2026, 5, 1))
    pattern = roster.pattern_create(
        unit=dc.other_town, name="24h", kind=ShiftKind.FULL_DAY, acting_user=dc.other_officer
    )
    rot = roster.rotation_create(
        unit=dc.other_town,
        name="值班",
        pattern=pattern,
        role=DutyRole.OFFICER,
        members=[dc.other_officer],
        anchor=date(2026, 5, 1),
        acting_user=dc.other_officer,
    )
    generation.roster_generate(roster=other, rotations=[rot], acting_user=dc.other_officer)
    slot = DutySlot.objects.get(roster=r, day=date(2026, 5, 2))
    busy = (
        DutySlot.objects.get(roster=r, day=date(2026, 5, 1))
        .assignments.get(role=DutyRole.OFFICER)
        .user
    )
    assert busy == dc.officer
    # 5-1 08:30 → 5-2 08:30 and 5-2 08:30 → 5-3 08:30 touch but do not overlap: allowed
    roster.slot_assign(slot=slot, user=dc.officer, role=DutyRole.OFFICER, acting_user=dc.officer)
    with pytest.raises(ApplicationError, match="同一人不能同时值两个时间重叠的班"):
        roster.slot_assign(
            slot=DutySlot.objects.get(roster=other, day=date(2026, 5, 2)),
            user=dc.officer,
            role=DutyRole.OFFICER,
            acting_user=dc.county_duty,
        )


def test_publish_locks_files_with_the_county_and_keeps_editions(dc: DutyCounty) -> None:
    r = _month(dc, date(2026, 6, 1))
    roster.roster_publish(roster=r, acting_user=dc.officer, note="首次发布")
    r.refresh_from_db()
    assert (r.status, r.edition, r.filed_to) == (RosterStatus.PUBLISHED, 1, dc.county)
    assert Notice.objects.filter(
        recipient=dc.county_duty, message__contains="报备了 2026年6月值班表"
    ).exists()
    slot = DutySlot.objects.get(roster=r, day=date(2026, 6, 3))
    with pytest.raises(ApplicationError, match="已发布并锁定"):
        roster.slot_assign(
            slot=slot, user=dc.officer3, role=DutyRole.OFFICER, acting_user=dc.officer
        )
    roster.roster_revise(roster=r, reason="周敏出差，调整6月3日", acting_user=dc.officer)
    roster.slot_assign(slot=slot, user=dc.leader2, role=DutyRole.LEADER, acting_user=dc.officer)
    roster.roster_publish(roster=r, acting_user=dc.officer)
    assert list(r.editions.values_list("edition", flat=True)) == [1, 2]
    assert r.events.filter(kind="override").exists()


def test_another_town_cannot_touch_the_roster(dc: DutyCounty) -> None:
    r = _month(dc, date(2026, 7, 1))
    with pytest.raises(ApplicationError):
        roster.roster_publish(roster=r, acting_user=dc.other_officer)
