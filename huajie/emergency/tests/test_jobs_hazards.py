"""The every-minute job escalates passed limits (first the group leader, then the commander),
hazards close only after a re-check by someone else, a 重大 hazard needs its 五落实."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.notices.models import Notice
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_user

from ..models import HazardStatus, KeyPlace
from ..services import hazards as hz
from ..services import incidents as svc
from ..services import inspections as ins
from ..services.escalation import escalate_overdue
from .factories import make_world, report_incident

pytestmark = pytest.mark.django_db


def test_a_missed_acknowledgement_escalates_to_the_leader_then_the_commander() -> None:
    w = make_world()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        incident = report_incident(w, received_at=start)
        svc.incident_activate(incident=incident, grade=4, acting_user=w.commander)
        svc.responder_ack(
            responder=incident.responders.get(user=w.commander), acting_user=w.commander
        )
    with time_machine.travel(start + timedelta(minutes=9), tick=False):
        assert escalate_overdue() == 0
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        sent = escalate_overdue()
        assert escalate_overdue() == 0  # the same minute again sends nothing
    assert sent == 3  # the three work-group members who have not tapped 收到
    to_leader = Notice.objects.filter(recipient=w.fire_leader, message__startswith="超时")
    assert to_leader.count() == 2  # his own and his member's
    with time_machine.travel(start + timedelta(minutes=17), tick=False):
        escalate_overdue()
    assert Notice.objects.filter(recipient=w.commander, message__contains="未收到").exists()
    assert incident.events.filter(kind="escalation").count() >= 6


def _place(w: object) -> KeyPlace:
    return KeyPlace.objects.create(unit=w.emergency_unit, name="石门寺",  # type: ignore[attr-defined]
                                   checklist="安全出口畅通\n消防器材完好")  # fmt: skip


def test_a_failed_item_becomes_a_hazard_closed_only_by_someone_else() -> None:
    w = make_world()
    place = _place(w)
    today = timezone.localdate()
    with pytest.raises(ApplicationError, match="不合格项须登记隐患"):
        ins.inspection_record(place=place, inspected_on=today, failures={}, note="",
                             results={"安全出口畅通": False, "消防器材完好": True},
                             acting_user=w.commander)  # fmt: skip
    rectifier = make_user(w.emergency_unit, RoleCode.DUTY_OFFICER)
    data = hz.HazardInput(item="安全出口畅通", description="后门堆放杂物", level="general",
                          deadline=today + timedelta(days=3), responsible=rectifier)  # fmt: skip
    ins.inspection_record(place=place, inspected_on=today, note="",
                         results={"安全出口畅通": False, "消防器材完好": True},
                         failures={"安全出口畅通": data}, acting_user=w.commander)  # fmt: skip
    hazard = place.hazards.get()
    hz.hazard_rectify(hazard=hazard, note="已清理", acting_user=rectifier)
    with pytest.raises(PermissionDenied, match="整改人不能复查自己整改的隐患"):
        hz.hazard_recheck(hazard=hazard, passed=True, note="好", acting_user=rectifier)
    hz.hazard_recheck(hazard=hazard, passed=True, note="复查合格", acting_user=w.commander)
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED and hazard.rechecked_by == w.commander


def test_a_major_hazard_needs_its_five_fields_and_supervision() -> None:
    w = make_world()
    place = _place(w)
    data = hz.HazardInput(item="消防器材完好", description="消防泵损坏", level="major",
                          deadline=timezone.localdate() + timedelta(days=30),
                          responsible=w.fire_leader, measures="更换消防泵")  # fmt: skip
    with pytest.raises(ApplicationError, match="五落实.*整改资金.*挂牌督办单位"):
        hz.hazard_create(place=place, data=data, acting_user=w.commander)


def test_overdue_rectifications_are_reminded_daily_and_the_rate_counts_on_time_ones() -> None:
    from ..models import Hazard
    from ..selectors import hazard_rates
    from ..services.hazards import hazards_remind_overdue

    w = make_world()
    place = _place(w)
    today = timezone.localdate()
    due = today + timedelta(days=2)
    data = hz.HazardInput(item="安全出口畅通", description="杂物", level="general",
                          deadline=due, responsible=w.fire_leader)  # fmt: skip
    late = hz.hazard_create(place=place, data=data, acting_user=w.commander)
    done = hz.hazard_create(place=place, data=data, acting_user=w.commander)
    Hazard.objects.filter(pk=late.pk).update(deadline=today - timedelta(days=3))
    hz.hazard_rectify(hazard=done, note="已清理", acting_user=w.fire_leader)
    assert hazards_remind_overdue(today=today) == 1
    assert hazards_remind_overdue(today=today) == 0  # once a day
    notice = Notice.objects.get(recipient=w.fire_leader, message__startswith="隐患逾期")
    assert "逾期3天" in notice.body
    [rate] = hazard_rates(user=w.commander)
    assert (rate.rectified, rate.on_time, rate.percent) == (1, 1, 100)


def test_a_tap_on_the_notice_itself_counts_as_the_acknowledgement() -> None:
    from huajie.notices.services import notice_acknowledge

    w = make_world()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        incident = report_incident(w, received_at=start)
        svc.incident_activate(incident=incident, grade=4, acting_user=w.commander)
    member = incident.responders.get(user=w.medic)
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        notice_acknowledge(notice=Notice.objects.get(pk=member.notice_id or 0),
                           acting_user=w.medic)  # fmt: skip
    with time_machine.travel(start + timedelta(minutes=12), tick=False):
        escalate_overdue()
    member.refresh_from_db()
    assert member.acked_at == start + timedelta(minutes=4)
    ack = member.clocks.get(kind="ack")
    assert (ack.outcome, ack.escalated) == ("on_time", 0)  # never escalated


def test_a_drill_held_records_its_findings_as_corrective_actions() -> None:
    from ..selectors import actions_open_for_user, drills_due
    from ..services.hazards import DrillInput, drill_save
    from ..services.incidents import action_done

    w = make_world()
    today = timezone.localdate()
    held = DrillInput(plan=w.plan, kind="live", scenario="大殿起火", planned_on=today,
                      held_on=today, participants=40, evaluation="疏散用时6分钟")  # fmt: skip
    with pytest.raises(ApplicationError, match="演练评估"):
        drill_save(
            data=DrillInput(
                plan=w.plan, kind="live", scenario="大殿起火", planned_on=today, held_on=today
            ),
            acting_user=w.commander,
        )
    drill_save(
        data=held,
        acting_user=w.commander,
        actions=(("消防泵操作培训", w.fire_leader, today + timedelta(days=30)),),
    )
    [action] = actions_open_for_user(user=w.commander)
    assert action.drill is not None and action.owner == w.fire_leader
    action_done(action=action, note="已培训12人", acting_user=w.fire_leader)
    assert not actions_open_for_user(user=w.commander).exists()
    [due] = drills_due(user=w.commander, today=today)
    assert due.last_held == today and due.due_on == today + timedelta(days=182)
