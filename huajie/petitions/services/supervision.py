"""During handling: extension, investigation notes, leader instructions, reminders and formal
supervision notices, attachments, and the daily sweep of clocks that are due soon or overdue."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import cast

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.common.uploads import check_upload
from huajie.notices.services import DigestItem, daily_key, notice_digest
from huajie.orgs.models import RoleCode, User

from .. import rules
from ..models import (
    WINDOW_KINDS,
    Attachment,
    ClockKind,
    EventKind,
    Petition,
    PetitionClock,
    Supervision,
    SupervisionKind,
    ToldMethod,
)
from .events import notify
from .workflow import WORKFLOW, action_day, require, required_text

DUE_SOON_DAYS = 3


@transaction.atomic
def petition_extend(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    days: int,
    reason: str,
    on: date | None = None,
) -> PetitionClock:
    """延期 (Art.34): once, by at most 30 days, approved by the responsible head, while the
    handling limit runs and before it expires; the petitioner is told why (the 延期告知书 is
    generated from this record)."""
    plan = WORKFLOW.plan(petition)
    day = action_day(petition, on, plan)
    reason = required_text(reason, "请填写延期理由（将告知信访人）。", "reason")
    if not rules.is_responsible_head(acting_user, petition):
        raise ApplicationError(
            "延期须经包案领导或承办单位负责人批准，请由领导操作。", code="permission_denied"
        )
    if petition.status not in rules.EXTENDABLE:
        raise ApplicationError("只有已受理、尚未答复的事项可以延期。", code="invalid_state")
    running = plan.current(ClockKind.HANDLING)
    if running is not None and running.due is not None and day > running.due:
        raise ApplicationError(
            f"办理期限已于{running.due:%Y年%-m月%-d日}届满，届满后不能再延期"
            "（《信访工作条例》第三十四条）。请尽快办结，并向包案领导说明超期原因。",
            code="handling_expired",
        )
    clock = plan.extend(ClockKind.HANDLING, days=days, on=day, reason=reason, approver=acting_user)
    WORKFLOW.record_change(
        record=petition,
        acting_user=acting_user,
        expected_version=expected_version,
        kind=EventKind.EXTENSION,
        text=f"办理期限延长{days}日至{clock.due:%Y-%m-%d}，理由：{reason}",
        changes={"due": [None, clock.due.isoformat() if clock.due else None]},
        plan=plan,
    )
    notify(
        users=[petition.handler, petition.registered_by],
        petition=petition,
        message=f"信访事项 {petition.reg_no} 办理期限延长至 {clock.due:%Y-%m-%d}",
        actor=acting_user,
    )
    return cast(PetitionClock, clock)


@transaction.atomic
def petition_extension_notice(
    *,
    petition: Petition,
    acting_user: User,
    expected_version: int | None,
    method: str,
    note: str = "",
    on: date | None = None,
) -> Petition:
    """告知信访人延期理由 (Art.34), recorded with how and when, when no 延期告知书 was issued
    through the system. Until then the case page says the petitioner has not been told."""
    day = action_day(petition, on)
    methods = dict(ToldMethod.choices)
    if petition.is_anonymous:
        raise ApplicationError("匿名件没有信访人的联系方式，无法告知延期。", code="anonymous")
    if not rules.extended(petition):
        raise ApplicationError("该事项的办理期限没有延期，无需告知。", code="not_extended")
    if rules.extension_told(petition) is not None:
        raise ApplicationError("已告知信访人延期理由，无需再次记录。", code="already_told")
    if method not in methods:
        raise ApplicationError(
            "请选择告知方式：当面、邮寄、电话、短信或网上。", code="method_required", field="method"
        )
    require(
        rules.may_work_on(acting_user, petition),
        "您无权记录延期告知。如需办理，请联系登记单位或承办单位。",
    )
    text = f"已告知信访人延期理由（{methods[method]}，{day:%Y-%m-%d}）"
    WORKFLOW.record_change(
        record=petition,
        acting_user=acting_user,
        expected_version=expected_version,
        kind=EventKind.EXTENSION,
        action="extension_notice",
        text=text + (f"：{note.strip()}" if note.strip() else ""),
        changes={"told": [None, {"method": method, "on": day.isoformat()}]},
    )
    return petition


@transaction.atomic
def petition_add_note(
    *, petition: Petition, acting_user: User, expected_version: int | None, kind: str, text: str
) -> None:
    """调查记录 by the handler, or 领导批示 by a leader."""
    text = required_text(text, "请填写内容。", "text")
    if kind == EventKind.INSTRUCTION:
        if not acting_user.has_role(RoleCode.LEADER):
            raise ApplicationError("只有领导可以作出批示。", code="permission_denied")
        require(
            rules.may_instruct(acting_user, petition),
            "您无权批示。如需办理，请联系登记单位或承办单位。",
        )
    elif kind == EventKind.NOTE:
        require(
            rules.may_note(acting_user, petition),
            "您无权添加调查记录。如需办理，请联系登记单位或承办单位。",
        )
    else:
        raise ApplicationError("记录类型只能是调查记录或领导批示。", code="invalid_kind")
    WORKFLOW.record_change(
        record=petition,
        acting_user=acting_user,
        expected_version=expected_version,
        kind=kind,
        text=text,
    )
    if kind == EventKind.INSTRUCTION:
        notify(
            users=[petition.handler],
            petition=petition,
            message=f"领导对信访事项 {petition.reg_no} 作出批示：{text[:60]}",
            actor=acting_user,
        )


@transaction.atomic
def petition_supervise(
    *,
    petition: Petition,
    acting_user: User,
    kind: str,
    note: str,
    respond_by: date | None = None,
    expected_version: int | None = None,
) -> Supervision:
    """催办 (a reminder) or 督办 (a formal supervision notice) to the handling unit."""
    if kind not in SupervisionKind.values:
        raise ApplicationError("请选择催办或督办。", code="invalid_kind", field="kind")
    note = required_text(note, "请填写催办（督办）意见。", "note")
    if petition.handling_unit is None:
        raise ApplicationError(
            "该事项尚未转送或交办，没有可督办的承办单位。", code="no_handling_unit"
        )
    require(
        rules.may_supervise(acting_user, petition),
        "您无权催办或督办该事项。如需办理，请联系登记单位或承办单位。",
    )
    item = Supervision.objects.create(
        petition=petition,
        kind=kind,
        issued_by=acting_user,
        to_unit=petition.handling_unit,
        note=note,
        respond_by=respond_by,
    )
    label = SupervisionKind(kind).label
    WORKFLOW.record_change(
        record=petition,
        acting_user=acting_user,
        expected_version=expected_version,
        kind=EventKind.REMINDER if kind == SupervisionKind.REMINDER else EventKind.SUPERVISION,
        text=f"{label}{petition.handling_unit.name}：{note}"
        + (f"（请于{respond_by:%Y-%m-%d}前反馈）" if respond_by else ""),
    )
    notify(
        users=[petition.handler, petition.responsible_leader],
        petition=petition,
        message=f"【{label}】信访事项 {petition.reg_no}：{note[:60]}",
        actor=acting_user,
    )
    return item


@transaction.atomic
def petition_attach(
    *,
    petition: Petition,
    acting_user: User,
    upload: UploadedFile,
    expected_version: int | None = None,
) -> Attachment:
    """Attach a scan, photo or recording; its type is checked by content, not by name."""
    require(
        rules.may_attach(acting_user, petition),
        "您无权上传材料。如需办理，请联系登记单位或承办单位。",
    )
    info = check_upload(upload)
    original_name = (upload.name or "")[:200]
    upload.name = f"{uuid.uuid4().hex}.{info.extension}"  # never the sender's name on disk
    attachment = Attachment.objects.create(
        petition=petition,
        file=upload,
        original_name=original_name,
        kind=info.kind,
        mime=info.mime,
        size=info.size,
        uploaded_by=acting_user,
    )
    WORKFLOW.record_change(
        record=petition,
        acting_user=acting_user,
        expected_version=expected_version,
        kind=EventKind.ATTACHMENT,
        text=f"上传材料：{attachment.original_name}",
    )
    return attachment


SWEEP_KEY = "petitions.sweep"


def petitions_sweep(*, today: date | None = None) -> int:
    """The daily sweep: each handler, responsible leader and registering clerk gets ONE digest
    listing their cases with a staff clock overdue or due within `DUE_SOON_DAYS` (one line per
    case with its running limits; overdue first), linking to the 期限预警 list. At most one digest
    per person per local day (the notice's dedupe key). Returns the number of notices written."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    clocks = (
        PetitionClock.objects.filter(stopped_on__isnull=True, due__lte=soon)
        .exclude(kind__in=WINDOW_KINDS)
        .select_related(
            "petition__handler", "petition__responsible_leader", "petition__registered_by"
        )
        .order_by("due", "petition_id", "id")
    )
    people: dict[int, User] = {}
    cases: dict[int, dict[int, list[PetitionClock]]] = {}  # user → petition → its clocks
    for clock in clocks.iterator(chunk_size=2000):
        petition = clock.petition
        for user in (petition.handler, petition.responsible_leader, petition.registered_by):
            if user is not None:
                people[user.pk] = user
                cases.setdefault(user.pk, {}).setdefault(petition.pk, []).append(clock)
    key = daily_key(SWEEP_KEY, today)
    written = 0
    for pk, by_case in cases.items():
        with transaction.atomic():
            written += _sweep_digest(people[pk], list(by_case.values()), today=today, key=key)
    return written


def _sweep_digest(user: User, by_case: list[list[PetitionClock]], *, today: date, key: str) -> int:
    """One line per case, its clocks nearest first; the cases come in order of their nearest
    limit, so the overdue ones lead."""
    overdue = sum(1 for clocks in by_case if _late(clocks[0], today))
    soon = len(by_case) - overdue
    counts = []
    if overdue:
        counts.append(f"{overdue} 件已超期")
    if soon:
        counts.append(f"{soon} 件即将到期")
    title = "【期限提醒】" + "，".join(counts)
    items = [
        DigestItem(
            text=f"【{'已超期' if _late(clocks[0], today) else '即将到期'}】"
            f"{clocks[0].petition.reg_no} {clocks[0].petition.title} · "
            + "；".join(f"{c.get_kind_display()}期限{c.due:%Y-%m-%d}" for c in clocks),
            url=reverse("petitions:detail", kwargs={"pk": clocks[0].petition_id}),
        )
        for clocks in by_case
    ]
    state = "overdue" if overdue else "due_soon"
    url = reverse("petitions:supervision") + f"?clock={state}"
    notice = notice_digest(recipient=user, title=title, items=items, dedupe_key=key, url=url)
    return 1 if notice is not None else 0


def _late(clock: PetitionClock, today: date) -> bool:
    return clock.due is not None and clock.due < today
