"""The changes of a dispute that are not status changes: sessions, extension, escalation,
performance terms, 督促履行, judicial confirmation, return visits, notes, full views. Each goes
through `WORKFLOW.record_change` (one version bump, one event) and checks its rule first."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from huajie.accounts.services import full_view_record
from huajie.common.errors import ApplicationError
from huajie.common.uploads import check_upload
from huajie.notices.services import notice_send
from huajie.orgs.models import Unit, UnitKind, User

from .. import rules
from ..clocks import ClockKind
from ..models import (
    Confirmation,
    Dispute,
    EventKind,
    Level,
    MediationSession,
    Party,
    Performance,
    PerformanceTerm,
    ReturnVisit,
    Satisfaction,
    VisitMethod,
)
from ..states import Status
from .registration import PartyInput, party_details
from .workflow import WORKFLOW, action_day, check_day, event_add, require, required_text

NOT_HERE = "您不是该纠纷所在调解组织的调解员，不能{what}。如需办理，请联系该调解委员会。"


@transaction.atomic
def session_record(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    held_on: date | None,
    place: str,
    attendees: str,
    statements: str,
    outcome: str,
    mediators: str = "",
) -> MediationSession:
    """调解笔录: one session. The first session of an accepted dispute starts its mediation."""
    require(rules.may_record_session(acting_user, dispute), NOT_HERE.format(what="记录调解笔录"))
    if held_on is None:
        raise ApplicationError("请填写调解日期。", code="date_required", field="held_on")
    check_day(held_on, field="held_on", not_before=dispute.accepted_on or dispute.received_on)
    place = required_text(place, "请填写调解地点。", "place")
    attendees = required_text(attendees, "请填写到场人员。", "attendees")
    statements = required_text(statements, "请记录各方当事人的陈述和请求。", "statements")
    outcome = required_text(outcome, "请填写本次调解的结果。", "outcome")
    session = MediationSession.objects.create(
        dispute=dispute, held_on=held_on, place=place,
        mediators=(mediators or "").strip() or str(dispute.mediator or acting_user),
        attendees=attendees, statements=statements, outcome=outcome, recorded_by=acting_user,
    )  # fmt: skip
    text = f"{held_on:%Y-%m-%d} 在{place}调解：{outcome[:200]}"
    # a dispute handed up without a mediator is mediated by whoever holds its first session
    fields: dict[str, Any] = {} if dispute.mediator_id else {"mediator": acting_user}
    if dispute.status == Status.ACCEPTED:
        WORKFLOW.transition(
            record=dispute, action="start", acting_user=acting_user,
            expected_version=expected_version, on=max(held_on, dispute.accepted_on or held_on),
            text=text, fields=fields,
        )  # fmt: skip
        event_add(dispute=dispute, kind=EventKind.SESSION, actor=acting_user, text=text)
    else:
        WORKFLOW.record_change(
            record=dispute, acting_user=acting_user, expected_version=expected_version,
            kind=EventKind.SESSION, action="session", text=text, fields=fields,
        )  # fmt: skip
    return session


@transaction.atomic
def session_attach_scan(
    *, dispute: Dispute, session: MediationSession, acting_user: User, upload: UploadedFile
) -> MediationSession:
    """The signed record, scanned (image or PDF), checked by its content."""
    require(rules.works_here(acting_user, dispute), NOT_HERE.format(what="上传签名笔录"))
    info = check_upload(upload)
    session.scan.save(f"session-{session.pk}.{info.extension}", upload, save=False)
    session.scan_name, session.scan_mime = (upload.name or "")[:200], info.mime
    session.save(update_fields=["scan", "scan_name", "scan_mime"])
    event_add(
        dispute=dispute, kind=EventKind.SESSION, actor=acting_user,
        text=f"上传 {session.held_on:%Y-%m-%d} 调解笔录签名扫描件",
    )  # fmt: skip
    return session


@transaction.atomic
def dispute_extend(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    days: int | None,
    consent: str,
    reason: str,
    on: date | None = None,
) -> Dispute:
    """延长调解期限: once, only with both parties' consent recorded."""
    require(rules.may_extend(acting_user, dispute), "该纠纷当前不能延长调解期限。")
    if consent != "both":
        raise ApplicationError(
            "延长调解期限须经双方当事人同意。请先征得双方同意，并勾选“双方当事人均同意延期”。",
            code="consent_required",
            field="consent",
        )
    reason = required_text(reason, "请填写延期理由和双方同意的情况。", "reason")
    if not days:
        raise ApplicationError("请填写延长的天数。", code="days_required", field="days")
    plan = WORKFLOW.plan(dispute)
    day = action_day(dispute, on, plan)
    row = plan.extend(ClockKind.SETTLE, days=days, on=day, reason=reason, approver=acting_user)
    WORKFLOW.record_change(
        record=dispute, acting_user=acting_user, expected_version=expected_version,
        kind=EventKind.EXTENSION, action="extend", plan=plan, on=day,
        text=f"经双方当事人同意，调解期限延长{days}日至{row.due:%Y年%-m月%-d日}：{reason}",
        changes={"days": days, "due": row.due.isoformat() if row.due else None},
    )  # fmt: skip
    return dispute


@transaction.atomic
def dispute_escalate(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    level: str,
    reason: str,
    to_unit: Unit | None = None,
) -> Dispute:
    """提级调处: up the ladder (村调委会 → 村委会主任 → 镇调委会 → 分管领导 → 主要领导 → 县),
    optionally moving the dispute to the higher committee (the registering unit still sees it)."""
    require(rules.may_escalate(acting_user, dispute), "该纠纷当前不能提级调处。")
    if level not in Level.values:
        raise ApplicationError("请选择提级后的调处层级。", code="level_required", field="level")
    order = Level.values
    if order.index(level) <= order.index(dispute.level):
        raise ApplicationError(
            f"提级调处只能向上：该纠纷现在由“{dispute.get_level_display()}”调处，请选择更高层级。",
            code="level_not_higher",
            field="level",
        )
    reason = required_text(reason, "请填写提级调处的理由。", "reason")
    fields: dict[str, Any] = {"level": level}
    text = f"由“{dispute.get_level_display()}”提级至“{Level(level).label}”：{reason.rstrip('。')}"
    moved = to_unit is not None and to_unit.pk != dispute.unit_id
    if moved:
        assert to_unit is not None  # noqa: S101
        _check_higher(dispute, to_unit)
        fields["unit"] = to_unit
        text += f"；移交{to_unit.name}"
        if dispute.mediator is not None and not rules.within(dispute.mediator.unit, to_unit):
            fields["mediator"] = None  # the higher committee names its own mediator
    WORKFLOW.record_change(
        record=dispute, acting_user=acting_user, expected_version=expected_version,
        kind=EventKind.ESCALATION, action="escalate", fields=fields, text=text,
        changes={"level": level, "unit": getattr(to_unit, "pk", None)},
    )  # fmt: skip
    if moved:
        assert to_unit is not None  # noqa: S101
        takers = User.objects.filter(
            is_active=True, unit=to_unit, roles__code__in=rules.MEDIATION_ROLES
        ).distinct()
        notice_send(
            recipients=list(takers),
            message=f"{dispute.origin_unit.name}提级调处纠纷 {dispute.reg_no}：{dispute.title}，"
            "请指定主持调解员。",
            target=dispute,
            url=reverse("mediation:detail", args=[dispute.pk]),
            actor=acting_user,
        )
    return dispute


def _check_higher(dispute: Dispute, to_unit: Unit) -> None:
    """The unit taking it over is above the dispute's committee or beside it under the same
    town (the town's mediation committee beside its village committees), never another village."""
    parent_path = to_unit.path.rstrip("/").rsplit("/", 1)[0] + "/"
    above = dispute.unit.path.startswith(to_unit.path)
    beside = dispute.unit.path.startswith(parent_path) and to_unit.kind != UnitKind.VILLAGE
    if not (above or beside):
        raise ApplicationError(
            f"不能移交给{to_unit.name}：提级调处只能交上级调解组织（如乡镇人民调解委员会）。",
            code="unit_not_higher",
            field="to_unit",
        )


@transaction.atomic
def term_done(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    item: int | None,
    on: date | None = None,
) -> PerformanceTerm:
    """One performance item performed (by its 序号 in the agreement)."""
    require(rules.may_manage_terms(acting_user, dispute), "该纠纷当前不能登记履行情况。")
    items = list(dispute.agreement.items.all())
    term = next((t for t in items if t.order == item), None)
    if term is None:
        raise ApplicationError(
            f"没有第{item}项履行事项。本协议共{len(items)}项，请填写其中一项的序号。",
            code="no_such_item", field="item",
        )  # fmt: skip
    if term.done_on is not None:
        raise ApplicationError(f"第{item}项已于{term.done_on:%Y-%m-%d}登记履行。", field="item")
    day = action_day(dispute, on)
    term.done_on = day
    term.save(update_fields=["done_on"])
    WORKFLOW.record_change(
        record=dispute, acting_user=acting_user, expected_version=expected_version,
        kind=EventKind.TERM, action="term_done", text=f"第{item}项已履行：{term.description}",
    )  # fmt: skip
    return term


@transaction.atomic
def dispute_urge(
    *, dispute: Dispute, acting_user: User, expected_version: int | None, note: str
) -> Dispute:
    """督促履行: the mediator urged a party to perform."""
    require(rules.may_manage_terms(acting_user, dispute), "该纠纷当前不在履行阶段，无需督促履行。")
    note = required_text(note, "请填写督促履行的情况（督促了谁、如何督促、对方答复）。", "note")
    WORKFLOW.record_change(
        record=dispute, acting_user=acting_user, expected_version=expected_version,
        kind=EventKind.URGE, action="urge", text=note,
    )  # fmt: skip
    return dispute


@transaction.atomic
def confirmation_record(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    result: str,
    applied_on: date | None = None,
    court: str = "",
    on: date | None = None,
) -> Dispute:
    """司法确认 (《人民调解法》第三十三条): the parties' joint application within 30 days of the
    agreement taking effect, and the court's answer. Not for status, adoption or marriage."""
    if dispute.dispute_type.status_matter:
        raise ApplicationError(
            f"“{dispute.dispute_type.name}”涉及婚姻、收养等身份关系，依法不能申请司法确认。",
            code="confirmation_not_allowed",
        )
    require(rules.may_record_confirmation(acting_user, dispute), "该纠纷当前不能登记司法确认。")
    if result not in Confirmation.values:
        raise ApplicationError("请选择司法确认结果。", code="result_required", field="result")
    plan = WORKFLOW.plan(dispute)
    window = plan.latest(ClockKind.CONFIRMATION)
    text = Confirmation(result).label
    if result != Confirmation.NOT_APPLIED:
        if applied_on is None:
            raise ApplicationError(
                "请填写当事人共同申请司法确认的日期。", code="applied_on_required",
                field="applied_on",
            )  # fmt: skip
        assert dispute.agreement_on is not None  # noqa: S101 - may_record_confirmation
        check_day(applied_on, field="applied_on", not_before=dispute.agreement_on)
        if window is not None and window.due is not None and applied_on > window.due:
            raise ApplicationError(
                f"申请日期已超过司法确认申请期（协议生效后30日，至{window.due:%Y年%-m月%-d日}），"
                "法院不再受理。可告知当事人就协议履行向人民法院起诉。",
                code="confirmation_window_passed",
                field="applied_on",
            )
        court = required_text(court, "请填写作出裁定的人民法院。", "court")
        text += f"（{court}，{applied_on:%Y-%m-%d}申请）"
    day = action_day(dispute, on, plan)
    plan.stop(ClockKind.CONFIRMATION, on=min(day, applied_on or day))
    WORKFLOW.record_change(
        record=dispute, acting_user=acting_user, expected_version=expected_version,
        kind=EventKind.CONFIRMATION, action="confirmation", plan=plan, on=day,
        fields={"confirmation": result, "confirmation_on": day, "confirmation_court": court},
        text=text,
    )  # fmt: skip
    return dispute


@transaction.atomic
def visit_record(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    visited_on: date | None,
    method: str,
    performance: str,
    satisfaction: str,
    note: str = "",
) -> ReturnVisit:
    """回访: the performance found and the parties' satisfaction; stops the visit clock."""
    require(rules.may_visit(acting_user, dispute), "该纠纷尚未达成协议，不能回访。")
    if visited_on is None:
        raise ApplicationError("请填写回访日期。", code="date_required", field="visited_on")
    assert dispute.agreement_on is not None  # noqa: S101 - may_visit
    if visited_on < dispute.agreement_on:
        raise ApplicationError(
            f"回访日期不能早于协议生效日期（{dispute.agreement_on:%Y年%-m月%-d日}），请核对。",
            code="visit_before_agreement",
            field="visited_on",
        )
    check_day(visited_on, field="visited_on")
    for value, choices, label in (
        (method, VisitMethod, "回访方式"),
        (performance, Performance, "履行情况"),
        (satisfaction, Satisfaction, "满意度"),
    ):
        if value not in choices.values:
            raise ApplicationError(f"请选择{label}。", code="choice_required")
    visit = ReturnVisit.objects.create(
        dispute=dispute, visited_on=visited_on, method=method, performance=performance,
        satisfaction=satisfaction, note=(note or "").strip(), visited_by=acting_user,
    )  # fmt: skip
    plan = WORKFLOW.plan(dispute)
    clock = rules.open_visit_clock(dispute)
    if clock is not None:
        plan.stop(clock.kind, on=visited_on)
    WORKFLOW.record_change(
        record=dispute, acting_user=acting_user, expected_version=expected_version,
        kind=EventKind.RETURN_VISIT, action="visit", plan=plan, on=visited_on,
        text=f"{VisitMethod(method).label}：{Performance(performance).label}，"
        f"{Satisfaction(satisfaction).label}。{visit.note}",
    )  # fmt: skip
    return visit


DETAIL_LABELS = {
    "gender": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "occupation": "职业或工作单位",
    "address": "住址",
    "representative_title": "法定代表人职务",
}


@transaction.atomic
def party_complete(
    *,
    dispute: Dispute,
    acting_user: User,
    expected_version: int | None,
    party: int | None,
    gender: str = "",
    birth_date: date | None = None,
    ethnicity: str = "",
    occupation: str = "",
    address: str = "",
    representative_title: str = "",
) -> Party:
    """补充当事人基本情况: what a written agreement states of each party (性别、出生日期、民族、
    职业或工作单位、住址; an organisation's representative's post). The timeline names the
    fields completed, not their values."""
    require(rules.may_complete_party(acting_user, dispute), NOT_HERE.format(what="补充当事人情况"))
    parties = list(dispute.parties.all())
    if party is None or not 1 <= party <= len(parties):
        raise ApplicationError(
            f"请填写当事人序号（1至{len(parties)}），见“当事人”一栏。",
            code="no_such_party", field="party",
        )  # fmt: skip
    row = parties[party - 1]
    where = f"第{party}位当事人（{row.name}）"
    before = {k: getattr(row, k) for k in DETAIL_LABELS}
    party_details(
        row,
        PartyInput(side=row.side, name=row.name, kind=row.kind, gender=gender or "",
                   birth_date=birth_date, ethnicity=ethnicity or "", occupation=occupation or "",
                   representative_title=representative_title or ""),
        where,
    )  # fmt: skip
    if (address or "").strip():
        row.address = address.strip()[:200]
    changed = [k for k in DETAIL_LABELS if getattr(row, k) != before[k]]
    if not changed:
        raise ApplicationError(
            f"没有要补充的内容：请填写{where}的性别、出生日期、民族、职业或住址。",
            code="nothing_changed",
        )
    row.save(update_fields=changed)
    WORKFLOW.record_change(
        record=dispute, acting_user=acting_user, expected_version=expected_version,
        kind=EventKind.NOTE, action="party_complete",
        text=f"补充{where}的基本情况：" + "、".join(DETAIL_LABELS[k] for k in changed),
    )  # fmt: skip
    return row


@transaction.atomic
def dispute_note(
    *, dispute: Dispute, acting_user: User, expected_version: int | None, text: str
) -> Dispute:
    require(rules.may_note(acting_user, dispute), NOT_HERE.format(what="添加工作记录"))
    text = required_text(text, "请填写工作记录的内容。", "text")
    WORKFLOW.record_change(
        record=dispute, acting_user=acting_user, expected_version=expected_version,
        kind=EventKind.NOTE, action="note", text=text,
    )  # fmt: skip
    return dispute


def full_view_logged(
    *, dispute: Dispute, actor: User, what: str, request: HttpRequest | None = None
) -> None:
    """Full ID and phone numbers only for the committee's mediators; every view logged, on the
    dispute's timeline and in the hash-chained security trail, in one transaction."""
    require(
        rules.may_view_full(actor, dispute),
        "您无权查看当事人的完整身份证号码和联系电话。如调解需要，请联系主持调解员。",
    )
    with transaction.atomic():
        event_add(dispute=dispute, kind=EventKind.FULL_VIEW, actor=actor, text=what)
        full_view_record(user=actor, what=f"纠纷 {dispute.reg_no}：{what}", request=request)
