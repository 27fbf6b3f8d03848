"""The petition (信访事项), its petitioners and its registration counter."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from huajie.common.fields import EncryptedTextField
from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope
from huajie.common.timeline import EventSource
from huajie.orgs.models import Region, Unit, User

from ..states import Status
from .choices import Channel, Decision, PetitionClass, ProperChannel, Satisfaction
from .reference import Category

MAX_REPRESENTATIVES = 5  # 《信访工作条例》第二十条: 代表人数不超过5人


def accusation_filter(user: User) -> Q:
    """Accusations (检举控告类) are read only by the people on the case — its registrar, the
    handler and the responsible leader assigned — and, while it is not yet assigned, the leaders
    over the registering unit who route it; never by a leader of the handling unit who is not
    on it, and never by anyone in the accused unit (被反映单位) or a unit under it. Other classes
    are not restricted here."""
    on_case = Q(registered_by=user) | Q(handler=user) | Q(responsible_leader=user)
    if user.unit is not None and "leader" in user.role_codes:
        # The leader's subtree as a list of unit keys compared with the case's own columns (no
        # join per case; see "Scoping" in docs/architecture.md).
        subtree = Unit.objects.filter(path__startswith=user.unit.path).values("pk")
        on_case |= Q(unit_id__in=subtree, handler__isnull=True)
    if user.unit is not None:
        # The user's own unit and the units above it: an accusation naming any of them as the
        # accused is kept from this user.
        above = [int(pk) for pk in user.unit.path.strip("/").split("/") if pk.isdigit()]
        on_case &= ~Q(accused_unit_id__in=above)
    return ~Q(petition_class=PetitionClass.ACCUSATION) | on_case


class Petition(TimeStampedModel):
    unit = models.ForeignKey(
        Unit, verbose_name="登记单位", on_delete=models.PROTECT, related_name="registered_petitions"
    )
    reg_no = models.CharField("登记编号", max_length=40, unique=True)
    reg_year = models.PositiveSmallIntegerField("登记年度")
    reg_seq = models.PositiveIntegerField("年度序号")
    query_code = models.CharField("查询码", max_length=12, unique=True)
    channel = models.CharField("信访形式", max_length=10, choices=Channel.choices)
    petition_class = models.CharField("信访类别", max_length=12, choices=PetitionClass.choices)
    category = models.ForeignKey(
        Category, verbose_name="问题分类", null=True, blank=True, on_delete=models.PROTECT
    )
    region = models.ForeignKey(
        Region, verbose_name="问题属地", null=True, blank=True, on_delete=models.PROTECT
    )
    place = models.CharField("详细地点", max_length=200, blank=True)
    # 检举控告类: the unit of the person or body accused. The case is never assigned or
    # transferred to it or a unit under it, and nobody there reads it (`accusation_filter`).
    accused_unit = models.ForeignKey(
        Unit,
        verbose_name="被反映单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("事项摘要", max_length=100)
    content = models.TextField("信访内容")
    received_on = models.DateField("收到日期")
    registered_by = models.ForeignKey(
        User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    is_group = models.BooleanField("集体访", default=False)
    headcount = models.PositiveIntegerField("人数", default=1)
    higher_ref_no = models.CharField("交办文号", max_length=60, blank=True)
    higher_ref_date = models.DateField("交办日期", null=True, blank=True)
    higher_source = models.CharField("交办机关", max_length=100, blank=True)

    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    version = models.PositiveIntegerField("版本", default=1)
    handling_unit = models.ForeignKey(
        Unit,
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_petitions",
    )
    responsible_leader = models.ForeignKey(
        User,
        verbose_name="包案领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        User,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    not_accepted_reason = models.TextField("不予受理理由", blank=True)
    proper_channel = models.CharField(
        "告知途径", max_length=20, choices=ProperChannel.choices, blank=True
    )
    replied_on = models.DateField("答复日期", null=True, blank=True)
    decision = models.CharField("处理意见", max_length=12, choices=Decision.choices, blank=True)
    satisfaction = models.CharField("评价", max_length=12, choices=Satisfaction.choices, blank=True)
    evaluated_on = models.DateField("评价日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    search_tokens = models.TextField("检索词", blank=True, editable=False)
    # The nearest due date of the running staff clocks (None when none runs): a copy of the clock
    # table kept by `services.clocks` in the same transaction as every clock change, so ledgers,
    # the overdue dashboard and `sort=next_due` read one column instead of the clocks.
    next_due = models.DateField("最近到期日", null=True, blank=True, editable=False)
    # 历史导入: a record imported from an old ledger (closed, or answered before it came here):
    # never overdue, never reminded, not counted in on-time statistics; marked on screens.
    is_history = models.BooleanField("历史导入", default=False, editable=False)
    # 匿名: an anonymous letter or online accusation, registered without a name or contact. Nobody
    # can be sent a written notice or be visited; no acceptance-notice clock runs.
    is_anonymous = models.BooleanField("匿名", default=False)
    # Where the registration came from (网页, 接口, 导入, 网上信访 …): the source of its REGISTERED
    # event, kept on the case so the ledger filters by it without reading the timeline.
    source = models.CharField(
        "登记来源", max_length=10, choices=EventSource.choices, default=EventSource.WEB
    )

    scope = Scope(
        owner="unit",
        assigned=("handling_unit", "reviews__reviewing_unit"),
        restrict=accusation_filter,
    )

    class Meta:
        verbose_name = verbose_name_plural = "信访事项"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "reg_year", "reg_seq"], name="petition_unique_seq"
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="petition_headcount"),
            models.CheckConstraint(
                condition=Q(is_group=False) | Q(headcount__gte=2), name="petition_group_headcount"
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.HIGHER) | ~Q(higher_ref_no=""),
                name="petition_higher_needs_ref",
            ),
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(is_group=False),
                name="petition_anonymous_not_group",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "-received_on"], name="petition_unit_recv"),
            models.Index(fields=["handling_unit", "status"], name="petition_handling"),
            models.Index(fields=["status", "-received_on"], name="petition_status_recv"),
            # The ledger's default order: a page is an index walk that stops after 25 rows.
            models.Index(fields=["-received_on", "-id"], name="petition_recv"),
            # Due order (cases without a running limit last), with what scoping and the overdue
            # dashboard read: the dashboard is a range of this index, index-only on PostgreSQL
            # (SQLite ignores INCLUDE); `sort=next_due` is a walk that stops after the page.
            models.Index(
                fields=["next_due", "id"],
                name="petition_next_due",
                include=[
                    "unit",
                    "handling_unit",
                    "responsible_leader",
                    "status",
                    "petition_class",
                    "registered_by",
                    "handler",
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reg_no} {self.title}"


class Petitioner(TimeStampedModel):
    """A person who petitions. ID and phone numbers are encrypted at rest; `id_index` and
    `phone_index` are keyed hashes (blind indexes) that find the same person without storing the
    number in clear."""

    name = models.CharField("姓名", max_length=50, db_index=True)
    id_number = EncryptedTextField("身份证号", blank=True)
    id_index = models.CharField("身份证号索引", max_length=64, blank=True, db_index=True)
    phone = EncryptedTextField("联系电话", blank=True)
    # The ledger finds a returning petitioner by phone through this keyed hash (never decrypting).
    phone_index = models.CharField("联系电话索引", max_length=64, blank=True, db_index=True)
    address = models.CharField("住址", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "信访人"

    def __str__(self) -> str:
        return self.name


class PetitionParty(models.Model):
    """A petitioner on a case. Representatives of a group visit hold a slot 1–5: the unique
    slot per case and the range check enforce "at most 5" in the database itself.

    `given_*` hold what the person typed for this case when the registration kept it off the
    petitioner's file (the portal: nobody there has proved who they are, so a name and an ID
    number must not let them rewrite someone's file). The case's contact is then the given one
    (`contact_phone`, `contact_address`); staff can adopt it into the file, an audited step."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="parties")
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="cases")
    representative_slot = models.PositiveSmallIntegerField("代表序号", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    given_name = models.CharField("本案填写的姓名", max_length=50, blank=True)
    given_phone = EncryptedTextField("本案填写的联系电话", blank=True)
    given_phone_index = models.CharField(
        "本案填写的联系电话索引", max_length=64, blank=True, db_index=True
    )
    given_address = models.CharField("本案填写的住址", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "信访人（事项）"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "petitioner"], name="party_unique"),
            models.UniqueConstraint(
                fields=["petition", "representative_slot"], name="party_unique_rep_slot"
            ),
            models.CheckConstraint(
                condition=Q(representative_slot__isnull=True)
                | Q(representative_slot__gte=1, representative_slot__lte=MAX_REPRESENTATIVES),
                name="party_rep_slot_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.petitioner_id}"

    @property
    def kept_apart(self) -> bool:
        """The contact typed for this case was kept off the petitioner's file."""
        return bool(self.given_name)

    @property
    def contact_phone(self) -> str:
        """The phone of this case: the one given for it when kept apart, else the file's."""
        return str(self.given_phone if self.kept_apart else self.petitioner.phone)

    @property
    def contact_address(self) -> str:
        return str(self.given_address if self.kept_apart else self.petitioner.address)

    def contact_changes(self) -> dict[str, tuple[str, str]]:
        """What adopting this case's contact would change in the file: field → (file, given)."""
        if not self.kept_apart:
            return {}
        person = self.petitioner
        pairs = {
            "phone": (person.phone, self.given_phone),
            "address": (person.address, self.given_address),
        }
        return {k: (str(old), str(new)) for k, (old, new) in pairs.items() if new and new != old}

    @property
    def name_differs(self) -> bool:
        return self.kept_apart and self.given_name != self.petitioner.name
