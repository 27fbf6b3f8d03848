"""Regions, units, users and roles, leading and work groups, and the holiday schedule."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property

from huajie.common.models import TimeStampedModel
from huajie.common.scoping import Scope


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县（区）"
    TOWN = "town", "乡镇（街道）"
    VILLAGE = "village", "村（社区）"


class Region(models.Model):
    """An administrative division, keyed by its 12-digit statistical division code."""

    code = models.CharField(
        "区划代码",
        max_length=12,
        primary_key=True,
        validators=[RegexValidator(r"^\d{12}$", "区划代码应为 12 位数字，例如 420102001001。")],
    )
    name = models.CharField("名称", max_length=100)
    level = models.CharField("级别", max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party", "党委"
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "职能部门"
    TOWN = "town", "乡镇（街道）"
    VILLAGE = "village", "村（居）委会"
    SCHOOL = "school", "学校"
    HOSPITAL = "hospital", "医院"
    ENTERPRISE = "enterprise", "企业"
    MEDIATION = "mediation", "人民调解委员会"
    PETITION_OFFICE = "petition_office", "信访工作机构"


class Unit(TimeStampedModel):
    """A unit in the organisation tree. `path` ("/1/4/9/") is maintained by orgs.services."""

    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    code = models.SlugField(
        "单位代码",
        max_length=20,
        unique=True,
        help_text="用于信访事项登记编号，例如 QSX-XFJ。只能包含字母、数字和连字符。",
    )
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.ForeignKey(
        Region, verbose_name="所在区划", null=True, blank=True, on_delete=models.PROTECT
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    path = models.CharField("树路径", max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField("层级", default=0, editable=False)
    is_active = models.BooleanField("启用", default=True)

    scope = Scope(owner="", write_roles=frozenset({"admin"}))  # RoleCode.ADMIN (defined below)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: Unit) -> bool:
        """True when self is `other` or one of its descendants."""
        return self.path.startswith(other.path)


class RoleCode(models.TextChoices):
    CLERK = "clerk", "登记人员"
    HANDLER = "handler", "承办人"
    LEADER = "leader", "领导"
    MEDIATOR = "mediator", "人民调解员"
    DUTY_OFFICER = "duty_officer", "值班员"
    COMMANDER = "commander", "应急指挥"
    ADMIN = "admin", "管理员"


class Role(models.Model):
    code = models.CharField("代码", max_length=20, unique=True, choices=RoleCode.choices)
    name = models.CharField("名称", max_length=30)

    class Meta:
        verbose_name = verbose_name_plural = "角色"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    roles = models.ManyToManyField(Role, verbose_name="角色", blank=True, related_name="users")
    phone = models.CharField("手机号", max_length=20, blank=True)
    title = models.CharField("职务", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(self.roles.values_list("code", flat=True))

    def has_role(self, *codes: str) -> bool:
        return self.is_superuser or bool(self.role_codes & set(codes))


class WorkGroupKind(models.TextChoices):
    LEADING_GROUP = "leading", "领导小组"
    WORK_GROUP = "work", "工作组"


class WorkGroup(TimeStampedModel):
    """A leading group or a work group of a unit; members may come from other units, and those
    units see the group as assigned to them."""

    unit = models.ForeignKey(
        Unit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="work_groups"
    )
    kind = models.CharField("类型", max_length=10, choices=WorkGroupKind.choices)
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name="所属领导小组",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subgroups",
    )
    duties = models.TextField("职责", blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    scope = Scope(
        owner="unit",
        assigned=("members__unit",),
        write_roles=frozenset({RoleCode.ADMIN, RoleCode.LEADER, RoleCode.COMMANDER}),
    )

    class Meta:
        verbose_name = verbose_name_plural = "领导小组/工作组"
        ordering = ["unit__path", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class MemberPosition(models.TextChoices):
    LEADER = "leader", "组长"
    DEPUTY = "deputy", "副组长"
    MEMBER = "member", "成员"


class WorkGroupMember(models.Model):
    group = models.ForeignKey(
        WorkGroup, verbose_name="小组", on_delete=models.CASCADE, related_name="members"
    )
    position = models.CharField("职位", max_length=10, choices=MemberPosition.choices)
    name = models.CharField("姓名", max_length=50)
    user = models.ForeignKey(
        User, verbose_name="系统用户", null=True, blank=True, on_delete=models.SET_NULL
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="所在单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_memberships",
    )
    post = models.CharField("职务", max_length=50, blank=True)
    duties = models.CharField("分工", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "小组成员"
        ordering = ["group", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_position_display()}）"


class HolidaySchedule(TimeStampedModel):
    """A year's working-day schedule from the State Council's annual notice, entered by an admin.

    It overrides the chinesecalendar package for that year (the package covers 2004–2026). Dates
    are one per line, or a range "2027-02-05~2027-02-11"; orgs.holidays parses and validates them.
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    notice = models.CharField("通知文号", max_length=100, help_text="例如 国办发明电〔2026〕7号")
    holidays = models.TextField(
        "放假日期", help_text="每行一个日期或日期范围，例如 2027-01-01 或 2027-02-05~2027-02-11"
    )
    makeup_workdays = models.TextField(
        "调休上班日期", blank=True, help_text="周末调休上班的日期，每行一个，例如 2027-02-14"
    )
    updated_by = models.ForeignKey(
        User,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
    )

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年节假日安排"
