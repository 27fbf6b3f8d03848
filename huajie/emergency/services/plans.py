"""Writes to plans: a new plan (its first version a draft), edits of a draft, putting a draft in
force (the diff against the version it replaces is stored with it), and a revision (a copy of
the version in force as the new draft). A version in force or superseded is never changed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.orgs.models import Unit, User

from .. import rules
from ..models import (
    GRADE_SHORT,
    GradeCriterion,
    GroupKind,
    Plan,
    PlanGroup,
    PlanIncidentType,
    PlanMember,
    PlanReportRule,
    PlanResource,
    PlanStatus,
    PlanStep,
    PlanVersion,
    Position,
)

HEADER_FIELDS = (
    "title",
    "issuing_organ",
    "doc_number",
    "purpose",
    "scope_text",
    "principles",
    "command_name",
    "office_name",
    "office_duties",
    "aftercare",
    "drills_per_year",
    "review_days",
    "effective_on",
    "review_on",
    "change_note",
)
ROW_MODELS = (
    PlanGroup,
    PlanMember,
    PlanIncidentType,
    GradeCriterion,
    PlanStep,
    PlanReportRule,
    PlanResource,
)


def _require_editor(user: User, plan: Plan) -> None:
    if not rules.may_edit_plan(user, plan):
        raise PermissionDenied("只有预案编制单位的应急指挥、领导或管理员可以编制和修订预案。")


def _require_draft(version: PlanVersion) -> None:
    if version.status != PlanStatus.DRAFT:
        raise ApplicationError(
            "现行有效或已被修订的预案版本不能修改。请点击“修订预案”生成新的修订稿后再修改。",
            code="plan_version_immutable",
        )


@transaction.atomic
def plan_create(
    *, unit: Unit, area_unit: Unit, name: str, header: dict[str, Any], acting_user: User
) -> Plan:
    if not rules.may_create_plan(acting_user) or not (
        acting_user.is_superuser or rules.within(unit, acting_user.unit)
    ):
        raise PermissionDenied("只有本单位的应急指挥、领导或管理员可以新建预案。")
    plan = Plan.objects.create(unit=unit, area_unit=area_unit, name=name.strip())
    PlanVersion.objects.create(
        plan=plan, number=1, created_by=acting_user, **_header(header, title=name)
    )
    return plan


def _header(data: dict[str, Any], *, title: str = "") -> dict[str, Any]:
    values = {k: data[k] for k in HEADER_FIELDS if k in data}
    values.setdefault("title", title)
    return values


@transaction.atomic
def version_update(*, version: PlanVersion, data: dict[str, Any], acting_user: User) -> None:
    _require_editor(acting_user, version.plan)
    locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(locked)
    values = _header(data, title=locked.title)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*values, "updated_at"])


def version_of(row: Model) -> PlanVersion:
    if isinstance(row, PlanMember):
        return row.group.version
    if isinstance(row, GradeCriterion | PlanStep):
        return row.incident_type.version
    return row.version  # type: ignore[attr-defined]


@transaction.atomic
def draft_row_save(*, row: Model, acting_user: User) -> Model:
    """Add or change one row of a draft (a group, a member, a type, a grade, a step, a report
    limit, a resource). The row must belong to a draft version."""
    if not isinstance(row, ROW_MODELS):
        raise TypeError(f"{type(row).__name__} is not part of a plan")
    version = PlanVersion.objects.select_for_update().get(pk=version_of(row).pk)
    _require_editor(acting_user, version.plan)
    _require_draft(version)
    group = row.group if isinstance(row, PlanStep) else None
    if group is not None and group.version_id != version.pk:
        raise ApplicationError("责任组不属于本预案，请重新选择。", code="step_group", field="group")
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def draft_row_delete(*, row: Model, acting_user: User) -> None:
    version = PlanVersion.objects.select_for_update().get(pk=version_of(row).pk)
    _require_editor(acting_user, version.plan)
    _require_draft(version)
    row.delete()


def _check_complete(version: PlanVersion) -> None:
    groups = list(version.groups.prefetch_related("members"))
    problems = []
    if not any(g.kind == GroupKind.COMMAND for g in groups):
        problems.append("指挥部（领导小组）")
    if not any(g.kind == GroupKind.WORK for g in groups):
        problems.append("至少一个工作组")
    if any(not g.members.all() for g in groups):
        empty = "、".join(g.name for g in groups if not g.members.all())
        problems.append(f"“{empty}”的成员")
    types = list(version.types.prefetch_related("criteria", "steps"))
    if not types:
        problems.append("适用的事件类型")
    for t in types:
        if not t.criteria.all():
            problems.append(f"“{t.name}”的分级标准")
        if not t.steps.all():
            problems.append(f"“{t.name}”的处置步骤")
    if version.effective_on is None:
        problems.append("施行日期")
    if problems:
        raise ApplicationError(
            f"预案还不完整，不能发布施行。请补充：{'；'.join(problems)}。", code="plan_incomplete"
        )


@transaction.atomic
def version_put_in_force(*, version: PlanVersion, acting_user: User) -> PlanVersion:
    """The draft takes effect; the version it replaces is superseded; what changed is stored."""
    locked = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    _require_editor(acting_user, locked.plan)
    _require_draft(locked)
    _check_complete(locked)
    previous = PlanVersion.objects.filter(plan=locked.plan, status=PlanStatus.IN_FORCE).first()
    if previous is not None:  # incidents keep the version they were reported under
        previous.status = PlanStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        if not locked.change_note.strip():
            raise ApplicationError(
                "修订稿发布前请填写修订说明（为什么修订、依据什么）。",
                code="change_note_required",
                field="change_note",
            )
    locked.changes = diff(snapshot(previous), snapshot(locked)) if previous else []
    locked.status = PlanStatus.IN_FORCE
    locked.in_force_by = acting_user
    locked.in_force_at = timezone.now()
    locked.save(update_fields=["changes", "status", "in_force_by", "in_force_at", "updated_at"])
    if locked.plan.name != locked.title:
        Plan.objects.filter(pk=locked.plan_id).update(name=locked.title)
    return locked


@transaction.atomic
def plan_revise(*, plan: Plan, acting_user: User) -> PlanVersion:
    """A new draft, a copy of the version in force, to edit and put in force in its place."""
    _require_editor(acting_user, plan)
    Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.versions.filter(status=PlanStatus.DRAFT).exists():
        raise ApplicationError(
            "该预案已有一份修订稿，请打开修订稿继续修改。", code="plan_draft_exists"
        )
    current = plan.versions.filter(status=PlanStatus.IN_FORCE).first()
    if current is None:
        raise ApplicationError("该预案没有现行有效的版本，不能修订。", code="plan_not_in_force")
    return version_copy(current, acting_user=acting_user)


def version_copy(source: PlanVersion, *, acting_user: User) -> PlanVersion:
    new = PlanVersion.objects.create(
        plan=source.plan,
        number=source.plan.versions.count() + 1,
        created_by=acting_user,
        **{k: getattr(source, k) for k in HEADER_FIELDS if k != "change_note"},
    )
    group_map: dict[int, PlanGroup] = {}
    for g in source.groups.prefetch_related("members"):
        ng = PlanGroup.objects.create(
            version=new, kind=g.kind, name=g.name, duties=g.duties, ack_minutes=g.ack_minutes,
            arrive_minutes=g.arrive_minutes, order=g.order,
        )  # fmt: skip
        group_map[g.pk] = ng
        PlanMember.objects.bulk_create(
            PlanMember(group=ng, user_id=m.user_id, position=m.position, duty=m.duty, order=m.order)
            for m in g.members.all()
        )
    for t in source.types.prefetch_related("criteria", "steps"):
        nt = PlanIncidentType.objects.create(
            version=new, name=t.name, description=t.description, order=t.order
        )
        GradeCriterion.objects.bulk_create(
            GradeCriterion(
                incident_type=nt, grade=c.grade, people_min=c.people_min,
                deaths_min=c.deaths_min, injured_min=c.injured_min, text=c.text,
            )
            for c in t.criteria.all()
        )  # fmt: skip
        PlanStep.objects.bulk_create(
            PlanStep(
                incident_type=nt, order=s.order, action=s.action, minutes=s.minutes,
                group=group_map.get(s.group_id) if s.group_id else None,
                lowest_grade=s.lowest_grade,
            )
            for s in t.steps.all()
        )  # fmt: skip
    PlanReportRule.objects.bulk_create(
        PlanReportRule(version=new, kind=r.kind, minutes=r.minutes, recipient=r.recipient,
                       note=r.note)
        for r in source.reports.all()
    )  # fmt: skip
    PlanResource.objects.bulk_create(
        PlanResource(version=new, name=r.name, quantity=r.quantity, location=r.location,
                     keeper=r.keeper)
        for r in source.resources.all()
    )  # fmt: skip
    return new


HEADER_LABELS = {
    "title": "标题",
    "issuing_organ": "印发机关",
    "doc_number": "文号",
    "purpose": "编制目的和依据",
    "scope_text": "适用范围",
    "principles": "工作原则",
    "command_name": "指挥机构名称",
    "office_name": "办公室",
    "office_duties": "办公室职责",
    "aftercare": "后期处置",
    "drills_per_year": "每年演练次数",
    "review_days": "总结评估期限（日）",
    "effective_on": "施行日期",
    "review_on": "评估修订日期",
}


def snapshot(version: PlanVersion) -> dict[str, str]:
    """The version as a flat map "section / item / field" → text, for the diff."""
    out = {label: str(getattr(version, name) or "") for name, label in HEADER_LABELS.items()}
    for g in version.groups.prefetch_related("members__user"):
        key = f"{g.get_kind_display()}“{g.name}”"
        out[f"{key} / 职责"] = g.duties
        out[f"{key} / 时限"] = f"收到{g.ack_minutes}分钟、到达{g.arrive_minutes}分钟"
        out[f"{key} / 成员"] = "、".join(
            f"{m.user}（{Position(m.position).label}）" for m in g.members.all()
        )
    for t in version.types.prefetch_related("criteria", "steps__group"):
        key = f"事件类型“{t.name}”"
        out[f"{key} / 情形"] = t.description
        for c in t.criteria.all():
            out[f"{key} / {GRADE_SHORT[c.grade]}标准"] = c.text
        out[f"{key} / 处置步骤"] = "；".join(
            f"{s.action}（{s.group.name if s.group else '指挥部'}，{s.minutes}分钟"
            + (f"，{GRADE_SHORT[s.lowest_grade]}及以上" if s.lowest_grade else "")
            + "）"
            for s in t.steps.all()
        )
    for r in version.reports.all():
        out[f"信息报告“{r.get_kind_display()}”"] = f"{r.minutes}分钟内报{r.recipient}"
    for res in version.resources.all():
        out[f"物资装备“{res.name}”"] = f"{res.quantity}，{res.location}，{res.keeper}"
    return out


def diff(old: dict[str, str], new: dict[str, str]) -> list[dict[str, str]]:
    """What changed between two snapshots: {what, old, new}; an empty old is an addition."""
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(key, ""), new.get(key, "")
        if before != after:
            changes.append({"what": key, "old": before, "new": after})
    return changes
