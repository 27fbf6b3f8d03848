"""Writes to incidents: 接报 (registration), activation of the plan, acknowledgement and arrival,
steps done, reports upward, the on-scene log, grade changes, stand-down, dismissal and the
after-action review. Every clock starts at 接报时间 except 终报's (from the stand-down)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from huajie.common import intake
from huajie.common.counters import counter_next
from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.deadlines import MinuteRule
from huajie.notices.services import notice_acknowledge, notice_broadcast, notice_send
from huajie.orgs.models import Region, RoleCode, User
from huajie.timelimits.minutes import minute_row, minute_stop
from huajie.timelimits.rules import typed_rules

from .. import rules
from ..clocks import FROM_RECEIPT, FROM_STAND_DOWN, RULE_FOR_REPORT
from ..models import (
    GRADE_SHORT,
    REPORT_CLOCK,
    ClockKind,
    CorrectiveAction,
    EventKind,
    GroupKind,
    Incident,
    IncidentClock,
    IncidentEvent,
    IncidentReport,
    IncidentResponder,
    IncidentReview,
    IncidentSource,
    IncidentStatus,
    IncidentTask,
    PlanIncidentType,
    PlanStatus,
    PlanVersion,
    Position,
    ReportKind,
)
from .attachments import attach
from .common import minutes_text, required_text
from .workflow import INCIDENT

S = IncidentStatus
TARGET = "incident"
DEMAND_SOURCE = "incident-demand"
CLOCK_SKEW = timedelta(minutes=2)


def _event(incident: Incident, kind: str, actor: User | None, text: str, **values: Any) -> None:
    IncidentEvent.objects.create(incident=incident, kind=kind, actor=actor, text=text, **values)


def types_for_user(user: User) -> list[PlanIncidentType]:
    """The incident types of the plans in force that cover the user's unit (a plan covers its
    `area_unit` and every unit below it)."""
    if user.unit is None:
        return []
    ancestors = [int(p) for p in user.unit.path.strip("/").split("/") if p]
    qs = PlanIncidentType.objects.filter(version__status=PlanStatus.IN_FORCE)
    if not user.is_superuser:
        qs = qs.filter(version__plan__area_unit__in=ancestors)
    return list(qs.select_related("version__plan").order_by("version__plan__name", "order"))


def suggest_grade(
    incident_type: PlanIncidentType, *, people: int, deaths: int, injured: int
) -> int | None:
    """The most severe grade whose criteria the counts meet; the plan's least severe grade when
    none is met; None when the type has no criteria."""
    criteria = sorted(incident_type.criteria.all(), key=lambda c: c.grade)
    for c in criteria:
        if c.met_by(people=people, deaths=deaths, injured=injured):
            return c.grade
    return criteria[-1].grade if criteria else None


@dataclass(frozen=True)
class IncidentInput:
    incident_type: PlanIncidentType
    title: str
    place: str
    description: str
    received_at: datetime
    source: str = IncidentSource.DIRECT
    source_note: str = ""
    region: Region | None = None
    people_count: int = 0
    deaths: int = 0
    injured: int = 0
    is_exercise: bool = False


def _report_rule(version: PlanVersion, kind: str) -> MinuteRule:
    """The plan's limit for a report, else the registered default (or the admin's row)."""
    row = next((r for r in version.reports.all() if r.kind == kind), None)
    code = RULE_FOR_REPORT[ReportKind(kind)]
    if row is not None:
        start = FROM_STAND_DOWN if kind == ReportKind.FINAL else FROM_RECEIPT
        return MinuteRule(code, row.minutes, f"《{version.title}》", start)
    return typed_rules([code], MinuteRule)[code]


def _clock(incident: Incident, kind: str, rule: MinuteRule, start: datetime, **more: Any) -> Any:
    row = minute_row(IncidentClock, kind=kind, rule=rule, start_at=start)
    row.incident = incident
    for name, value in more.items():
        setattr(row, name, value)
    return row


def _command_people(incident: Incident) -> list[User]:
    """Who is told about a new incident and its escalations: the named commander, else the
    commanders and leaders of the commanding unit, and the plan's 指挥部 members."""
    if incident.commander_id:
        return [incident.commander]  # type: ignore[list-item]
    people = list(
        User.objects.filter(
            unit=incident.command_unit,
            is_active=True,
            roles__code__in=(RoleCode.COMMANDER, RoleCode.LEADER),
        ).distinct()
    )
    people += [
        m.user
        for g in incident.plan_version.groups.filter(kind=GroupKind.COMMAND)
        for m in g.members.select_related("user")
    ]
    return people


@transaction.atomic
def incident_register(
    *, data: IncidentInput, acting_user: User, intake_token: str = "", drill: Any = None
) -> Incident:
    """接报. With `drill` (a scheduled drill run through the real flow) the incident is an
    exercise, kept out of incident statistics, and the drill records it."""
    if not rules.may_report(acting_user):
        raise PermissionDenied("只有值班员、应急指挥或领导可以登记突发事件。")
    if acting_user.unit is None:
        raise PermissionDenied("您的账号没有所属单位，不能登记突发事件。请联系管理员。")
    allowed = {t.pk for t in types_for_user(acting_user)}
    if data.incident_type.pk not in allowed:
        raise ApplicationError(
            "所选事件类型不属于本单位适用的现行预案，请重新选择。",
            code="incident_type", field="incident_type",
        )  # fmt: skip
    now = timezone.now()
    if data.received_at > now + CLOCK_SKEW:
        raise ApplicationError(
            "接报时间不能晚于现在，请核对。", code="received_in_future", field="received_at"
        )
    if data.received_at < now - timedelta(days=30):
        raise ApplicationError(
            "接报时间早于30天前，请核对（补录历史事件请联系管理员）。",
            code="received_too_early", field="received_at",
        )  # fmt: skip
    version = data.incident_type.version
    unit = acting_user.unit
    local = timezone.localtime(data.received_at)
    seq = counter_next(key=f"emergency.incident.{unit.pk}", year=local.year)
    incident = Incident.objects.create(
        unit=unit,
        command_unit=version.plan.unit,
        reg_no=f"{unit.code}-YJ-{local.year}-{seq:04d}",
        title=required_text(data.title, "请填写事件名称。", "title")[:100],
        incident_type=data.incident_type,
        plan_version=version,
        region=data.region,
        place=required_text(data.place, "请填写事件发生的具体地点。", "place"),
        people_count=data.people_count,
        deaths=data.deaths,
        injured=data.injured,
        description=required_text(data.description, "请填写事件简要情况。", "description"),
        source=IncidentSource.EXERCISE if data.is_exercise else data.source,
        source_note=data.source_note,
        received_at=data.received_at,
        reported_by=acting_user,
        suggested_grade=suggest_grade(
            data.incident_type, people=data.people_count, deaths=data.deaths,
            injured=data.injured,
        ),
        is_exercise=data.is_exercise,
    )  # fmt: skip
    _clock(incident, ClockKind.REPORT_FIRST, _report_rule(version, ReportKind.FIRST),
           data.received_at).save()  # fmt: skip
    suggested = GRADE_SHORT.get(incident.suggested_grade or 0, "未定级")
    _event(incident, EventKind.REPORTED, acting_user,
           f"接报：{incident.title}（涉及{incident.people_count}人，死亡{incident.deaths}人，"
           f"受伤{incident.injured}人），按预案标准建议{suggested}",
           changes={"suggested_grade": incident.suggested_grade})  # fmt: skip
    if intake_token:
        draft = intake.intake_draft(intake_token, acting_user)
        incident.intake_label = str(draft.label)[:200]
        incident.save(update_fields=["intake_label"])
        intake.intake_done(intake_token, acting_user, TARGET, incident)
    if drill is not None:
        if not incident.is_exercise:
            raise ApplicationError(
                "按演练启动的事件须勾选“这是一次演练”。", code="drill_not_exercise"
            )
        drill.incident = incident
        drill.save(update_fields=["incident", "updated_at"])
    exercise = "【演练】" if incident.is_exercise else ""
    notice_send(
        recipients=_command_people(incident),
        message=f"{exercise}接报突发事件：{incident.title}，建议{suggested}响应，请确认级别并启动预案。",
        target=incident,
        url=reverse("emergency:incident", args=[incident.pk]),
        actor=acting_user,
        dedupe_key=f"emergency.reported:{incident.pk}",
    )
    return incident


def _version_in_force(incident: Incident) -> tuple[PlanVersion, PlanIncidentType]:
    version = incident.plan_version
    if version.status == PlanStatus.IN_FORCE:
        return version, incident.incident_type
    current = version.plan.versions.filter(status=PlanStatus.IN_FORCE).first()
    if current is None:
        raise ApplicationError(
            f"《{version.title}》没有现行有效的版本，不能启动。请先发布施行预案，或选择其他预案。",
            code="no_version_in_force",
        )
    same = current.types.filter(name=incident.incident_type.name).first()
    if same is None:
        raise ApplicationError(
            f"现行《{current.title}》已不包含“{incident.incident_type.name}”这一事件类型，"
            "请按现行预案重新登记事件类型。",
            code="type_not_in_force",
        )
    return current, same


def _check_grade(incident_type: PlanIncidentType, grade: int, suggested: int | None,
                 reason: str) -> None:  # fmt: skip
    if grade not in GRADE_SHORT:
        raise ApplicationError("请选择响应级别（Ⅰ—Ⅳ级）。", code="grade_invalid", field="grade")
    defined = {c.grade for c in incident_type.criteria.all()}
    if (grade not in defined or grade != suggested) and not reason.strip():
        hint = f"建议的{GRADE_SHORT[suggested]}" if suggested else "预案的分级标准"
        raise ApplicationError(
            f"所选{GRADE_SHORT[grade]}与{hint}不一致，请填写定级理由后再启动。",
            code="grade_reason_required", field="grade_reason",
        )  # fmt: skip


@transaction.atomic
def incident_activate(
    *,
    incident: Incident,
    grade: int,
    acting_user: User,
    grade_reason: str = "",
    expected_version: int | None = None,
) -> Incident:
    """启动预案: the grade is confirmed, the plan version's command structure and work groups are
    called out (one notice each, 收到 asked by the group's limit), the steps become tasks."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    version, itype = _version_in_force(incident)
    _check_grade(itype, grade, incident.suggested_grade, grade_reason)
    now = timezone.now()
    INCIDENT.transition(
        record=incident, action="activate", acting_user=acting_user,
        expected_version=expected_version, on=timezone.localdate(),
        fields={"grade": grade, "grade_reason": grade_reason.strip(), "activated_at": now,
                "commander": acting_user, "plan_version": version, "incident_type": itype,
                "command_unit": version.plan.unit},
        text=f"启动《{version.title}》{GRADE_SHORT[grade]}响应",
        changes={"grade": [None, grade]},
    )  # fmt: skip
    groups = list(version.groups.prefetch_related("members__user"))
    responders = _call_out(incident, groups, now)
    _tasks(incident, itype, groups, grade, responders)
    _notify_callout(incident, groups, responders, acting_user)
    for own in (r for r in responders if r.user_id == acting_user.pk):
        _ack(incident, own, acting_user, now)  # activating is acknowledging
    return incident


def _call_out(incident: Incident, groups: list[Any], now: datetime) -> list[IncidentResponder]:
    rows = [
        IncidentResponder(
            incident=incident, group_name=g.name, group_kind=g.kind, group_order=g.order,
            position=m.position, duty=m.duty, user=m.user, unit_id=m.user.unit_id,
            ack_minutes=g.ack_minutes, arrive_minutes=g.arrive_minutes, notified_at=now,
        )
        for g in groups
        for m in g.members.all()
        if m.user.is_active
    ]  # fmt: skip
    responders = IncidentResponder.objects.bulk_create(rows)
    if responders and responders[0].pk is None:  # backends without RETURNING on bulk insert
        responders = list(incident.responders.all())
    source = f"《{incident.plan_version.title}》"
    clocks = []
    for r in responders:
        for kind, minutes in ((ClockKind.ACK, r.ack_minutes), (ClockKind.ARRIVE, r.arrive_minutes)):
            rule = MinuteRule(f"emergency.{kind}", minutes, source, FROM_RECEIPT)
            clocks.append(_clock(incident, kind, rule, incident.received_at, responder=r))
    IncidentClock.objects.bulk_create(clocks)
    return responders


def _tasks(incident: Incident, itype: PlanIncidentType, groups: list[Any], grade: int,
           responders: list[IncidentResponder], done: Sequence[str] = ()) -> int:  # fmt: skip
    leaders = {r.group_name: r.user for r in reversed(responders) if r.position == Position.LEADER}
    group_names = {g.pk: g.name for g in groups}
    source = f"《{incident.plan_version.title}》"
    made = 0
    for s in itype.steps.all():
        if not s.applies_to(grade) or s.action in done:
            continue
        name = group_names.get(s.group_id or 0, "")
        task = IncidentTask.objects.create(
            incident=incident, order=s.order, action=s.action, group_name=name,
            owner=leaders.get(name) or incident.commander, minutes=s.minutes,
        )  # fmt: skip
        rule = MinuteRule("emergency.step", s.minutes, source, FROM_RECEIPT)
        _clock(incident, ClockKind.STEP, rule, incident.received_at, task=task).save()
        made += 1
    return made


def _notify_callout(incident: Incident, groups: list[Any], responders: list[IncidentResponder],
                    actor: User) -> None:  # fmt: skip
    by_group: dict[str, list[IncidentResponder]] = {}
    for r in responders:
        by_group.setdefault(r.group_name, []).append(r)
    url = reverse("emergency:callout", args=[incident.pk])
    exercise = "【演练】" if incident.is_exercise else ""
    grade = GRADE_SHORT[incident.grade or 4]
    for g in groups:
        members = by_group.get(g.name, [])
        if not members:
            continue
        ack_due = incident.received_at + timedelta(minutes=g.ack_minutes)
        arrive = timezone.localtime(incident.received_at + timedelta(minutes=g.arrive_minutes))
        sent = notice_send(
            recipients=[r.user for r in members],
            message=f"{exercise}启动{grade}应急响应：{incident.title}（{incident.place}）。"
            f"您是{g.name}成员，请立即点“收到”，{arrive:%H:%M}前到达现场。",
            target=incident, url=url, body=g.duties, actor=actor, ack_due_at=ack_due,
            dedupe_key=f"emergency.activation:{incident.pk}:{g.pk}",
        )  # fmt: skip
        notice_of = {n.recipient_id: n for n in sent}
        for r in members:
            if r.user_id in notice_of:
                r.notice = notice_of[r.user_id]
        IncidentResponder.objects.bulk_update(members, ["notice"])
    notice_broadcast(
        unit=incident.command_unit,
        message=f"{exercise}启动{grade}应急响应：{incident.title}（{incident.place}）",
        target=incident, url=url,
    )  # fmt: skip


def _running(incident: Incident, kind: str, **lookup: Any) -> IncidentClock | None:
    return (
        IncidentClock.objects.select_for_update()
        .filter(incident=incident, kind=kind, stopped_at__isnull=True, **lookup)
        .order_by("-round")
        .first()
    )


def _stop(clock: IncidentClock | None, at: datetime) -> IncidentClock | None:
    if clock is not None:
        clock.save(update_fields=minute_stop(clock, at=at))
    return clock


def _limit_text(clock: IncidentClock | None, at: datetime) -> str:
    if clock is None:
        return ""
    used = minutes_text(clock.start_at, at)
    late = "，超时" if clock.outcome == "late" else ""
    return f"（自接报用时{used}，时限{clock.rule_minutes}分钟{late}）"


def _require_active(incident: Incident, what: str) -> None:
    if incident.status != S.ACTIVE:
        raise ApplicationError(
            f"该事件当前为“{incident.get_status_display()}”，不能{what}。", code="not_active"
        )


@transaction.atomic
def responder_ack(*, responder: IncidentResponder, acting_user: User) -> IncidentResponder:
    """收到: the member confirms the call-out; idempotent (the first tap's time is kept)."""
    responder = (
        IncidentResponder.objects.select_for_update()
        .select_related("incident")
        .get(pk=responder.pk)
    )
    if not rules.is_responder(acting_user, responder):
        raise PermissionDenied("只能为自己确认收到。")
    if responder.acked_at is not None:
        return responder
    incident = responder.incident
    _require_active(incident, "确认收到")
    _ack(incident, responder, acting_user, timezone.now())
    return responder


def ack_from_notice(responder: IncidentResponder, at: datetime) -> None:
    """The member tapped 收到 on the notice itself (the bell) rather than on the call-out page:
    the call-out is acknowledged at that moment."""
    if responder.acked_at is None:
        _ack(responder.incident, responder, responder.user, at)


def _ack(incident: Incident, responder: IncidentResponder, user: User, now: datetime) -> None:
    responder.acked_at = now
    responder.save(update_fields=["acked_at"])
    clock = _stop(_running(incident, ClockKind.ACK, responder=responder), now)
    if responder.notice is not None and responder.notice.acknowledged_at is None:
        notice_acknowledge(notice=responder.notice, acting_user=user)
    _event(incident, EventKind.ACK, user,
           f"{responder.group_name} {user} 收到{_limit_text(clock, now)}",
           changes={"responder": responder.pk})  # fmt: skip


@transaction.atomic
def responder_arrive(*, responder: IncidentResponder, acting_user: User) -> IncidentResponder:
    """到达: a tap by the member on the scene (never a location)."""
    responder = (
        IncidentResponder.objects.select_for_update()
        .select_related("incident")
        .get(pk=responder.pk)
    )
    if not rules.is_responder(acting_user, responder):
        raise PermissionDenied("只能为自己报到达。")
    if responder.acked_at is None:
        raise ApplicationError(
            "请先点击“收到”确认接到通知，再报到达现场。", code="arrive_before_ack"
        )
    if responder.arrived_at is not None:
        return responder
    incident = responder.incident
    _require_active(incident, "报到达")
    now = timezone.now()
    responder.arrived_at = now
    responder.save(update_fields=["arrived_at"])
    clock = _stop(_running(incident, ClockKind.ARRIVE, responder=responder), now)
    _event(incident, EventKind.ARRIVE, acting_user,
           f"{responder.group_name} {acting_user} 到达现场{_limit_text(clock, now)}",
           changes={"responder": responder.pk})  # fmt: skip
    return responder


@transaction.atomic
def task_done(*, task: IncidentTask, acting_user: User, note: str = "") -> IncidentTask:
    task = IncidentTask.objects.select_for_update().select_related("incident").get(pk=task.pk)
    incident = task.incident
    if not (rules.commands(acting_user, incident) or task.owner_id == acting_user.pk):
        raise PermissionDenied("只有该步骤的责任人或现场指挥可以标记完成。")
    _require_active(incident, "标记处置步骤完成")
    if task.done_at is not None:
        return task
    now = timezone.now()
    task.done_at, task.done_by, task.note = now, acting_user, note.strip()[:200]
    task.save(update_fields=["done_at", "done_by", "note"])
    clock = _stop(_running(incident, ClockKind.STEP, task=task), now)
    note = f"。{task.note}" if task.note else ""
    text = f"完成：{task.action}{_limit_text(clock, now)}{note}"
    _event(incident, EventKind.TASK, acting_user, text, changes={"task": task.pk})
    return task


@dataclass(frozen=True)
class ReportInput:
    kind: str
    recipient: str
    happened: str
    casualties: str
    measures: str
    next_steps: str


@transaction.atomic
def report_file(*, incident: Incident, data: ReportInput, acting_user: User) -> IncidentReport:
    """首报 / 续报 / 终报: the facts as filed, and the timeliness against the report's clock."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not rules.may_report_upward(acting_user, incident):
        raise PermissionDenied("只有现场指挥、指挥部成员或接报单位的值班人员可以报送信息。")
    if data.kind not in ReportKind.values:
        raise ApplicationError(
            "请选择报告类别：首报、续报或终报。", code="report_kind", field="kind"
        )
    kind = ReportKind(data.kind)
    done = list(incident.reports.filter(kind=kind))
    if kind == ReportKind.FIRST:
        if done:
            raise ApplicationError("首报已报送，后续情况请报续报。", code="first_report_done")
        if incident.status not in (S.REPORTED, S.ACTIVE):
            raise ApplicationError("事件已处置结束，请报送终报。", code="first_report_closed")
    elif kind == ReportKind.CONTINUED:
        if not incident.reports.filter(kind=ReportKind.FIRST).exists():
            raise ApplicationError("请先报送首报，再报续报。", code="first_report_missing")
        _require_active(incident, "报送续报（响应终止后请报终报）")
    else:
        if incident.status != S.STOOD_DOWN:
            raise ApplicationError(
                "终报在响应终止后报送。响应仍在进行时请报续报。", code="final_before_stand_down"
            )
        if done:
            raise ApplicationError("终报已报送。", code="final_report_done")
    now = timezone.now()
    clock = _stop(_running(incident, REPORT_CLOCK[kind]), now)
    report = IncidentReport.objects.create(
        incident=incident, kind=kind, seq=len(done) + 1,
        recipient=required_text(data.recipient, "请填写报送对象。", "recipient"),
        happened=required_text(data.happened, "请填写事件经过。", "happened"),
        casualties=required_text(data.casualties, "请填写伤亡情况（没有伤亡请填“无”）。",
                                 "casualties"),
        measures=required_text(data.measures, "请填写已采取的措施。", "measures"),
        next_steps=required_text(data.next_steps, "请填写下一步工作。", "next_steps"),
        filed_at=now, filed_by=acting_user,
        due_at=clock.due_at if clock else None,
        minutes_late=_minutes_late(clock, now),
    )  # fmt: skip
    if kind != ReportKind.FINAL and incident.status == S.ACTIVE:
        _open_continued(incident)
    late = f"，超时{report.minutes_late}分钟" if report.minutes_late else "，按时"
    _event(incident, EventKind.REPORT, acting_user,
           f"向{report.recipient}报送{report}{late if clock else ''}",
           changes={"report": report.pk})  # fmt: skip
    return report


def _minutes_late(clock: IncidentClock | None, at: datetime) -> int:
    from huajie.deadlines import minutes_late

    return minutes_late(clock.due_at, at) if clock is not None else 0


def _open_continued(incident: Incident) -> None:
    """续报 round n is due n intervals after 接报 (a running one stays as it is)."""
    if _running(incident, ClockKind.REPORT_CONTINUED) is not None:
        return
    last = (
        IncidentClock.objects.filter(incident=incident, kind=ClockKind.REPORT_CONTINUED)
        .order_by("-round")
        .first()
    )
    n = (last.round + 1) if last else 1
    base = _report_rule(incident.plan_version, ReportKind.CONTINUED)
    rule = MinuteRule(base.code, base.minutes * n, base.source, FROM_RECEIPT)
    _clock(incident, ClockKind.REPORT_CONTINUED, rule, incident.received_at, round=n).save()


LOG_KINDS = {
    EventKind.SCENE: "现场记录",
    EventKind.DECISION: "指挥决策",
    EventKind.DEMAND: "现场诉求",
}


@transaction.atomic
def log_add(
    *, incident: Incident, kind: str, text: str, acting_user: User, people: int | None = None,
    files: Sequence[UploadedFile] = (),
) -> IncidentEvent:  # fmt: skip
    """An on-scene log entry (现场处置记录): a note, a decision of the command, or a demand raised
    on the scene (its content and how many raise it; never who), with its photos and
    recordings."""
    if kind not in LOG_KINDS:
        raise ApplicationError("请选择记录类型。", code="log_kind", field="kind")
    if not rules.may_log(acting_user, incident):
        raise PermissionDenied("只有指挥部和参与处置的人员可以填写现场处置记录。")
    if kind == EventKind.DECISION and not rules.commands(acting_user, incident):
        raise PermissionDenied("指挥决策由现场指挥或指挥部领导记录。")
    if incident.status not in (S.REPORTED, S.ACTIVE):
        raise ApplicationError("响应已终止，现场处置记录不能再添加。", code="log_closed")
    body = required_text(text, "请填写记录内容。", "text")
    changes = {"people": people} if kind == EventKind.DEMAND and people else {}
    event = IncidentEvent.objects.create(
        incident=incident, kind=kind, actor=acting_user, text=body, changes=changes
    )
    attach(files, event=event, acting_user=acting_user)  # a refused file undoes the entry
    return event


@transaction.atomic
def incident_regrade(
    *, incident: Incident, grade: int, reason: str, acting_user: User,
    expected_version: int | None = None,
) -> Incident:  # fmt: skip
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    _require_active(incident, "调整响应级别")
    if not rules.commands(acting_user, incident):
        raise PermissionDenied("只有现场指挥或指挥部领导可以调整响应级别。")
    reason = required_text(reason, "调整响应级别请填写理由。", "grade_reason")
    _check_grade(incident.incident_type, grade, None, reason)
    old = incident.grade
    INCIDENT.record_change(
        record=incident, acting_user=acting_user, expected_version=expected_version,
        kind=EventKind.GRADE, action="regrade",
        text=f"响应级别由{GRADE_SHORT.get(old or 0, '')}调整为{GRADE_SHORT[grade]}：{reason}",
        changes={"grade": [old, grade]}, fields={"grade": grade, "grade_reason": reason},
    )  # fmt: skip
    if old is not None and grade < old:
        groups = list(incident.plan_version.groups.all())
        done = list(incident.tasks.values_list("action", flat=True))
        _tasks(incident, incident.incident_type, groups, grade,
               list(incident.responders.all()), done)  # fmt: skip
    return incident


def _close_running(incident: Incident, now: datetime, kinds: Sequence[str]) -> None:
    for clock in IncidentClock.objects.filter(
        incident=incident, kind__in=kinds, stopped_at__isnull=True
    ):
        clock.stopped_at = now
        clock.outcome = "late" if now > clock.due_at and not clock.rule_window else ""
        clock.save(update_fields=["stopped_at", "outcome"])


@transaction.atomic
def incident_stand_down(
    *, incident: Incident, resolution: str, acting_user: User,
    expected_version: int | None = None,
) -> Incident:  # fmt: skip
    """响应终止: needs the resolution note; opens 终报's clock and sets the review date."""
    incident = (
        Incident.objects.select_for_update().select_related("plan_version").get(pk=incident.pk)
    )
    note = required_text(
        resolution,
        "响应终止前请填写处置结果（事态如何平息、现场是否恢复正常），再点击“响应终止”。",
        "resolution",
    )
    now = timezone.now()
    review_due = timezone.localdate() + timedelta(days=incident.plan_version.review_days)
    INCIDENT.transition(
        record=incident, action="stand_down", acting_user=acting_user,
        expected_version=expected_version, on=timezone.localdate(),
        fields={"resolution": note, "stood_down_at": now, "review_due": review_due},
        text=f"响应终止：{note}",
    )  # fmt: skip
    _close_running(incident, now, (ClockKind.ACK, ClockKind.ARRIVE, ClockKind.STEP))
    cont = _running(incident, ClockKind.REPORT_CONTINUED)
    if cont is not None:  # no 续报 is owed once the response is over
        cont.stopped_at = now
        cont.save(update_fields=["stopped_at"])
    if not incident.reports.filter(kind=ReportKind.FIRST).exists():
        _close_running(incident, now, (ClockKind.REPORT_FIRST,))
    _clock(
        incident, ClockKind.REPORT_FINAL, _report_rule(incident.plan_version, ReportKind.FINAL), now
    ).save()
    return incident


@transaction.atomic
def incident_dismiss(
    *, incident: Incident, resolution: str, acting_user: User,
    expected_version: int | None = None,
) -> Incident:  # fmt: skip
    """Not activated (the matter was settled before a response was needed): closed with a note."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    note = required_text(resolution, "请填写不启动预案的理由和处理结果。", "resolution")
    now = timezone.now()
    INCIDENT.transition(
        record=incident, action="dismiss", acting_user=acting_user,
        expected_version=expected_version, on=timezone.localdate(),
        fields={"resolution": note, "closed_at": now}, text=f"不启动预案：{note}",
    )  # fmt: skip
    _close_running(incident, now, (ClockKind.REPORT_FIRST,))
    return incident


@dataclass(frozen=True)
class ActionInput:
    """A corrective action of the review; `incident_review` refuses one without its owner or
    due date."""

    text: str
    owner: User | None
    due_on: date | None


@transaction.atomic
def incident_review(
    *, incident: Incident, summary: str, went_well: str, to_improve: str,
    actions: Sequence[ActionInput], acting_user: User, expected_version: int | None = None,
) -> IncidentReview:  # fmt: skip
    """总结评估: the review with its corrective actions; the incident is archived (一事一档)."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    checked: list[tuple[str, User, date]] = []
    for a in actions:
        text = (a.text or "").strip()
        if not text:
            raise ApplicationError("请填写改进措施的内容。", code="action_text", field="actions")
        if a.owner is None or a.due_on is None:
            raise ApplicationError(
                f"改进措施“{text[:20]}”须有责任人和完成期限，请补充后再保存。",
                code="action_incomplete", field="actions",
            )  # fmt: skip
        checked.append((text[:200], a.owner, a.due_on))
    if (
        incident.status == S.STOOD_DOWN
        and not incident.reports.filter(kind=ReportKind.FINAL).exists()
    ):
        raise ApplicationError("请先报送终报，再进行总结评估。", code="final_report_missing")
    now = timezone.now()
    INCIDENT.transition(
        record=incident, action="review", acting_user=acting_user,
        expected_version=expected_version, on=timezone.localdate(), fields={"closed_at": now},
        text="完成总结评估，事件归档",
    )  # fmt: skip
    review = IncidentReview.objects.create(
        incident=incident,
        summary=required_text(summary, "请填写处置经过和结果。", "summary"),
        went_well=required_text(went_well, "请填写经验做法。", "went_well"),
        to_improve=required_text(to_improve, "请填写存在问题（没有请填“无”）。", "to_improve"),
        written_by=acting_user, written_at=now,
    )  # fmt: skip
    for text, owner, due_on in checked:
        CorrectiveAction.objects.create(
            unit=incident.command_unit, review=review, text=text, owner=owner, due_on=due_on
        )
    _event(incident, EventKind.REVIEW, acting_user,
           f"总结评估：改进措施{len(actions)}项", changes={"review": review.pk})  # fmt: skip
    return review


@transaction.atomic
def action_done(*, action: CorrectiveAction, note: str, acting_user: User) -> CorrectiveAction:
    action = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
    if action.owner_id != acting_user.pk and not (
        rules.within(action.unit, acting_user.unit) and rules.may_create_plan(acting_user)
    ):
        raise PermissionDenied("只有改进措施的责任人或本单位领导可以标记完成。")
    if action.done_on is None:
        action.done_on = timezone.localdate()
        action.done_note = required_text(note, "请填写完成情况。", "done_note")[:200]
        action.save(update_fields=["done_on", "done_note"])
    return action


# -- intake: a demand raised on the scene becomes a petition ----------------------------------
def demand_load(record_id: str, user: User) -> intake.IntakeDraft:
    event = _demand(record_id, user)
    incident = event.incident
    return intake.IntakeDraft(
        token=intake.token(DEMAND_SOURCE, event.pk),
        label=f"突发事件 {incident.reg_no} 现场诉求",
        unit_id=incident.unit_id,
        received_at=event.at,
        content=event.text,
        channel="visit",
        title=event.text[:30],
        place=incident.place,
        region_code=incident.region_id or "",
        people_count=(event.changes or {}).get("people"),
    )


def demand_link(record_id: str, user: User, target: str, obj: Any) -> None:
    event = _demand(record_id, user)
    if IncidentEvent.objects.filter(
        incident=event.incident, kind=EventKind.LINK, changes__demand=event.pk
    ).exists():
        raise ApplicationError("这条现场诉求已转登记，不能重复转登记。", code="intake_already_done")
    _event(event.incident, EventKind.LINK, user, f"现场诉求转登记为{obj}",
           action=f"intake_{target}", changes={"demand": event.pk, "target": target,
                                               "id": obj.pk})  # fmt: skip


def _demand(record_id: str, user: User) -> IncidentEvent:
    from ..selectors import incident_get_for_user

    try:
        event = IncidentEvent.objects.select_related("incident").get(
            pk=int(record_id), kind=EventKind.DEMAND
        )
        incident_get_for_user(user=user, pk=event.incident_id)
    except (IncidentEvent.DoesNotExist, ValueError, ApplicationError):
        raise ApplicationError(
            "找不到这条现场诉求，或您无权查看。请回到事件页面重新点击转登记。",
            code="intake_source_unknown", field="from",
        ) from None  # fmt: skip
    return event
