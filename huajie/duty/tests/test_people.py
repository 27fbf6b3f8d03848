"""Handover, swaps, leave (and leave from post in a special period), spot checks, receptions,
gap reminders and the iCal feed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.duty.models import (
    DutyAssignment,
    DutyLogEntry,
    DutyRole,
    DutySlot,
    LeaveStatus,
    LogChannel,
    SwapStatus,
)
from huajie.duty.services import generation, log, people, reminders, reports, roster
from huajie.notices.models import Notice

from .factories import DutyCounty

SH = ZoneInfo("Asia/Shanghai")


def _month(dc: DutyCounty, month: date) -> None:
    pattern = roster.pattern_create(
        unit=dc.town, name="24h", kind="full_day", acting_user=dc.officer
    )
    rotations = [
        roster.rotation_create(
            unit=dc.town,
            name="值班",
            pattern=pattern,
            role=DutyRole.OFFICER,
            members=[dc.officer, dc.officer2, dc.officer3],
            anchor=month,
            acting_user=dc.officer,
        ),
        roster.rotation_create(
            unit=dc.town,
            name="带班",
            pattern=pattern,
            role=DutyRole.LEADER,
            members=[dc.leader, dc.leader2],
            anchor=month,
            acting_user=dc.officer,
        ),
    ]
    generation.roster_generate(
        roster=roster.roster_month_get(unit=dc.town, month=month),
        rotations=rotations,
        acting_user=dc.officer,
    )


def _slot(day: date, dc: DutyCounty) -> DutySlot:
    return DutySlot.objects.get(unit=dc.town, day=day)


def test_swap_requested_accepted_and_approved_by_the_duty_leader(dc: DutyCounty) -> None:
    _month(dc, date(2026, 4, 1))
    slot = _slot(date(2026, 4, 1), dc)  # 刘洋, led by 孙镇长
    swap = people.swap_request(
        slot=slot, counterpart=dc.officer2, reason="家中有事", acting_user=dc.officer
    )
    with pytest.raises(PermissionDenied):
        people.swap_accept(swap=swap, acting_user=dc.officer3)
    people.swap_accept(swap=swap, acting_user=dc.officer2)
    assert swap.status == SwapStatus.ACCEPTED
    with pytest.raises(PermissionDenied):
        people.swap_approve(swap=swap, acting_user=dc.officer2)
    people.swap_approve(swap=swap, acting_user=dc.leader)
    assert swap.status == SwapStatus.APPROVED
    assert list(slot.assignments.filter(role=DutyRole.OFFICER).values_list("user", "origin")) == [
        (dc.officer2.pk, "swap")
    ]


def test_a_swap_with_someone_on_leave_is_refused(dc: DutyCounty) -> None:
    _month(dc, date(2026, 4, 1))
    leave = people.leave_request(
        starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 3), reason="探亲", acting_user=dc.officer3
    )
    people.leave_decide(leave=leave, approve=True, acting_user=dc.leader)
    with pytest.raises(ApplicationError, match="吴刚 在 04月01日至04月03日 请假，不能替"):
        people.swap_request(
            slot=_slot(date(2026, 4, 1), dc),
            counterpart=dc.officer3,
            reason="家中有事",
            acting_user=dc.officer,
        )


def test_a_swap_with_someone_already_on_the_same_slot_is_refused(dc: DutyCounty) -> None:
    """The slot's leader cannot also take its officer's place (one person, one seat per slot):
    refused when asked, and again at approval if the roster changed in between."""
    _month(dc, date(2026, 4, 1))
    slot = _slot(date(2026, 4, 1), dc)  # 刘洋, led by 孙镇长
    leader = slot.assignments.get(role=DutyRole.LEADER).user
    with pytest.raises(ApplicationError, match="已在 .* 值班，不能再替同一班"):
        people.swap_request(
            slot=slot, counterpart=leader, reason="家中有事", acting_user=dc.officer
        )
    swap = people.swap_request(
        slot=slot, counterpart=dc.officer2, reason="家中有事", acting_user=dc.officer
    )
    people.swap_accept(swap=swap, acting_user=dc.officer2)
    # the roster changed meanwhile: the requester is no longer on this slot
    DutyAssignment.objects.filter(slot=slot, user=dc.officer).update(user=dc.officer3)
    with pytest.raises(ApplicationError, match="已不在 .* 的值班表上"):
        people.swap_approve(swap=swap, acting_user=dc.leader)
    swap.refresh_from_db()
    assert swap.status == SwapStatus.ACCEPTED
    assert slot.assignments.filter(user=dc.officer2).count() == 0


def test_leave_from_post_in_a_special_period_is_decided_by_the_period_leader(
    dc: DutyCounty,
) -> None:
    period = reports.period_create(
        unit=dc.county,
        name="春节特护期",
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 2, 28),
        leader=dc.county_leader,
        acting_user=dc.county_leader,
    )
    _month(dc, date(2026, 2, 1))
    leave = people.leave_request(
        starts_on=date(2026, 2, 16),
        ends_on=date(2026, 2, 18),
        reason="回乡过年",
        acting_user=dc.officer,
    )
    assert leave.period == period
    assert Notice.objects.filter(recipient=dc.county_leader, message__contains="申请离岗").exists()
    with pytest.raises(PermissionDenied):
        people.leave_decide(leave=leave, approve=True, acting_user=dc.leader)
    with pytest.raises(ApplicationError, match="不予批准时请写明理由"):
        people.leave_decide(leave=leave, approve=False, acting_user=dc.county_leader)
    people.leave_decide(
        leave=leave, approve=True, note="同意，保持通讯畅通", acting_user=dc.county_leader
    )
    assert leave.status == LeaveStatus.APPROVED and leave.decided_by == dc.county_leader
    conflicts = people.leave_conflicts(leave=leave)
    held = DutyAssignment.objects.filter(
        user=dc.officer, slot__day__range=(date(2026, 2, 16), date(2026, 2, 18))
    )
    assert conflicts and {a.pk for a in conflicts} == set(held.values_list("pk", flat=True))


def test_generation_skips_people_on_approved_leave(dc: DutyCounty) -> None:
    leave = people.leave_request(
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 5, 31),
        reason="借调",
        acting_user=dc.officer2,
    )
    people.leave_decide(leave=leave, approve=True, acting_user=dc.leader)
    _month(dc, date(2026, 5, 1))
    assert not DutyAssignment.objects.filter(user=dc.officer2).exists()
    assert DutySlot.objects.filter(unit=dc.town, assignments__role=DutyRole.OFFICER).count() == 31


def test_handover_carries_open_items_until_closed(dc: DutyCounty) -> None:
    now = timezone.now()
    a = log.entry_create(
        unit=dc.town,
        received_at=now - timedelta(hours=2),
        channel=LogChannel.CALL,
        content="停电",
        acting_user=dc.officer,
    )
    b = log.entry_create(
        unit=dc.town,
        received_at=now - timedelta(hours=1),
        channel=LogChannel.CALL,
        content="漏水",
        acting_user=dc.officer,
    )
    first = people.handover_write(
        unit=dc.town, notes="两件待跟进", incoming=dc.officer2, acting_user=dc.officer
    )
    with pytest.raises(PermissionDenied):
        people.handover_accept(handover=first, acting_user=dc.officer3)
    people.handover_accept(handover=first, acting_user=dc.officer2)
    assert first.accepted_at is not None and first.written_at <= first.accepted_at
    log.entry_close(entry=a, action_taken="已恢复供电", acting_user=dc.officer2)
    second = people.handover_write(
        unit=dc.town, notes="一件待跟进", incoming=None, acting_user=dc.officer2
    )
    assert list(second.open_items.all()) == [b]
    assert set(first.open_items.all()) == {a, b}
    assert DutyLogEntry.objects.get(pk=a.pk).status == "closed"


def test_spot_checks_are_for_units_below_and_an_unanswered_call_tells_the_unit(
    dc: DutyCounty,
) -> None:
    check = people.spot_check_record(
        unit=dc.town, answered=False, note="无人接听", acting_user=dc.county_duty
    )
    assert check.phone == "0731-8860 5001"
    assert Notice.objects.filter(recipient=dc.leader, message__contains="无人接听").exists()
    with pytest.raises(ApplicationError, match="只能对下级单位"):
        people.spot_check_record(unit=dc.other_town, answered=True, acting_user=dc.officer)


def test_receptions_publish_only_what_is_published(dc: DutyCounty) -> None:
    from huajie.common.publish import published_receptions

    start = datetime(2026, 12, 10, 9, 0, tzinfo=SH)
    people.reception_save(
        unit=dc.county,
        leader_name="王某",
        leader_title="县长",
        kind="receive",
        place="县接待中心",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        published=True,
        acting_user=dc.county_leader,
    )
    people.reception_save(
        unit=dc.county,
        leader_name="李某",
        leader_title="副县长",
        kind="visit",
        place="石门乡",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        published=False,
        acting_user=dc.county_leader,
    )
    found = published_receptions(date(2026, 12, 1), date(2026, 12, 31))
    assert [(r.leader, r.kind) for r in found] == [("县长 王某", "接访")]
    with pytest.raises(ApplicationError, match="结束时间须晚于开始时间"):
        people.reception_save(
            unit=dc.county,
            leader_name="王某",
            leader_title="县长",
            kind="receive",
            place="县接待中心",
            starts_at=start,
            ends_at=start,
            acting_user=dc.county_leader,
        )


def test_a_gap_is_notified_once_before_the_slot_starts(dc: DutyCounty) -> None:
    _month(dc, date(2026, 6, 1))
    slot = _slot(date(2026, 6, 10), dc)
    slot.assignments.filter(role=DutyRole.LEADER).delete()
    now = slot.starts_at - timedelta(hours=3)
    assert reminders.gaps_notify(now=now) == 5  # three officers and two leaders of the town
    assert reminders.gaps_notify(now=now) == 0
    assert Notice.objects.filter(recipient=dc.leader, message__contains="缺带班领导").exists()


def test_the_ical_feed_lists_the_persons_shifts(dc: DutyCounty) -> None:
    from huajie.duty.views.people import ical_token

    today = timezone.localdate()
    _month(dc, today.replace(day=1))
    client = Client()
    body = client.get(f"/duty/calendar/{ical_token(dc.officer)}.ics").content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "SUMMARY:城关镇人民政府 全天 值班人员" in body
    assert client.get("/duty/calendar/forged.ics").status_code == 404
