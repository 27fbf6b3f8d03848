from django.db import models


class Channel(models.TextChoices):
    VISIT = "visit", "来访"
    LETTER = "letter", "来信"
    PHONE = "phone", "来电"
    ONLINE = "online", "网上信访"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    HIGHER = "higher", "上级交办"


class PetitionClass(models.TextChoices):
    SUGGESTION = "suggestion", "建议意见类"
    ACCUSATION = "accusation", "检举控告类"
    COMPLAINT = "complaint", "申诉求决类"


class ProperChannel(models.TextChoices):
    """诉访分离: where a matter that petitioning cannot decide should go instead."""

    LITIGATION = "litigation", "向人民法院提起诉讼"
    ARBITRATION = "arbitration", "申请仲裁"
    LABOR_ARBITRATION = "labor_arbitration", "申请劳动人事争议仲裁"
    RECONSIDERATION = "reconsideration", "申请行政复议"
    DISCIPLINE = "discipline", "向纪检监察机关检举控告"
    OTHER_LEGAL = "other_legal", "其他法定途径"
    NOT_APPLICABLE = "na", "无须其他途径（已处理或不属信访）"


class Decision(models.TextChoices):
    SUPPORT = "support", "支持"
    EXPLAIN = "explain", "解释说明"
    NOT_SUPPORT = "not_support", "不予支持"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class ClockKind(models.TextChoices):
    ROUTE = "route", "登记转交办"
    ACCEPTANCE_NOTICE = "acceptance_notice", "受理告知"
    OBJECTION = "objection", "异议（非本单位职权）"
    HANDLING = "handling", "办理"
    REVIEW_REQUEST = "review_request", "复查申请期"
    REVIEW_ANSWER = "review_answer", "复查答复"
    REREVIEW_REQUEST = "rereview_request", "复核申请期"
    REREVIEW_ANSWER = "rereview_answer", "复核答复"


# Windows belong to the petitioner: they bound a request, they are never "late" for staff.
PETITIONER_WINDOWS = frozenset({ClockKind.REVIEW_REQUEST, ClockKind.REREVIEW_REQUEST})

RULE_FOR_CLOCK = {
    ClockKind.ROUTE: "petition.register_route",
    ClockKind.ACCEPTANCE_NOTICE: "petition.acceptance_notice",
    ClockKind.OBJECTION: "petition.objection_not_competent",
    ClockKind.HANDLING: "petition.handling",
    ClockKind.REVIEW_REQUEST: "petition.review_request",
    ClockKind.REVIEW_ANSWER: "petition.review_answer",
    ClockKind.REREVIEW_REQUEST: "petition.rereview_request",
    ClockKind.REREVIEW_ANSWER: "petition.rereview_answer",
}


class Outcome(models.TextChoices):
    ON_TIME = "on_time", "按期"
    LATE = "late", "超期"
