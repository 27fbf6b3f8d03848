"""The duty log (值班记录) and its hand-offs to other modules through common.intake."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from huajie.common import intake
from huajie.common.errors import ApplicationError
from huajie.common.scoping import get_visible, require_writable
from huajie.orgs.models import Unit, User

from ..models import INTAKE_CHANNEL, DutyEventKind, DutyLogEntry, IntakeLink, LogStatus
from .events import event

SOURCE = "duty-log"


@transaction.atomic
def entry_create(
    *,
    unit: Unit,
    received_at: datetime,
    channel: str,
    content: str,
    caller_name: str = "",
    caller_org: str = "",
    caller_phone: str = "",
    action_taken: str = "",
    told: str = "",
    acting_user: User,
) -> DutyLogEntry:
    entry = DutyLogEntry(
        unit=unit,
        received_at=received_at,
        channel=channel,
        content=content.strip(),
        caller_name=caller_name.strip(),
        caller_org=caller_org.strip(),
        caller_phone=caller_phone.strip(),
        action_taken=action_taken.strip(),
        told=told.strip(),
        recorded_by=acting_user,
    )
    require_writable(acting_user, entry)
    if not entry.content:
        raise ApplicationError(
            "请写明来电（来访）内容：反映了什么事、在哪里、涉及多少人。", field="content"
        )
    if timezone.is_naive(received_at):
        raise ApplicationError("接报时间缺少时区，请重新选择时间。", field="received_at")
    if received_at > timezone.now() + timedelta(minutes=5):
        raise ApplicationError("接报时间不能晚于现在，请核对后重填。", field="received_at")
    if received_at.year < 2000:
        raise ApplicationError("接报时间不能早于2000年，请核对年份后重填。", field="received_at")
    entry.save()
    event(
        kind=DutyEventKind.LOGGED, actor=acting_user, entry=entry, text=entry.get_channel_display()
    )
    return entry


@transaction.atomic
def entry_update(
    *, entry: DutyLogEntry, action_taken: str, told: str, acting_user: User
) -> DutyLogEntry:
    require_writable(acting_user, entry)
    changes = {}
    for name, value in (("action_taken", action_taken.strip()), ("told", told.strip())):
        if getattr(entry, name) != value:
            changes[name] = [getattr(entry, name), value]
            setattr(entry, name, value)
    if changes:
        entry.save(update_fields=[*changes, "updated_at"])
        event(kind=DutyEventKind.UPDATED, actor=acting_user, entry=entry, changes=changes)
    return entry


@transaction.atomic
def entry_close(*, entry: DutyLogEntry, action_taken: str = "", acting_user: User) -> DutyLogEntry:
    require_writable(acting_user, entry)
    if entry.status == LogStatus.CLOSED:
        raise ApplicationError("这条值班记录已经办结。", code="already_closed")
    if action_taken.strip():
        entry.action_taken = action_taken.strip()
    if not entry.action_taken:
        raise ApplicationError("办结前请写明处置情况：做了什么、结果如何。", field="action_taken")
    entry.status, entry.closed_at = LogStatus.CLOSED, timezone.now()
    entry.save(update_fields=["status", "closed_at", "action_taken", "updated_at"])
    event(
        kind=DutyEventKind.CLOSED,
        actor=acting_user,
        entry=entry,
        from_status=LogStatus.OPEN,
        to_status=LogStatus.CLOSED,
    )
    return entry


def _entry(record_id: str, user: User) -> DutyLogEntry:
    if not record_id.isdigit():
        raise ApplicationError(
            "找不到要转登记的值班记录，请回到值班记录页面重新点击。", code="intake_source_unknown"
        )
    return get_visible(DutyLogEntry.objects.select_related("unit"), user, pk=int(record_id))


def intake_load(record_id: str, user: User) -> intake.IntakeDraft:
    entry = _entry(record_id, user)
    local = timezone.localtime(entry.received_at)
    return intake.IntakeDraft(
        token=intake.token(SOURCE, entry.pk),
        label=f"值班记录 {local:%Y-%m-%d %H:%M} {entry.get_channel_display()}",
        unit_id=entry.unit_id,
        received_at=entry.received_at,
        content=entry.content,
        channel=INTAKE_CHANNEL.get(entry.channel, "phone"),
        title=entry.content[:30],
        caller_name=entry.caller_name,
        caller_phone=entry.caller_phone,
        extra={"caller_org": entry.caller_org, "told": entry.told},
    )


def _target_label(code: str) -> str:
    try:
        return str(intake.target(code).label)
    except ApplicationError:
        return code


def intake_link(record_id: str, user: User, target: str, obj: Model) -> None:
    """Record the hand-off on the entry and its timeline; a second one to the same target is
    refused (the new record's transaction rolls back with it)."""
    entry = _entry(record_id, user)
    done = IntakeLink.objects.filter(entry=entry, target=target).first()
    if done is not None:
        raise ApplicationError(
            f"这条值班记录已于 {timezone.localtime(done.at):%m月%d日 %H:%M} "
            f"转登记（{done.label}），"
            "不能重复转登记。请打开已登记的记录继续办理。",
            code="intake_already_done",
        )
    label = str(obj)
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    IntakeLink.objects.create(
        entry=entry, target=target, object_id=str(obj.pk), label=label[:100], created_by=user
    )
    event(
        kind=DutyEventKind.HANDED_OFF,
        actor=user,
        entry=entry,
        text=f"{_target_label(target)}：{label}",
        changes={"target": target, "id": obj.pk, "url": url},
    )


def hand_off_buttons(*, entry: DutyLogEntry, user: User) -> list[dict[str, str]]:
    """One button per installed target this user may create; a target already reached shows
    its record instead."""
    done = {link.target: link for link in entry.links.all()}
    token = intake.token(SOURCE, entry.pk)
    out = []
    for target in intake.targets_for(user):
        link = done.get(target.code)
        out.append(
            {
                "code": target.code,
                "label": str(target.label),
                "icon": target.icon,
                "url": "" if link else intake.intake_url(target.code, token),
                "done": link.label if link else "",
            }
        )
    return out
