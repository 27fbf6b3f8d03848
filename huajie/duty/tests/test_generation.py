"""Generating rosters in bulk: a year in one step, several units in one call, a person shared by
two units never on two overlapping shifts, regeneration keeping what is there."""

from __future__ import annotations

import gc
from datetime import date

import pytest
from django.db.models import Count

from huajie.common.errors import ApplicationError
from huajie.duty.models import (
    AssignmentOrigin,
    DutyAssignment,
    DutyEvent,
    DutyRole,
    DutySlot,
    RosterMonth,
    ShiftKind,
)
from huajie.duty.services import generation, roster

from .factories import DutyCounty

YEAR = [date(2026, m, 1) for m in range(1, 13)]


def _rotations(dc: DutyCounty, unit, officers, leaders, kind=ShiftKind.FULL_DAY):
    pattern = roster.pattern_create(unit=unit, name="值班", kind=kind, acting_user=dc.county_duty)
    out = [
        roster.rotation_create(
            unit=unit, name="值班人员", pattern=pattern, role=DutyRole.OFFICER,
            members=officers, anchor=date(2026, 1, 1), step_by_day=kind == ShiftKind.FULL_DAY,
            acting_user=dc.county_duty,
        )
    ]  # fmt: skip
    if leaders:
        out.append(
            roster.rotation_create(
                unit=unit, name="带班领导", pattern=pattern, role=DutyRole.LEADER,
                members=leaders, anchor=date(2026, 1, 1), acting_user=dc.county_duty,
            )
        )  # fmt: skip
    return out


def test_a_year_in_one_step_fills_every_day_with_an_officer_and_a_leader(dc: DutyCounty) -> None:
    rotations = _rotations(dc, dc.town, [dc.officer, dc.officer2, dc.officer3],
                           [dc.leader, dc.leader2])  # fmt: skip
    placed = generation.roster_generate_months(
        unit=dc.town, months=YEAR, rotations=rotations, acting_user=dc.county_duty
    )
    assert placed == 365 * 2
    assert RosterMonth.objects.filter(unit=dc.town).count() == 12
    slots = DutySlot.objects.filter(unit=dc.town)
    assert slots.count() == 365
    assert not slots.annotate(n=Count("assignments")).exclude(n=2).exists()
    first = slots.get(day=date(2026, 1, 1))
    assert first.starts_at.isoformat() == "2026-01-01T00:30:00+00:00"  # 08:30 in Shanghai
    people = {a.role: a.user for a in first.assignments.all()}
    assert people == {DutyRole.OFFICER: dc.officer, DutyRole.LEADER: dc.leader}
    december = RosterMonth.objects.get(unit=dc.town, month=date(2026, 12, 1))
    event = DutyEvent.objects.get(roster=december)
    assert event.text == "按轮值规则生成排班 62 人次" and event.changes == {"slots": 31}
    assert event.actor == dc.county_duty


def test_one_call_for_two_units_never_puts_a_shared_person_on_two_shifts(dc: DutyCounty) -> None:
    town = _rotations(dc, dc.town, [dc.officer], [])
    other = _rotations(dc, dc.other_town, [dc.officer, dc.other_officer], [])
    generation.rosters_generate(
        jobs=[(dc.town, town), (dc.other_town, other)], months=YEAR[:1], acting_user=dc.county_duty
    )
    mine = DutyAssignment.objects.filter(user=dc.officer)
    assert mine.filter(slot__unit=dc.town).count() == 31
    assert not mine.filter(slot__unit=dc.other_town).exists()  # always on duty in town
    assert (
        DutyAssignment.objects.filter(slot__unit=dc.other_town, user=dc.other_officer).count() == 31
    )


def test_generating_again_keeps_an_override_and_adds_no_one_twice(dc: DutyCounty) -> None:
    rotations = _rotations(dc, dc.town, [dc.officer, dc.officer2], [dc.leader])
    march = roster.roster_month_get(unit=dc.town, month=date(2026, 3, 1))
    generation.roster_generate(roster=march, rotations=rotations, acting_user=dc.county_duty)
    slot = DutySlot.objects.get(roster=march, day=date(2026, 3, 2))
    roster.slot_assign(slot=slot, user=dc.leader2, role=DutyRole.LEADER, acting_user=dc.officer)
    again = generation.roster_generate(
        roster=march, rotations=rotations, acting_user=dc.county_duty
    )
    assert again == 0
    assert DutySlot.objects.filter(roster=march).count() == 31
    leader = slot.assignments.get(role=DutyRole.LEADER)
    assert (leader.user, leader.origin) == (dc.leader2, AssignmentOrigin.OVERRIDE)


def test_a_weekly_rota_has_slots_on_working_days_only(dc: DutyCounty) -> None:
    rotations = _rotations(dc, dc.town, [dc.officer, dc.officer2], [dc.leader],
                           kind=ShiftKind.WEEKLY)  # fmt: skip
    generation.roster_generate_months(
        unit=dc.town, months=[date(2026, 2, 1)], rotations=rotations, acting_user=dc.county_duty
    )
    days = set(DutySlot.objects.filter(unit=dc.town).values_list("day", flat=True))
    assert date(2026, 2, 14) in days  # 调休 Saturday
    assert date(2026, 2, 17) not in days  # Spring Festival
    assert date(2026, 2, 8) not in days  # Sunday


def test_the_cycle_collector_is_back_on_after_generating_or_a_refusal(dc: DutyCounty) -> None:
    rotations = _rotations(dc, dc.town, [dc.officer], [dc.leader])
    generation.roster_generate_months(
        unit=dc.town, months=YEAR[:1], rotations=rotations, acting_user=dc.county_duty
    )
    assert gc.isenabled()
    with pytest.raises(ApplicationError):
        generation.roster_generate_months(
            unit=dc.town, months=YEAR[:1], rotations=[], acting_user=dc.county_duty
        )
    assert gc.isenabled()
