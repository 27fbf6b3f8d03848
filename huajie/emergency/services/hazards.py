"""Writes to hazards (隐患排查整改: registered, rectified, re-checked) and drills (演练);
inspections and their plans are in `inspections`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.notices.services import notice_send
from huajie.orgs.models import Unit, User

from .. import rules
from ..models import (
    CorrectiveAction,
    Drill,
    Hazard,
    HazardEvent,
    HazardLevel,
    HazardStatus,
    Inspection,
    KeyPlace,
    Plan,
)
from .attachments import attach
from .common import required_text
from .workflow import HAZARD


@dataclass(frozen=True)
class HazardInput:
    item: str
    description: str
    level: str
    deadline: date
    responsible: User
    measures: str = ""
    funds: str = ""
    contingency: str = ""
    supervisor_unit: Unit | None = None
    photos: tuple[UploadedFile, ...] = ()


def _check_hazard(data: HazardInput, today: date) -> None:
    required_text(data.description, "请填写隐患情况。", "description")
    if data.deadline < today:
        raise ApplicationError("整改期限不能早于今天。", code="deadline_past", field="deadline")
    if data.level == HazardLevel.MAJOR:
        missing = [
            label
            for label, value in (("整改措施", data.measures), ("整改资金", data.funds),
                                 ("应急预案（防范措施）", data.contingency))
            if not value.strip()
        ]  # fmt: skip
        if missing or data.supervisor_unit is None:
            missing += [] if data.supervisor_unit else ["挂牌督办单位"]
            raise ApplicationError(
                f"重大隐患须落实“五落实”（责任、措施、资金、时限、预案）并由上级挂牌督办，"
                f"请补充：{'、'.join(missing)}。",
                code="major_five", field="measures",
            )  # fmt: skip


@transaction.atomic
def hazard_create(
    *, place: KeyPlace, data: HazardInput, acting_user: User, inspection: Inspection | None = None
) -> Hazard:
    if not rules.may_inspect(acting_user, place.unit):
        raise PermissionDenied("只有责任单位的工作人员可以登记隐患。")
    _check_hazard(data, timezone.localdate())
    hazard = Hazard.objects.create(
        unit=place.unit, place=place, inspection=inspection, item=data.item[:100],
        description=data.description.strip(), level=data.level, deadline=data.deadline,
        responsible=data.responsible, measures=data.measures, funds=data.funds,
        contingency=data.contingency, supervisor_unit=data.supervisor_unit,
        created_by=acting_user,
    )  # fmt: skip
    attach(data.photos, hazard=hazard, caption="隐患照片", acting_user=acting_user)
    HazardEvent.objects.create(
        hazard=hazard,
        kind="created",
        actor=acting_user,
        text=f"登记{hazard.get_level_display()}，整改期限{data.deadline}",
    )
    notice_send(
        recipients=[data.responsible],
        message=f"请在{data.deadline:%Y年%-m月%-d日}前整改隐患：{place.name} {hazard.item}",
        target=hazard, url=reverse("emergency:hazard", args=[hazard.pk]), actor=acting_user,
    )  # fmt: skip
    return hazard


@transaction.atomic
def hazard_rectify(
    *, hazard: Hazard, note: str, acting_user: User, expected_version: int | None = None,
    photos: Sequence[UploadedFile] = (),
) -> Hazard:  # fmt: skip
    hazard = Hazard.objects.select_for_update().get(pk=hazard.pk)
    text = required_text(note, "请填写整改情况（做了什么、是否消除）。", "rectify_note")
    HAZARD.transition(
        record=hazard, action="rectify", acting_user=acting_user,
        expected_version=expected_version, on=timezone.localdate(),
        fields={"rectified_by": acting_user, "rectified_on": timezone.localdate(),
                "rectify_note": text},
        text=f"整改完成：{text}",
    )  # fmt: skip
    attach(photos, hazard=hazard, caption="整改后照片", acting_user=acting_user)
    return hazard


@transaction.atomic
def hazard_recheck(
    *, hazard: Hazard, passed: bool, note: str, acting_user: User,
    expected_version: int | None = None,
) -> Hazard:  # fmt: skip
    """复查: by someone other than the rectifier; passed closes it (销号), failed sends it back."""
    hazard = Hazard.objects.select_for_update().get(pk=hazard.pk)
    if hazard.rectified_by_id == acting_user.pk:
        raise PermissionDenied(
            "整改人不能复查自己整改的隐患，请由本单位其他人员或督办单位复查销号。"
        )
    text = required_text(note, "请填写复查意见。", "recheck_note")
    fields: dict[str, object] = {"recheck_note": text}
    if passed:
        fields.update(rechecked_by=acting_user, rechecked_on=timezone.localdate())
    HAZARD.transition(
        record=hazard, action="recheck_pass" if passed else "recheck_fail",
        acting_user=acting_user, expected_version=expected_version, on=timezone.localdate(),
        fields=fields, text=("复查合格，销号：" if passed else "复查不合格，退回整改：") + text,
    )  # fmt: skip
    return hazard


@dataclass(frozen=True)
class DrillInput:
    plan: Plan
    kind: str
    planned_on: date
    scenario: str
    held_on: date | None = None
    participants: int = 0
    evaluation: str = ""


@transaction.atomic
def drill_save(
    *, data: DrillInput, acting_user: User, drill: Drill | None = None,
    actions: tuple[tuple[str, User, date], ...] = (),
) -> Drill:  # fmt: skip
    """Schedule a drill, or record one held (date, participants, evaluation); each finding to act
    on becomes a corrective action with its owner and due date, tracked to done."""
    unit = acting_user.unit
    if (
        unit is None
        or not rules.may_inspect(acting_user, data.plan.unit)
        and not (rules.may_inspect(acting_user, unit))
    ):
        raise PermissionDenied("只有应急指挥、领导或值班人员可以安排和记录演练。")
    required_text(data.scenario, "请填写演练情景。", "scenario")
    if data.held_on is not None:
        if data.held_on > timezone.localdate():
            raise ApplicationError("实施日期不能晚于今天。", code="date_in_future", field="held_on")
        required_text(data.evaluation, "已实施的演练请填写演练评估。", "evaluation")
    drill = drill or Drill(unit=unit, created_by=acting_user)
    for name in ("plan", "kind", "planned_on", "scenario", "held_on", "participants",
                 "evaluation"):  # fmt: skip
        setattr(drill, name, getattr(data, name))
    drill.save()
    if actions and data.held_on is None:
        raise ApplicationError("改进措施在演练实施后登记，请先填写实施日期和演练评估。",
                               code="actions_before_drill")  # fmt: skip
    for text, owner, due in actions:
        CorrectiveAction.objects.create(unit=drill.unit, drill=drill, text=text[:200],
                                        owner=owner, due_on=due)  # fmt: skip
    return drill


OPEN_HAZARD = (HazardStatus.OPEN, HazardStatus.RECTIFIED)


def hazards_remind_overdue(*, today: date | None = None) -> int:
    """The daily reminder: each responsible person gets one digest of their overdue hazards; a
    重大 hazard's supervising unit's leaders and commanders get theirs (挂牌督办)."""
    from huajie.notices.services import DigestItem, daily_key, notice_digest
    from huajie.orgs.models import RoleCode

    today = today or timezone.localdate()
    overdue = list(
        Hazard.objects.exclude(status=HazardStatus.CLOSED)
        .filter(deadline__lt=today)
        .select_related("place", "responsible", "supervisor_unit")
    )
    by_person: dict[int, tuple[User, list[DigestItem]]] = {}
    for h in overdue:
        item = DigestItem(
            f"{h.place} {h.item}（{h.get_level_display()}，期限{h.deadline:%m月%d日}，"
            f"逾期{(today - h.deadline).days}天）",
            reverse("emergency:hazard", args=[h.pk]),
        )
        people = [h.responsible]
        if h.level == HazardLevel.MAJOR and h.supervisor_unit is not None:
            people += list(
                User.objects.filter(
                    unit=h.supervisor_unit, is_active=True,
                    roles__code__in=(RoleCode.LEADER, RoleCode.COMMANDER),
                ).distinct()
            )  # fmt: skip
        for person in people:
            by_person.setdefault(person.pk, (person, []))[1].append(item)
    sent = 0
    for person, items in by_person.values():
        if notice_digest(
            recipient=person, title=f"隐患逾期未整改 {len(items)} 项，请督促整改",
            items=items, url=reverse("emergency:hazards") + "?status=overdue",
            dedupe_key=daily_key("emergency.hazards_overdue", today),
        ):  # fmt: skip
            sent += 1
    return sent
