"""The vocabularies of the dispute register."""

from __future__ import annotations

from django.db import models


class DisputeClass(models.IntegerChoices):
    """一类 the largest and most complex (return visit within a month), 三类 the smallest."""

    ONE = 1, "一类"
    TWO = 2, "二类"
    THREE = 3, "三类"


class Source(models.TextChoices):
    SCREENING = "screening", "排查发现"
    WALK_IN = "walk_in", "当事人申请"
    PETITION = "petition", "信访转来"
    POLICE = "police", "公安机关移送"
    COURT = "court", "人民法院委派"
    PETITION_OFFICE = "petition_office", "信访办转来"
    HIGHER = "higher", "上级交办"
    DUTY = "duty", "值班来电"


class Procedure(models.TextChoices):
    SIMPLE = "simple", "简易程序（当场调解登记）"
    FULL = "full", "一般程序"


class Level(models.TextChoices):
    """The escalation ladder: 小事不出村、大事不出镇."""

    VILLAGE = "village", "村（居）调委会"
    VILLAGE_HEAD = "village_head", "村（居）委会主任"
    TOWN = "town", "乡镇（街道）调委会"
    TOWN_LEADER = "town_leader", "乡镇分管领导"
    TOWN_PRINCIPAL = "town_principal", "乡镇主要领导"
    COUNTY = "county", "县级联合调解"


class Side(models.TextChoices):
    APPLICANT = "applicant", "申请方"
    RESPONDENT = "respondent", "被申请方"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class Route(models.TextChoices):
    """Where parties are told to go when mediation declines, fails or is not performed."""

    COURT = "court", "向人民法院起诉"
    ARBITRATION = "arbitration", "申请仲裁（劳动、土地承包）"
    POLICE = "police", "向公安机关报案"
    ADMINISTRATIVE = "administrative", "申请行政机关处理"
    PETITION = "petition", "依法信访"


class ReferralTo(models.TextChoices):
    POLICE = "police", "公安派出所"
    COURT = "court", "人民法院"
    PETITION = "petition", "信访部门"
    DEPARTMENT = "department", "行政主管部门"


class FailureReason(models.TextChoices):
    WITHDREW = "withdrew", "一方当事人撤回或拒绝调解"
    NO_AGREEMENT = "no_agreement", "经调解未能达成协议"
    UNREACHABLE = "unreachable", "一方当事人无法联系"
    OUT_OF_SCOPE = "out_of_scope", "不属于人民调解范围"


class AgreementForm(models.TextChoices):
    ORAL = "oral", "口头协议"
    WRITTEN = "written", "书面协议"


class Confirmation(models.TextChoices):
    CONFIRMED = "confirmed", "人民法院裁定确认有效"
    REJECTED = "rejected", "人民法院裁定驳回申请"
    NOT_APPLIED = "not_applied", "当事人未申请"


class Performance(models.TextChoices):
    PERFORMED = "performed", "已履行"
    PARTLY = "partly", "部分履行"
    NOT = "not", "未履行"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class VisitMethod(models.TextChoices):
    HOME = "home", "上门回访"
    PHONE = "phone", "电话回访"
    VISIT = "visit", "来访回访"
