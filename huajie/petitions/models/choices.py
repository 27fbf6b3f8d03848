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


class ToldMethod(models.TextChoices):
    """How the petitioner was told of an extension when no 延期告知书 was issued here."""

    IN_PERSON = "in_person", "当面告知"
    MAIL = "mail", "邮寄书面告知"
    PHONE = "phone", "电话告知"
    SMS = "sms", "短信告知"
    ONLINE = "online", "网上答复"
