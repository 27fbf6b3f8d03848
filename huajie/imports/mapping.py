"""Which sheet column feeds which petition field, and how a sheet's words become our codes.

Every office's sheet differs, so nothing here assumes a column: a mapping is chosen per sheet,
pre-filled from a synonym table of the header names clerks and platforms actually use (exact
matches only — "内容长度" must never pass for "内容"), or from a built-in preset, or from a
mapping the unit saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl.workbook.workbook import Workbook

from huajie.petitions.models import Channel, Decision, PetitionClass

from .sheets import header_label, inspect_sheet


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False
    help: str = ""


TARGETS: tuple[Target, ...] = (
    Target(
        "source_id",
        "原编号",
        ("留言编号", "登记编号", "编号", "工单编号", "信件编号", "来信编号", "案件编号", "原编号"),
        help="表中每行自己的编号；有了它，同一文件再导入不会重复登记",
    ),
    Target(
        "received_on",
        "收到日期",
        (
            "收到日期",
            "留言时间",
            "来信日期",
            "来访日期",
            "来电时间",
            "登记时间",
            "登记日期",
            "受理时间",
            "诉求时间",
            "提交时间",
            "反映时间",
            "时间",
            "日期",
        ),
        required=True,
    ),
    Target(
        "title",
        "事项摘要",
        ("事项摘要", "标题", "留言主题", "主题", "诉求标题", "事由", "摘要"),
        help="不选则取信访内容的前30个字",
    ),
    Target(
        "content",
        "信访内容",
        (
            "信访内容",
            "留言详情",
            "投诉件内容",
            "内容",
            "诉求内容",
            "反映内容",
            "来信内容",
            "问题描述",
            "详情",
        ),
        required=True,
    ),
    Target(
        "petitioner",
        "信访人",
        (
            "信访人",
            "信访人姓名",
            "留言用户",
            "姓名",
            "来信人",
            "来访人",
            "诉求人",
            "反映人",
            "投诉人",
        ),
        help="不选则记为“（未留姓名）”；网名或用户编号也可作为姓名",
    ),
    Target("id_number", "身份证号", ("身份证号", "身份证号码", "公民身份号码", "证件号码")),
    Target("phone", "联系电话", ("联系电话", "手机号", "手机号码", "电话号码", "联系方式")),
    Target("address", "住址", ("住址", "家庭住址", "联系地址", "地址")),
    Target(
        "channel",
        "信访形式",
        ("信访形式", "信息来源", "来源", "渠道", "信访方式", "诉求来源", "来信方式"),
        help="不选或认不出时用下方的默认信访形式",
    ),
    Target(
        "petition_class",
        "信访类别",
        ("信访类别", "性质", "诉求性质", "信访性质", "类别", "诉求类型"),
        help="建议→建议意见类，举报/检举/控告→检举控告类，其余→申诉求决类",
    ),
    Target(
        "category",
        "问题分类",
        ("问题分类", "一级分类", "分类", "问题类别", "内容分类"),
        help="按名称对应系统中的问题分类；对应不上的留空",
    ),
    Target("region", "问题属地", ("问题属地", "属地", "区划"), help="区划代码或名称"),
    Target(
        "reply",
        "答复意见",
        ("答复意见", "回复1", "回复内容", "答复内容", "回复", "答复"),
        help="有答复意见的行作为已答复并办结的事项导入（须由领导操作）",
    ),
    Target("replied_on", "答复日期", ("答复日期", "答复时间", "回复时间", "回复日期")),
    Target("decision", "处理意见", ("处理意见",), help="支持、解释说明或不予支持；默认解释说明"),
)
TARGET_KEYS = frozenset(t.key for t in TARGETS)
TARGET_LABELS = {t.key: t.label for t in TARGETS}
KNOWN_HEADERS = frozenset(s for t in TARGETS for s in t.synonyms)

AUTO = "auto"
HUAJIE_EXPORT = "huajie export"
# Built-in presets, chosen automatically when every column they name is in the sheet.
PRESETS: dict[str, tuple[str, dict[str, str]]] = {
    HUAJIE_EXPORT: (
        "化解台账导出",
        {
            "source_id": "登记编号",
            "received_on": "收到日期",
            "title": "事项摘要",
            "content": "信访内容",
            "channel": "信访形式",
            "petition_class": "信访类别",
            "category": "问题分类",
            "region": "问题属地",
        },
    ),
}
TAXONOMY_HEADERS = frozenset({"一级分类", "二级分类", "三级分类"})

# What a row without a reply becomes: 历史导入 (a closed record, no clocks) or open work (clocks
# from the date received). A row with a reply is always imported as answered and closed.
HISTORY, OPEN_WORK = "history", "open"
OPEN_AS_CHOICES = [
    (HISTORY, "历史记录：作为已办结的历史记录导入，不计时限、不催办、不进入待办和期限预警"),
    (OPEN_WORK, "待办事项：作为尚未办理的事项导入，自收到日期起计算办理期限"),
]
DEFAULTS = {
    "channel": Channel.ONLINE.value,
    "petition_class": PetitionClass.COMPLAINT.value,
    "open_as": HISTORY,
}


@dataclass
class Mapping:
    """Target field → sheet column label, plus the values used when a cell says nothing."""

    columns: dict[str, str]
    defaults: dict[str, str]
    preset: str = AUTO

    def as_json(self) -> dict[str, Any]:
        return {"columns": dict(self.columns), "defaults": dict(self.defaults)}

    @classmethod
    def from_json(cls, data: dict[str, Any], *, preset: str = AUTO) -> Mapping:
        columns = {k: str(v) for k, v in (data.get("columns") or {}).items() if k in TARGET_KEYS}
        given = data.get("defaults") or {}
        defaults = dict(DEFAULTS)
        if given.get("channel") in Channel.values and given["channel"] != Channel.HIGHER:
            defaults["channel"] = given["channel"]
        if given.get("petition_class") in PetitionClass.values:
            defaults["petition_class"] = given["petition_class"]
        if given.get("open_as") in (HISTORY, OPEN_WORK):
            defaults["open_as"] = given["open_as"]
        return cls(columns=columns, defaults=defaults, preset=preset)

    @property
    def as_history(self) -> bool:
        """Rows without a reply come in as history (closed records) rather than open work."""
        return self.defaults.get("open_as", HISTORY) == HISTORY


def is_known_header(label: str) -> bool:
    return label in KNOWN_HEADERS


def is_taxonomy(labels: Iterable[str]) -> bool:
    present = set(labels)
    return TAXONOMY_HEADERS <= present and not any(
        s in present for s in _target("content").synonyms
    )


def detect(labels: Iterable[str]) -> Mapping:
    """A preset when the sheet has all of its columns, else the synonym table."""
    present = [header_label(label) for label in labels]
    for key, (_name, columns) in PRESETS.items():
        if set(columns.values()) <= set(present):
            return Mapping(columns=dict(columns), defaults=dict(DEFAULTS), preset=key)
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for target in TARGETS:
        label = next((s for s in target.synonyms if s in present and s not in used), None)
        if label is not None:
            chosen[target.key] = label
            used.add(label)
    return Mapping(columns=chosen, defaults=dict(DEFAULTS))


def first_ledger_sheet(workbook: Workbook) -> str:
    """The first sheet with a content column and a date column (the summary sheet of a
    workbook that also holds statistics), else the first sheet."""
    for name in workbook.sheetnames:
        columns = detect(inspect_sheet(workbook, name, is_known_header).labels()).columns
        if "content" in columns and "received_on" in columns:
            return name
    return str(workbook.sheetnames[0])


def preset(name: str) -> Mapping | None:
    if name not in PRESETS:
        return None
    return Mapping(columns=dict(PRESETS[name][1]), defaults=dict(DEFAULTS), preset=name)


def _target(key: str) -> Target:
    return next(t for t in TARGETS if t.key == key)


# --- values -----------------------------------------------------------------------------------

_CHANNEL_WORDS: tuple[tuple[Channel, tuple[str, ...]], ...] = (
    (Channel.EMAIL, ("电子邮件", "邮件", "邮箱", "email", "e-mail")),
    (Channel.FAX, ("传真",)),
    (Channel.HIGHER, ("上级交办", "交办", "转办")),
    (
        Channel.ONLINE,
        (
            "网上",
            "网站",
            "网络",
            "网页",
            "平台",
            "留言",
            "app",
            "客户端",
            "微信",
            "微博",
            "qq",
            "短信",
            "信息系统",
        ),
    ),
    (Channel.PHONE, ("来电", "电话", "热线")),
    (Channel.LETTER, ("来信", "信件", "书信", "写信", "信函")),
    (Channel.VISIT, ("来访", "走访", "到访", "上访", "接访")),
)


def channel_for(text: str) -> str | None:
    """The channel a sheet's word means ("网站", "e福州app", "来电", our own labels), or None."""
    word = text.strip().lower()
    if not word:
        return None
    for choice in Channel:
        if word in (choice.value, choice.label):
            return choice.value
    for channel, words in _CHANNEL_WORDS:
        if any(w in word for w in words):
            return channel.value
    return None


def class_for(text: str) -> str | None:
    """建议/意见 → suggestion; 举报/检举/控告 → accusation; any other word (投诉, 咨询, 求助,
    申诉…) → complaint. None for an empty cell."""
    word = text.strip().lower()
    if not word:
        return None
    for choice in PetitionClass:
        if word in (choice.value, choice.label):
            return choice.value
    if any(w in word for w in ("举报", "检举", "控告")):
        return PetitionClass.ACCUSATION.value
    if any(w in word for w in ("建议", "意见")):
        return PetitionClass.SUGGESTION.value
    return PetitionClass.COMPLAINT.value


def decision_for(text: str) -> str | None:
    word = text.strip()
    for choice in Decision:
        if word in (choice.value, choice.label):
            return choice.value
    return None
