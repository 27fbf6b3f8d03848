"""The dispute (纠纷) of the register, its parties, its clocks and its timeline."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from huajie.common.fields import EncryptedTextField
from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope
from huajie.common.timeline import TimelineEvent
from huajie.orgs.models import Region, Unit, User
from huajie.timelimits.models import DayClock

from ..clocks import ClockKind
from ..oversight import overseen_by
from ..states import Status
from .choices import (
    AgreementForm,
    Confirmation,
    DisputeClass,
    Gender,
    Level,
    PartyKind,
    Performance,
    Procedure,
    ReferralTo,
    Route,
    Side,
    Source,
)


class DisputeType(models.Model):
    """纠纷类型, an admin-editable tree. `status_matter`: matters of status, adoption or marriage
    (《人民调解法》第三十三条 does not allow judicial confirmation of those)."""

    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    status_matter = models.BooleanField(
        "涉及身份关系（婚姻、收养等），不能申请司法确认", default=False
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "纠纷类型"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="med_type_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id and self.parent else self.name


class Dispute(TimeStampedModel):
    unit = models.ForeignKey(
        Unit, verbose_name="调解组织", on_delete=models.PROTECT, related_name="disputes"
    )
    origin_unit = models.ForeignKey(
        Unit,
        verbose_name="登记单位",
        on_delete=models.PROTECT,
        related_name="registered_disputes",
    )
    level = models.CharField("调处层级", max_length=16, choices=Level.choices)
    reg_no = models.CharField("纠纷编号", max_length=40, unique=True)
    reg_year = models.PositiveSmallIntegerField("登记年度")
    reg_seq = models.PositiveIntegerField("年度序号")
    title = models.CharField("纠纷摘要", max_length=100)
    summary = models.TextField("纠纷简要情况")
    dispute_type = models.ForeignKey(
        DisputeType, verbose_name="纠纷类型", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name="发生地", null=True, blank=True, on_delete=models.PROTECT
    )
    place = models.CharField("详细地点", max_length=200, blank=True)
    dispute_class = models.PositiveSmallIntegerField("纠纷等级", choices=DisputeClass.choices)
    class_reason = models.CharField("定级理由", max_length=200, blank=True)
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    source_note = models.CharField("来源说明", max_length=200, blank=True)
    screening_round = models.ForeignKey(
        "mediation.ScreeningRound",
        verbose_name="排查轮次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_disputes",
    )
    procedure = models.CharField("程序", max_length=8, choices=Procedure.choices)
    risk_note = models.TextField(
        "风险提示", blank=True, help_text="描述纠纷本身可能激化的情形，不评价、不列举个人。"
    )
    received_on = models.DateField("受理申请（发现）日期")
    registered_by = models.ForeignKey(
        User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    mediator = models.ForeignKey(
        User,
        verbose_name="主持调解员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    co_mediators = models.CharField("其他调解员", max_length=100, blank=True)

    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    version = models.PositiveIntegerField("版本", default=1)
    next_due = models.DateField("最近到期日", null=True, blank=True, editable=False)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    declined_reason = models.TextField("不予受理理由", blank=True)
    route = models.CharField("告知的其他途径", max_length=16, choices=Route.choices, blank=True)
    route_note = models.TextField("告知情况", blank=True)
    referred_to = models.CharField(
        "移送去向", max_length=12, choices=ReferralTo.choices, blank=True
    )
    ended_on = models.DateField("调解终结日期", null=True, blank=True)
    failure_reasons = models.JSONField("调解不成原因", default=list, blank=True)
    agreement_form = models.CharField(
        "协议形式", max_length=8, choices=AgreementForm.choices, blank=True
    )
    agreement_on = models.DateField("协议生效日期", null=True, blank=True)
    performance = models.CharField(
        "履行情况", max_length=10, choices=Performance.choices, blank=True
    )
    performed_on = models.DateField("履行完毕日期", null=True, blank=True)
    confirmation = models.CharField(
        "司法确认", max_length=12, choices=Confirmation.choices, blank=True
    )
    confirmation_on = models.DateField("司法确认日期", null=True, blank=True)
    confirmation_court = models.CharField("确认法院", max_length=100, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    intake_label = models.CharField("转来自", max_length=200, blank=True)
    # The hand-off token of the record it came from (`common.intake`, e.g. "petition:42"): that
    # record hears how the dispute ended (an agreement ends a petition, 条例第三十三条).
    intake_source = models.CharField("来源记录", max_length=100, blank=True, editable=False)

    # The town's mediation committee reads its villages' disputes (`oversight.overseen_by`).
    scope = Scope(owner="unit", assigned=("origin_unit",), reads_as=overseen_by)

    class Meta:
        verbose_name = verbose_name_plural = "矛盾纠纷"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["origin_unit", "reg_year", "reg_seq"], name="dispute_unique_seq"
            ),
            models.CheckConstraint(
                condition=Q(dispute_class__gte=1, dispute_class__lte=3), name="dispute_class_range"
            ),
        ]
        indexes = [
            models.Index(fields=["-received_on", "-id"], name="dispute_recv"),
            models.Index(fields=["unit", "status"], name="dispute_unit_status"),
            models.Index(fields=["next_due", "id"], name="dispute_next_due"),
            models.Index(fields=["mediator", "status"], name="dispute_mediator"),
        ]

    def __str__(self) -> str:
        return f"{self.reg_no} {self.title}"


class Party(models.Model):
    """A party on one side of a dispute: a person or an organisation. A person's ID and phone
    numbers are encrypted at rest; `id_index` (a keyed hash) finds the same person."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField("当事方", max_length=12, choices=Side.choices)
    kind = models.CharField("类别", max_length=12, choices=PartyKind.choices)
    name = models.CharField("姓名或名称", max_length=100)
    id_number = EncryptedTextField("身份证号", blank=True)
    id_index = models.CharField("身份证号索引", max_length=64, blank=True, db_index=True)
    phone = EncryptedTextField("联系电话", blank=True)
    address = models.CharField("住址或住所", max_length=200, blank=True)
    # The basic details a written agreement states (《人民调解工作若干规定》第三十五条); gender and
    # birth date are read from a valid ID number when not given.
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True)
    occupation = models.CharField("职业或工作单位", max_length=100, blank=True)
    representative_title = models.CharField("法定代表人职务", max_length=50, blank=True)
    org_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    representative = models.CharField("法定代表人或代理人", max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "纠纷当事人"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class DisputeClock(DayClock):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField("时限", max_length=20, choices=ClockKind.choices)

    class Meta(DayClock.Meta):
        verbose_name = verbose_name_plural = "调解时限"
        constraints = [
            models.UniqueConstraint(
                fields=["dispute", "kind", "round"], name="dispute_clock_unique"
            ),
            models.CheckConstraint(
                condition=Q(extension_days=0) | ~Q(extension_reason=""),
                name="dispute_clock_ext_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due", "dispute", "kind"],
                name="dispute_clock_running",
                condition=Q(stopped_on__isnull=True, due__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"


class EventKind(models.TextChoices):
    REGISTERED = "registered", "登记"
    TRANSITION = "transition", "状态变更"
    SESSION = "session", "调解笔录"
    AGREEMENT = "agreement", "调解协议"
    EXTENSION = "extension", "延长调解期限"
    ESCALATION = "escalation", "提级调处"
    REFERRAL = "referral", "移送"
    CONFIRMATION = "confirmation", "司法确认"
    TERM = "term", "履行事项"
    URGE = "urge", "督促履行"
    RETURN_VISIT = "return_visit", "回访"
    DOCUMENT = "document", "出具文书"
    LINK = "link", "关联"
    FULL_VIEW = "full_view", "查看完整个人信息"
    NOTE = "note", "工作记录"


class DisputeEvent(TimelineEvent):
    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("类型", max_length=16, choices=EventKind.choices)

    class Meta(TimelineEvent.Meta):
        verbose_name = verbose_name_plural = "纠纷办理记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
