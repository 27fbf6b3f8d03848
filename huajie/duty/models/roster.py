"""Rosters (排班): the duty post of a unit, shift patterns, rotations, a month's roster with its
published editions, and the slots that each need a duty leader and duty officers."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope
from huajie.orgs.models import Unit

WRITERS = frozenset({"admin", "leader", "duty_officer"})


class DutyPost(TimeStampedModel):
    """A unit's duty room (值班室): its phone and the rules its roster follows."""

    unit = models.OneToOneField(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="duty_post"
    )
    duty_phone = models.CharField("值班电话", max_length=30, blank=True)
    requires_leader = models.BooleanField("每班须有带班领导", default=True)
    officers_per_slot = models.PositiveSmallIntegerField("每班值班人员数", default=1)
    swaps_need_approval = models.BooleanField("换班须带班领导批准", default=True)

    scope = Scope(owner="unit", write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "值班室"

    def __str__(self) -> str:
        return f"{self.unit} 值班室"


class ShiftKind(models.TextChoices):
    FULL_DAY = "full_day", "24小时班"
    DAY_NIGHT = "day_night", "白班/夜班"
    CUSTOM = "custom", "自定义"
    WEEKLY = "weekly", "值周（按周轮换，工作日）"


class ShiftPattern(TimeStampedModel):
    """How a day is cut into shifts: `shifts` is a list of {"label", "start": "08:30",
    "minutes": 1440}; a shift may run past midnight into the next day."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    name = models.CharField("名称", max_length=50)
    kind = models.CharField("类型", max_length=10, choices=ShiftKind.choices)
    shifts = models.JSONField("班次", default=list)

    scope = Scope(owner="unit", write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "班次模式"

    def __str__(self) -> str:
        return self.name


class DutyRole(models.TextChoices):
    LEADER = "leader", "带班领导"
    OFFICER = "officer", "值班人员"


class Rotation(TimeStampedModel):
    """Members take turns in `role`, from `anchor` (member 0 on that day), one step a day or one
    step a shift."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    name = models.CharField("名称", max_length=50)
    pattern = models.ForeignKey(ShiftPattern, verbose_name="班次模式", on_delete=models.PROTECT)
    role = models.CharField("岗位", max_length=10, choices=DutyRole.choices)
    members = models.JSONField("轮值人员", default=list)  # user ids in turn order
    anchor = models.DateField("起排日期")
    step_by_day = models.BooleanField("按日轮换", default=True)

    scope = Scope(owner="unit", write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "轮值规则"

    def __str__(self) -> str:
        return self.name


class RosterStatus(models.TextChoices):
    DRAFT = "draft", "编制中"
    PUBLISHED = "published", "已发布"


class RosterMonth(TimeStampedModel):
    """One unit's roster for one month. Published = locked; a revision reopens it and the next
    publication is a new edition (版本), each kept in `RosterEdition`."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    month = models.DateField("月份")  # the first day of the month
    status = models.CharField(
        "状态", max_length=10, choices=RosterStatus.choices, default=RosterStatus.DRAFT
    )
    version = models.PositiveIntegerField("修订号", default=1)  # optimistic lock (workflow)
    edition = models.PositiveSmallIntegerField("版本", default=0)  # editions published
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    filed_to = models.ForeignKey(
        Unit,
        verbose_name="报备单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField("报备时间", null=True, blank=True)

    scope = Scope(owner="unit", write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "月度值班表"
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="duty_roster_month")]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y年%m月}值班表"


class RosterEdition(models.Model):
    """What a published edition said, row by row, as it was printed."""

    roster = models.ForeignKey(RosterMonth, on_delete=models.CASCADE, related_name="editions")
    edition = models.PositiveSmallIntegerField("版本")
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rows = models.JSONField("内容", default=list)
    note = models.CharField("修订说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "值班表版本"
        constraints = [
            models.UniqueConstraint(fields=["roster", "edition"], name="duty_roster_edition")
        ]

    def __str__(self) -> str:
        return f"{self.roster} 第{self.edition}版"


class DayKind(models.TextChoices):
    WORKDAY = "workday", "工作日"
    REST = "rest", "休息日"
    HOLIDAY = "holiday", "法定节假日"
    MAKEUP = "makeup", "调休上班"


class DutySlot(models.Model):
    """One shift of one day. It needs a leader (if the unit requires) and `officers_required`
    officers; missing either is a gap."""

    roster = models.ForeignKey(RosterMonth, on_delete=models.CASCADE, related_name="slots")
    # No index of its own: the unique (unit, starts_at) index serves every lookup by unit, and
    # one index fewer is a quarter of a year's generation time.
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, db_index=False)
    day = models.DateField("日期")
    label = models.CharField("班次", max_length=20)
    starts_at = models.DateTimeField("开始")
    ends_at = models.DateTimeField("结束")
    day_kind = models.CharField("日期类型", max_length=10, choices=DayKind.choices)
    officers_required = models.PositiveSmallIntegerField("值班人员数", default=1)
    leader_required = models.BooleanField("须有带班领导", default=True)

    scope = Scope(owner="unit", write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "班次"
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "starts_at"], name="duty_slot_unit_start_u"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="duty_slot_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%m-%d} {self.label}"


class AssignmentOrigin(models.TextChoices):
    ROTATION = "rotation", "轮值生成"
    OVERRIDE = "override", "调整"
    SWAP = "swap", "换班"


class DutyAssignment(models.Model):
    # Looked up by the unique (slot, user) index, which starts with the slot.
    slot = models.ForeignKey(
        DutySlot, on_delete=models.CASCADE, related_name="assignments", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="duty_assignments"
    )
    role = models.CharField("岗位", max_length=10, choices=DutyRole.choices)
    origin = models.CharField("来源", max_length=10, choices=AssignmentOrigin.choices)

    scope = Scope(owner="slot__unit", write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "值班安排"
        constraints = [
            models.UniqueConstraint(fields=["slot", "user"], name="duty_assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.slot} {self.get_role_display()} {self.user}"
