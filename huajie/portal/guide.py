"""What the guide (信访须知) says before a petitioner writes: what petitions are for, which matters
belong elsewhere (诉访分离) and where to go, how long each step takes by law (read from the rule
table in force, so an admin's edit shows here too) and the leader reception days the staff
modules publish (`common.publish`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from huajie.common.publish import PublicReception, published_receptions
from huajie.deadlines import DayKind, DeadlineRule
from huajie.timelimits.rules import rules_by_code

PURPOSES = [
    "对各级机关、单位及其工作人员的工作提出建议、意见（建议意见类）；",
    "检举、控告机关、单位及其工作人员的违纪违法行为（检举控告类）；",
    "对涉及本人合法权益的事项提出申诉、求决（申诉求决类）。",
]


@dataclass(frozen=True)
class Elsewhere:
    matter: str  # what the matter is
    where: str  # the organ that decides it
    how: str  # what to do, with its own limit where the law sets one


# 《信访工作条例》第二十九至三十一条: 应当通过诉讼、仲裁、行政复议等法定途径解决的，告知信访人
# 依照有关法律、行政法规规定程序向有关机关提出。
ELSEWHERE = [
    Elsewhere(
        "民事纠纷（借款、合同、侵权、婚姻家庭、邻里、物业等），已经或者应当通过诉讼解决的",
        "人民法院",
        "向有管辖权的人民法院起诉；也可以先申请人民调解（村、社区人民调解委员会免费调解）。",
    ),
    Elsewhere(
        "劳动争议（拖欠工资、解除劳动合同、工伤待遇、社会保险待遇等）",
        "劳动人事争议仲裁委员会",
        "自知道或者应当知道权利被侵害之日起一年内申请劳动争议仲裁（《劳动争议调解仲裁法》"
        "第二十七条）；拖欠工资也可以向人力资源和社会保障局劳动保障监察机构投诉。",
    ),
    Elsewhere(
        "合同中约定了仲裁的经济纠纷",
        "仲裁委员会",
        "按照合同约定向仲裁委员会申请仲裁。",
    ),
    Elsewhere(
        "对行政机关作出的罚款、许可、征收补偿决定等行政行为不服的",
        "行政复议机关（一般为县级以上人民政府）",
        "自知道该行政行为之日起六十日内申请行政复议（《行政复议法》第二十条），"
        "或者依法向人民法院提起行政诉讼。",
    ),
    Elsewhere(
        "检举公职人员违纪、职务违法和职务犯罪的",
        "纪检监察机关",
        "向纪委监委信访室或其网站、12388举报电话检举控告；本平台受理的检举控告类事项，"
        "材料不会转给被检举人。",
    ),
    Elsewhere(
        "对人民法院已经生效的判决、裁定不服的",
        "人民法院、人民检察院",
        "依法申请再审，或者向人民检察院申请监督。",
    ),
]


@dataclass(frozen=True)
class Step:
    name: str
    limit: str  # "15日" / "5个工作日"
    start: str
    source: str
    note: str = ""


# The petitioner-facing name of each limit, by the rule codes petitions registers.
STEPS = [
    ("petition.register_route", "登记并转送、交办有权处理的机关", ""),
    ("petition.acceptance_notice", "书面告知是否受理", ""),
    ("petition.handling", "办理并出具书面答复（信访处理意见书）", "情况复杂的可延期一次"),
    ("petition.review_request", "您不服答复的，申请复查", "向上一级机关提出"),
    ("petition.review_answer", "复查机关作出复查意见", ""),
    ("petition.rereview_request", "您不服复查意见的，申请复核", "复核意见为终结意见"),
    ("petition.rereview_answer", "复核机关作出复核意见", "听证时间不计入"),
]


def limit_words(rule: DeadlineRule) -> str:
    return f"{rule.days}个工作日" if rule.kind == DayKind.WORKING else f"{rule.days}日"


def statutory_steps() -> list[Step]:
    rules = rules_by_code(code for code, _, _ in STEPS)
    steps = []
    for code, name, note in STEPS:
        rule = rules[code]
        if not isinstance(rule, DeadlineRule):
            continue
        extension = f"；可延长不超过{rule.max_extension_days}日" if rule.max_extension_days else ""
        steps.append(Step(name, limit_words(rule), rule.start_event, rule.source, note + extension))
    return steps


def receptions(today: date, days: int = 31) -> list[PublicReception]:
    """Published leader receptions from today for about a month."""
    return published_receptions(today, today + timedelta(days=days))
