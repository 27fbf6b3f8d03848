"""Demo keyword rules for the cold start (called by `manage.py seed_demo` after the county and
the category tree): a visit about unpaid wages proposes 劳动和社会保障 and the county's
human-resources bureau until there is history enough to train a model. Idempotent."""

from __future__ import annotations

from typing import Any

from huajie.orgs.models import Unit, User
from huajie.petitions.models import Category

from .models import KeywordRule
from .services import keyword_rule_save

# (category path, keywords, unit code of the demo county)
RULES = [
    (
        "劳动和社会保障/工资福利/工资发放",
        "拖欠工资、欠薪、讨薪、工资不发、农民工工资、工钱",
        "QHX-RSJ",
    ),
    (
        "劳动和社会保障/城镇职工社会保险/职工养老保险",
        "养老保险、社保缴费、退休金、养老金",
        "QHX-RSJ",
    ),
    ("劳动和社会保障/劳动关系/劳动合同纠纷", "劳动合同、辞退、解除合同、加班费", "QHX-RSJ"),
    ("城乡建设/城市建设和市政管理/小区管理", "物业、小区、业主委员会、电梯", "QHX-ZJJ"),
    ("城乡建设/城乡规划/违章建筑", "违建、违章建筑、私搭乱建", "QHX-ZJJ"),
    ("教育文体/教育收费/乱收费", "学费、乱收费、补课费", "QHX-JYJ"),
    ("教育文体/考试招生/招生录取", "入学、招生、学位、划片", "QHX-JYJ"),
    ("卫生计生/医患纠纷/医疗事故争议", "医疗事故、医院、误诊、医疗纠纷", "QHX-WJJ"),
    ("民政/社会救助/农村低保", "低保、救助、特困", "QHX-MZJ"),
    ("农村农业/土地承包经营/土地承包", "土地承包、土地流转、承包地", "QHX-NYJ"),
    ("商贸旅游/市场监管/商品质量", "假货、商品质量、消费者、退货", "QHX-SJJ"),
    ("环境保护/环境污染/噪音污染", "噪音、噪声、扰民", "QHX-ZJJ"),
]


def _category(path: str) -> Category | None:
    """The leaf if the tree has it, else the nearest ancestor present (the demo may run with
    only the seven first-level classes)."""
    parts = path.split("/")
    for depth in range(len(parts), 0, -1):
        found = Category.objects.filter(full_name="/".join(parts[:depth])).first()
        if found is not None:
            return found
    return None


def seed(stdout: Any) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return
    created = 0
    for path, words, code in RULES:
        category = _category(path)
        if category is None or KeywordRule.objects.filter(category=category).exists():
            continue
        keyword_rule_save(
            category=category,
            keyword_text=words,
            unit=Unit.objects.filter(code=code).first(),
            acting_user=admin,
        )
        created += 1
    stdout.write(f"分流建议：关键词规则 {created} 条（历史不足时按规则建议）。")
