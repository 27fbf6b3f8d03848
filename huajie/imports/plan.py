"""From a raw sheet row to a registration: every check that needs no write, every problem of a
row reported at once, in Chinese, against the column the clerk has to fix."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from huajie.common.errors import ApplicationError
from huajie.common.identity import normalize_id_number, normalize_phone
from huajie.orgs.models import Region
from huajie.petitions.models import Category, Channel, Decision
from huajie.petitions.services import PetitionerInput, RegistrationInput

from .mapping import TARGET_LABELS, Mapping, channel_for, class_for, decision_for
from .sheets import Sheet, clean_block, clean_line, parse_date

ANONYMOUS = "（未留姓名）"
TITLE_FROM_CONTENT = 30
TITLE_MAX = 100
NAME_MAX = 50
ADDRESS_MAX = 200
SOURCE_ID_MAX = 90
NO_COLUMN = "—"


@dataclass
class Issue:
    row: int | None
    column: str
    reason: str


@dataclass
class RowPlan:
    row: int
    key: str
    data: RegistrationInput
    reply: str = ""
    replied_on: date | None = None
    decision: str = Decision.EXPLAIN.value


@dataclass
class RowResult:
    plan: RowPlan | None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class References:
    """Categories and regions looked up by name, loaded once per import."""

    def __init__(self, *, categories: Iterable[Category], regions: Iterable[Region] = ()) -> None:
        self.categories: dict[str, Category] = {}
        by_name: dict[str, list[Category]] = {}
        for cat in categories:
            self.categories.setdefault(cat.full_name or cat.name, cat)
            by_name.setdefault(cat.name, []).append(cat)
        for name, found in by_name.items():
            top = [c for c in found if c.parent_id is None]
            choice = top[0] if top else (found[0] if len(found) == 1 else None)
            if choice is not None:
                self.categories.setdefault(name, choice)
        self.regions: dict[str, Region] = {}
        names: dict[str, list[Region]] = {}
        for region in regions:
            self.regions[region.code] = region
            names.setdefault(region.name, []).append(region)
        for name, places in names.items():
            if len(places) == 1:
                self.regions.setdefault(name, places[0])


class Planner:
    """Plans the rows of one sheet under one mapping. `years` are the years the working
    calendar covers: a date outside them cannot start a statutory clock."""

    def __init__(
        self,
        *,
        sheet: Sheet,
        mapping: Mapping,
        today: date,
        years: Iterable[int],
        references: References,
    ) -> None:
        by_label = {c.label: c.index for c in sheet.columns}
        self.index = {k: by_label[v] for k, v in mapping.columns.items() if v in by_label}
        self.columns = {k: v for k, v in mapping.columns.items() if k in self.index}
        self.defaults = mapping.defaults
        self.history = mapping.as_history
        self.today = today
        self.years = sorted(set(years))
        self.refs = references

    def column(self, key: str) -> str:
        return self.columns.get(key, NO_COLUMN)

    def is_blank(self, row: tuple[Any, ...]) -> bool:
        """A row whose mapped cells are all empty is not a petition (a note, a subtotal)."""
        cells = _Row(number=0, cells=row)
        return not any(clean_line(self._cell(cells, key)) for key in self.index)

    def plan(self, number: int, row: tuple[Any, ...]) -> RowResult:
        out = _Row(number=number, cells=row)
        content = clean_block(self._cell(out, "content"))
        if not content:
            self._error(out, "content", "信访内容为空。请在该行补填信访内容，或删去这一行。")
        # A history row without a reply starts no clock: it needs no working calendar.
        answered = bool(clean_block(self._cell(out, "reply")))
        received_on = self._date(
            out, "received_on", required=True, calendar=answered or not self.history
        )
        person = PetitionerInput(
            name=self._name(out),
            id_number=self._checked(out, "id_number", normalize_id_number),
            phone=self._checked(out, "phone", normalize_phone),
            address=clean_line(self._cell(out, "address"))[:ADDRESS_MAX],
        )
        title = self._title(out, content)
        reply = clean_block(self._cell(out, "reply"))
        replied_on = self._reply_date(out, reply, received_on)
        result = RowResult(plan=None, errors=out.errors, warnings=out.warnings)
        if out.errors or received_on is None:
            return result
        data = RegistrationInput(
            channel=self._channel(out),
            petition_class=class_for(clean_line(self._cell(out, "petition_class")))
            or self.defaults["petition_class"],
            title=title,
            content=content,
            received_on=received_on,
            petitioners=[person],
            category=self._category(out),
            region=self._region(out),
            history=self.history and not reply,
        )
        result.plan = RowPlan(
            row=number,
            key=source_key(clean_line(self._cell(out, "source_id")), data),
            data=data,
            reply=reply,
            replied_on=replied_on if reply else None,
            decision=self._decision(out) if reply else Decision.EXPLAIN.value,
        )
        return result

    # --- cells ------------------------------------------------------------------------------

    def _cell(self, out: _Row, key: str) -> Any:
        index = self.index.get(key)
        return out.cells[index] if index is not None and index < len(out.cells) else None

    def _error(self, out: _Row, key: str, reason: str) -> None:
        out.errors.append(Issue(row=out.number, column=self.column(key), reason=reason))

    def _date(
        self, out: _Row, key: str, *, required: bool = False, calendar: bool = True
    ) -> date | None:
        raw = self._cell(out, key)
        label = TARGET_LABELS[key]
        try:
            day = parse_date(raw)
        except ValueError:
            reason = f"{label}“{clean_line(raw)}”不是有效日期，请写成 2020-01-06 或 2020/1/6。"
            self._error(out, key, reason)
            return None
        if day is None:
            if required:
                self._error(out, key, f"{label}为空，请补填（例如 2020-01-06）。")
            return None
        if day > self.today:
            self._error(out, key, f"{label} {day:%Y-%m-%d} 晚于今天，请核对。")
            return None
        if calendar and day.year not in self.years:
            span = f"{self.years[0]}–{self.years[-1]}年" if self.years else "任何年份"
            self._error(
                out,
                key,
                f"{label}在{day.year}年，系统节假日日历只覆盖{span}，无法计算办理期限。"
                f"请管理员先在“系统管理 → 节假日安排”中录入{day.year}年的安排。",
            )
            return None
        return day

    def _title(self, out: _Row, content: str) -> str:
        title = clean_line(self._cell(out, "title"))
        if not title:
            return " ".join(content.split())[:TITLE_FROM_CONTENT]
        if len(title) > TITLE_MAX:
            out.warnings.append(f"事项摘要超过{TITLE_MAX}字，已截取前{TITLE_MAX}字")
            return title[:TITLE_MAX]
        return title

    def _name(self, out: _Row) -> str:
        name = clean_line(self._cell(out, "petitioner"))
        if not name:
            return ANONYMOUS
        if len(name) > NAME_MAX:
            out.warnings.append(f"信访人姓名超过{NAME_MAX}字，已截取前{NAME_MAX}字")
            return name[:NAME_MAX]
        return name

    def _checked(self, out: _Row, key: str, normalise: Any) -> str:
        text = clean_line(self._cell(out, key))
        if not text:
            return ""
        try:
            return str(normalise(text))
        except ApplicationError as exc:
            self._error(out, key, exc.message)
            return ""

    def _reply_date(self, out: _Row, reply: str, received_on: date | None) -> date | None:
        raw = clean_line(self._cell(out, "replied_on"))
        if not reply:
            if raw:
                out.warnings.append("有答复日期但没有答复意见，按未答复的事项导入")
            return None
        if not raw:
            out.warnings.append("没有答复日期，答复日期按收到日期记")
            return received_on
        replied_on = self._date(out, "replied_on")
        if replied_on and received_on and replied_on < received_on:
            self._error(
                out,
                "replied_on",
                f"答复日期 {replied_on:%Y-%m-%d} 早于收到日期 {received_on:%Y-%m-%d}，请核对。",
            )
            return None
        return replied_on

    def _channel(self, out: _Row) -> str:
        text = clean_line(self._cell(out, "channel"))
        default = self.defaults["channel"]
        channel = channel_for(text)
        if channel == Channel.HIGHER:
            out.warnings.append(f"表中没有交办文号，上级交办件按“{Channel(default).label}”登记")
            return default
        if channel is None:
            if text:
                out.warnings.append(f"信访形式“{text}”认不出，已按“{Channel(default).label}”登记")
            return default
        return channel

    def _category(self, out: _Row) -> Category | None:
        text = clean_line(self._cell(out, "category"))
        if not text:
            return None
        found = self.refs.categories.get(text) or self.refs.categories.get(text.replace(" ", ""))
        if found is None:
            out.warnings.append(f"问题分类“{text}”在系统中不存在，已留空")
        return found

    def _region(self, out: _Row) -> Region | None:
        text = clean_line(self._cell(out, "region"))
        if not text:
            return None
        found = self.refs.regions.get(text)
        if found is None:
            out.warnings.append(f"问题属地“{text}”在系统中找不到，已留空")
        return found

    def _decision(self, out: _Row) -> str:
        text = clean_line(self._cell(out, "decision"))
        decision = decision_for(text)
        if decision is None:
            if text:
                out.warnings.append(f"处理意见“{text}”认不出，按“解释说明”记")
            return Decision.EXPLAIN.value
        return decision


@dataclass
class _Row:
    number: int
    cells: tuple[Any, ...]
    errors: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def source_key(source_id: str, data: RegistrationInput) -> str:
    """The row's own id when it has one; else a hash of what makes it this petition (date,
    summary, content, petitioner) with all whitespace removed, so a re-typed row with other
    padding, or the same row in another sheet of the workbook, is still the same row."""
    if source_id and len(source_id) <= SOURCE_ID_MAX:
        return f"id:{source_id}"
    parts = [
        data.received_on.isoformat(),
        data.title,
        data.content,
        *(p.name for p in data.petitioners),
    ]
    normalised = "\x1f".join("".join(part.split()) for part in parts)
    return "sha256:" + hashlib.sha256(normalised.encode()).hexdigest()
