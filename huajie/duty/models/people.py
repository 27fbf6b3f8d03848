"""Handover, swaps, leave, spot checks and leader reception days."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope
from huajie.orgs.models import Unit

from .log import DutyLogEntry
from .reports import SpecialPeriod
from .roster import WRITERS, DutyRole, DutySlot

USER = settings.AUTH_USER_MODEL


class HandoverStatus(models.TextChoices):
    WRITTEN = "written", "待接班"
    ACCEPTED = "accepted", "已接班"


class Handover(TimeStampedModel):
    """交接班: the outgoing officer writes it with the open items; the incoming one accepts."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    slot = models.ForeignKey(DutySlot, null=True, blank=True, on_delete=models.SET_NULL)
    outgoing = models.ForeignKey(
        USER, verbose_name="交班人", on_delete=models.PROTECT, related_name="+"
    )
    incoming = models.ForeignKey(
        USER,
        verbose_name="接班人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField("交班情况")
    open_items = models.ManyToManyField(DutyLogEntry, verbose_name="待办事项", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=HandoverStatus.choices, default=HandoverStatus.WRITTEN
    )
    version = models.PositiveIntegerField(default=1)
    written_at = models.DateTimeField("交班时间")
    accepted_at = models.DateTimeField("接班时间", null=True, blank=True)

    scope = Scope(owner="unit", write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "交接班"
        ordering = ["-written_at"]


class SwapStatus(models.TextChoices):
    REQUESTED = "requested", "待对方同意"
    ACCEPTED = "accepted", "待领导批准"
    APPROVED = "approved", "已换班"
    REFUSED = "refused", "未同意"
    CANCELLED = "cancelled", "已撤回"


class SwapRequest(TimeStampedModel):
    """`requester` gives their place in `slot` to `counterpart`."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    slot = models.ForeignKey(DutySlot, verbose_name="班次", on_delete=models.CASCADE)
    role = models.CharField("岗位", max_length=10, choices=DutyRole.choices)
    requester = models.ForeignKey(
        USER, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    counterpart = models.ForeignKey(
        USER, verbose_name="替班人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("事由", max_length=200)
    status = models.CharField(
        "状态", max_length=10, choices=SwapStatus.choices, default=SwapStatus.REQUESTED
    )
    version = models.PositiveIntegerField(default=1)

    scope = Scope(owner="unit", write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "换班申请"


class LeaveStatus(models.TextChoices):
    PENDING = "pending", "待批准"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class LeaveRequest(TimeStampedModel):
    """Leave (请假), or in a special period leave from post (离岗) that the period's leader
    approves in writing."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    user = models.ForeignKey(
        USER, verbose_name="请假人", on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        SpecialPeriod, verbose_name="特护期", null=True, blank=True, on_delete=models.PROTECT
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    reason = models.CharField("事由", max_length=200)
    destination_note = models.CharField("工作联系方式", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.PENDING
    )
    version = models.PositiveIntegerField(default=1)
    decided_by = models.ForeignKey(
        USER,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("批准时间", null=True, blank=True)
    decision_note = models.CharField("批示", max_length=200, blank=True)

    scope = Scope(owner="unit", write_roles=WRITERS | {"handler", "clerk", "mediator", "commander"})

    class Meta:
        verbose_name = verbose_name_plural = "请假（离岗）申请"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="duty_leave_order"
            )
        ]


class SpotCheck(models.Model):
    """查岗: the level above called a unit's duty phone. About the post, never a person's
    whereabouts."""

    unit = models.ForeignKey(Unit, verbose_name="被查单位", on_delete=models.PROTECT)
    checker_unit = models.ForeignKey(
        Unit, verbose_name="查岗单位", on_delete=models.PROTECT, related_name="+"
    )
    checked_by = models.ForeignKey(
        USER, verbose_name="查岗人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("查岗时间")
    phone = models.CharField("拨打电话", max_length=30)
    answered = models.BooleanField("接听")
    answered_by = models.CharField("接听人", max_length=50, blank=True)
    note = models.CharField("情况", max_length=200, blank=True)

    scope = Scope(owner="unit", assigned=("checker_unit",), write_roles=WRITERS)

    class Meta:
        verbose_name = verbose_name_plural = "查岗记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"查岗 {self.unit} {self.at:%Y-%m-%d %H:%M}"


class ReceptionKind(models.TextChoices):
    RECEIVE = "receive", "接访"
    VISIT = "visit", "下访"
    APPOINTMENT = "appointment", "约访"


class Reception(TimeStampedModel):
    """领导接访/下访/约访: which leader receives visitors where and when."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT)
    leader = models.ForeignKey(
        USER,
        verbose_name="接访领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader_name = models.CharField("领导姓名", max_length=50)
    leader_title = models.CharField("职务", max_length=50, blank=True)
    kind = models.CharField("方式", max_length=15, choices=ReceptionKind.choices)
    place = models.CharField("地点", max_length=100)
    starts_at = models.DateTimeField("开始")
    ends_at = models.DateTimeField("结束")
    topics = models.CharField("接访事项", max_length=200, blank=True)
    how_to_book = models.CharField("预约方式", max_length=200, blank=True)
    published = models.BooleanField("向社会公布", default=False)

    scope = Scope(owner="unit", write_roles=frozenset({"admin", "leader", "duty_officer", "clerk"}))

    class Meta:
        verbose_name = verbose_name_plural = "领导接访安排"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="duty_reception_order"
            )
        ]

    def __str__(self) -> str:
        when = f"{self.starts_at:%m-%d}"
        return f"{self.leader_title}{self.leader_name} {self.get_kind_display()} {when}"
