"""The incident flow as the people in it see it: 接报, a suggested grade, activation calling out
the plan's groups, 收到 and 到达 against each group's limit, reports upward on time or late,
stand-down, the review; and every refusal a sentence."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.notices.models import Notice

from ..models import ClockKind, IncidentClock, IncidentStatus, PlanStatus, ReportKind
from ..services import incidents as svc
from ..services import plans as plan_svc
from .factories import make_world, report_incident

pytestmark = pytest.mark.django_db

REPORT = dict(recipient="县委办", happened="大殿起火", casualties="受伤2人",
              measures="疏散香客", next_steps="继续扑救")  # fmt: skip


def test_counts_suggest_the_grade_from_the_plans_criteria() -> None:
    w = make_world()
    assert svc.suggest_grade(w.fire, people=40, deaths=0, injured=2) == 4
    assert svc.suggest_grade(w.fire, people=40, deaths=3, injured=0) == 3
    assert svc.suggest_grade(w.fire, people=0, deaths=0, injured=60) == 2
    incident = report_incident(w, injured=12)
    assert incident.suggested_grade == 3
    assert incident.command_unit == w.emergency_unit
    first = incident.clocks.get(kind=ClockKind.REPORT_FIRST)
    assert first.start_at == incident.received_at
    assert first.due_at == incident.received_at + timedelta(minutes=60)
    assert Notice.objects.filter(recipient=w.commander, target_id=incident.pk).exists()


def test_activation_calls_out_every_member_and_makes_the_checklist() -> None:
    w = make_world()
    incident = report_incident(w)
    svc.incident_activate(incident=incident, grade=4, acting_user=w.commander)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.ACTIVE
    assert incident.responders.count() == 4
    ack = IncidentClock.objects.get(incident=incident, kind=ClockKind.ACK,
                                    responder__user=w.fire_member)  # fmt: skip
    assert ack.due_at == incident.received_at + timedelta(minutes=10)
    assert [t.action for t in incident.tasks.all()] == ["切断电源、疏散香客"]  # Ⅱ级 step not
    assert incident.tasks.get().owner == w.fire_leader
    notice = Notice.objects.get(recipient=w.fire_member, target_id=incident.pk, ack_required=True)
    assert "现场处置组" in notice.message


def test_a_grade_other_than_suggested_needs_a_reason() -> None:
    w = make_world()
    incident = report_incident(w)
    with pytest.raises(ApplicationError, match="定级理由"):
        svc.incident_activate(incident=incident, grade=2, acting_user=w.commander)
    svc.incident_activate(incident=incident, grade=2, grade_reason="火势蔓延至文物建筑",
                          acting_user=w.commander)  # fmt: skip
    assert incident.tasks.count() == 2


def test_activation_refused_without_a_version_in_force() -> None:
    w = make_world()
    incident = report_incident(w)
    w.version.status = PlanStatus.SUPERSEDED
    w.version.save(update_fields=["status"])
    with pytest.raises(ApplicationError, match="没有现行有效的版本"):
        svc.incident_activate(incident=incident, grade=4, acting_user=w.commander)


def test_acknowledgement_and_arrival_against_the_groups_limits() -> None:
    w = make_world()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        incident = report_incident(w, received_at=start)
        svc.incident_activate(incident=incident, grade=4, acting_user=w.commander)
    member = incident.responders.get(user=w.fire_member)
    with pytest.raises(ApplicationError, match="请先点击“收到”"):
        svc.responder_arrive(responder=member, acting_user=w.fire_member)
    with pytest.raises(PermissionDenied):
        svc.responder_ack(responder=member, acting_user=w.medic)
    with time_machine.travel(start + timedelta(minutes=12), tick=False):
        svc.responder_ack(responder=member, acting_user=w.fire_member)
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        svc.responder_arrive(responder=member, acting_user=w.fire_member)
    ack = member.clocks.get(kind=ClockKind.ACK)
    arrive = member.clocks.get(kind=ClockKind.ARRIVE)
    assert (ack.outcome, arrive.outcome) == ("late", "on_time")
    notice = Notice.objects.get(pk=member.notice_id or 0)
    assert notice.acknowledged_at is not None
    texts = list(incident.events.values_list("text", flat=True))
    assert any("收到（自接报用时12分钟，时限10分钟，超时）" in t for t in texts)


def test_reports_upward_first_continued_final_with_their_timeliness() -> None:
    w = make_world()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        incident = report_incident(w, received_at=start)
        svc.incident_activate(incident=incident, grade=4, acting_user=w.commander)
    with time_machine.travel(start + timedelta(minutes=75), tick=False):
        first = svc.report_file(incident=incident, data=svc.ReportInput(kind="first", **REPORT),
                                acting_user=w.commander)  # fmt: skip
    assert first.minutes_late == 15
    cont = incident.clocks.get(kind=ClockKind.REPORT_CONTINUED)
    assert cont.due_at == start + timedelta(minutes=120)
    with time_machine.travel(start + timedelta(minutes=100), tick=False):
        svc.report_file(incident=incident, data=svc.ReportInput(kind="continued", **REPORT),
                        acting_user=w.commander)  # fmt: skip
    second = incident.clocks.get(kind=ClockKind.REPORT_CONTINUED, stopped_at__isnull=True)
    assert second.due_at == start + timedelta(minutes=240)
    with pytest.raises(ApplicationError, match="终报在响应终止后报送"):
        svc.report_file(incident=incident, data=svc.ReportInput(kind="final", **REPORT),
                        acting_user=w.commander)  # fmt: skip
    with pytest.raises(ApplicationError, match="处置结果"):
        svc.incident_stand_down(incident=incident, resolution=" ", acting_user=w.commander)
    with time_machine.travel(start + timedelta(minutes=130), tick=False):
        svc.incident_stand_down(incident=incident, resolution="明火扑灭，现场恢复",
                                acting_user=w.commander)  # fmt: skip
        with pytest.raises(ApplicationError, match="请先报送终报"):
            svc.incident_review(incident=incident, summary="s", went_well="w", to_improve="t",
                                actions=[], acting_user=w.commander)  # fmt: skip
        final = svc.report_file(incident=incident, data=svc.ReportInput(kind="final", **REPORT),
                                acting_user=w.commander)  # fmt: skip
    assert final.minutes_late == 0
    assert not incident.clocks.filter(kind=ClockKind.REPORT_CONTINUED,
                                      stopped_at__isnull=True).exists()  # fmt: skip
    review = svc.incident_review(
        incident=incident, summary="处置及时", went_well="响应迅速", to_improve="消防通道被占",
        actions=[svc.ActionInput("清理寺庙消防通道", w.fire_leader,
                                 timezone.localdate() + timedelta(days=30))],
        acting_user=w.commander,
    )  # fmt: skip
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED
    assert review.actions.count() == 1


def test_demand_on_the_scene_is_logged_without_names_and_decisions_need_command() -> None:
    w = make_world()
    incident = report_incident(w)
    svc.incident_activate(incident=incident, grade=4, acting_user=w.commander)
    svc.log_add(incident=incident, kind="demand", text="要求寺庙管理方赔偿受损摊位",
                people=6, acting_user=w.fire_member)  # fmt: skip
    with pytest.raises(PermissionDenied, match="指挥决策"):
        svc.log_add(incident=incident, kind="decision", text="封闭山门", acting_user=w.fire_member)
    draft = svc.demand_load(str(incident.events.get(kind="demand").pk), w.commander)
    assert draft.people_count == 6 and draft.caller_name == ""


def test_plan_version_in_force_is_immutable_and_a_revision_shows_the_diff() -> None:
    w = make_world()
    from ..models import PlanGroup

    scene = w.version.groups.get(name="现场处置组")
    scene.arrive_minutes = 15
    with pytest.raises(ApplicationError, match="不能修改"):
        plan_svc.draft_row_save(row=scene, acting_user=w.commander)
    draft = plan_svc.plan_revise(plan=w.plan, acting_user=w.commander)
    with pytest.raises(ApplicationError, match="已有一份修订稿"):
        plan_svc.plan_revise(plan=w.plan, acting_user=w.commander)
    row = draft.groups.get(name="现场处置组")
    row.arrive_minutes = 15
    plan_svc.draft_row_save(row=row, acting_user=w.commander)
    plan_svc.draft_row_save(
        row=PlanGroup(version=draft, kind="work", name="宣传报道组", duties="发布信息"),
        acting_user=w.commander,
    )
    with pytest.raises(ApplicationError, match="宣传报道组"):
        plan_svc.version_put_in_force(version=draft, acting_user=w.commander)
    draft.groups.get(name="宣传报道组").delete()
    with pytest.raises(ApplicationError, match="修订说明"):
        plan_svc.version_put_in_force(version=draft, acting_user=w.commander)
    draft.change_note = "根据演练评估缩短到达时限"
    draft.save()
    plan_svc.version_put_in_force(version=draft, acting_user=w.commander)
    draft.refresh_from_db()
    w.version.refresh_from_db()
    assert (w.version.status, draft.status) == (PlanStatus.SUPERSEDED, PlanStatus.IN_FORCE)
    assert draft.changes == [
        {
            "what": "工作组“现场处置组” / 时限",
            "old": "收到10分钟、到达30分钟",
            "new": "收到10分钟、到达15分钟",
        }
    ]


def test_an_incident_reported_under_a_superseded_version_activates_under_the_new_one() -> None:
    w = make_world()
    incident = report_incident(w)
    draft = plan_svc.plan_revise(plan=w.plan, acting_user=w.commander)
    draft.change_note = "年度修订"
    draft.save()
    plan_svc.version_put_in_force(version=draft, acting_user=w.commander)
    svc.incident_activate(incident=incident, grade=4, acting_user=w.commander)
    incident.refresh_from_db()
    assert incident.plan_version == draft


def test_the_first_report_counts_from_receipt_across_midnight() -> None:
    w = make_world()
    late_evening = datetime(2026, 9, 30, 23, 40, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(late_evening + timedelta(minutes=1), tick=False):
        incident = report_incident(w, received_at=late_evening)
    due = timezone.localtime(incident.clocks.get(kind=ClockKind.REPORT_FIRST).due_at)
    assert (due.day, due.hour, due.minute) == (1, 0, 40)  # 国庆 holiday: minutes, not days
    assert ReportKind.FIRST == "first"
