"""What the model learns from: the deployment's own cases, read from the petitions tables.

- the category: the one finally recorded on the case (`Petition.category`, active categories);
- the unit: the one that actually handled the case. `Petition.handling_unit` is the unit a case
  is transferred or assigned to; a return (退回) clears it, a new transfer or assignment replaces
  it, and a receiving organ that assigns the case on replaces it with its own handler. So the
  column names the handler only once the case has been handled there: from 开始办理 on
  (办理中, answered, evaluated, closed, under review), archived after acceptance, or an imported
  history record. A case still 已转送/已交办 may yet be returned, and teaches nothing about units.

Only the text is read — the summary and the content — never who petitioned, their history or
their unit (DOMAIN.md, privacy).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from huajie.petitions.models import Category, Petition
from huajie.petitions.selectors import handled_by_unit as handled_filter

from .engine import document

SEPARATORS = re.compile(r"[\s,，、;；|/]+")


def keywords(text: str) -> list[str]:
    return [w for w in SEPARATORS.split(text or "") if w]


@dataclass
class History:
    docs: list[str]
    categories: list[str | None]
    units: list[str | None]

    @property
    def labelled(self) -> int:
        return sum(1 for c in self.categories if c)


def _rows(limit: int | None) -> Iterator[tuple[str, str, int | None, int | None]]:
    active = set(Category.objects.filter(is_active=True).values_list("pk", flat=True))
    handled = set(Petition.objects.filter(handled_filter()).values_list("pk", flat=True).iterator())
    rows = Petition.objects.order_by("-id").values_list(
        "pk", "title", "content", "category_id", "handling_unit_id"
    )
    if limit:
        rows = rows[:limit]
    for pk, title, content, category_id, unit_id in rows.iterator(chunk_size=2000):
        yield (
            title,
            content,
            category_id if category_id in active else None,
            unit_id if pk in handled else None,
        )


def history(limit: int | None = None) -> History:
    """Every case with a category or a handling unit to learn, newest first."""
    out = History(docs=[], categories=[], units=[])
    for title, content, category_id, unit_id in _rows(limit):
        if category_id is None and unit_id is None:
            continue
        out.docs.append(document(title, content))
        out.categories.append(str(category_id) if category_id else None)
        out.units.append(str(unit_id) if unit_id else None)
    return out


def prior(categories: set[str], units: set[str]) -> dict[str, list[tuple[str, str]]]:
    """Short extra documents from what the deployment already knows: each learnt category's
    path names with its admin keywords; each learnt unit's keywords from the rules."""
    from .models import KeywordRule

    words: dict[int, list[str]] = {}
    unit_words: dict[str, list[str]] = {}
    for rule in KeywordRule.objects.filter(is_active=True):
        words[rule.category_id] = keywords(rule.keywords)
        if rule.unit_id is not None and str(rule.unit_id) in units:
            unit_words.setdefault(str(rule.unit_id), []).extend(keywords(rule.keywords))
    out: dict[str, list[tuple[str, str]]] = {"category": [], "unit": []}
    for category in Category.objects.filter(pk__in=[int(c) for c in categories]):
        names = " ".join((category.full_name or category.name).split("/"))
        text = " ".join([names, *words.get(category.pk, [])])
        out["category"].append((text, str(category.pk)))
    for unit_id, unit_keywords in unit_words.items():
        out["unit"].append((" ".join(unit_keywords), unit_id))
    return out
