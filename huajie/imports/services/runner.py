"""Check a sheet, then write it all or nothing.

`import_prepare` reads the file and plans every row without writing: its report is the
validation step. `import_write` registers the planned rows through the petition services in
ONE transaction: a row a service refuses is reported (row, column, reason) and, at the end,
everything is rolled back — a clerk fixes the sheet and imports again, never half a file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.common.timeline import EventSource, event_source
from huajie.notices.services import notifications_suppressed
from huajie.orgs.holidays import working_calendar
from huajie.orgs.models import Region, Unit, User
from huajie.petitions.models import Category, Petition
from huajie.petitions.services import petition_register, registration_due_dates

from ..mapping import (
    TARGET_LABELS,
    Mapping,
    detect,
    first_ledger_sheet,
    is_known_header,
    is_taxonomy,
)
from ..models import ImportBatch, ImportedRow
from ..plan import NO_COLUMN, Issue, Planner, References, RowPlan
from ..sheets import data_rows, inspect_sheet, open_workbook
from .closed import may_import_closed, petition_import_closed

log = logging.getLogger(__name__)

MAX_ERRORS = 500  # stop after this many refused rows: the sheet needs fixing first
WRITE_CHUNK = 500
TAXONOMY_MESSAGE = (
    "这是问题分类表（一级分类、二级分类、三级分类），不是信访台账，无需导入为信访事项。"
    "如要更新系统的问题分类，请由管理员运行 manage.py load_categories 文件名。"
)
DUPLICATE_IN_FILE = (
    "与文件中前面某行是同一事项（编号相同，或收到日期、摘要、内容和信访人都相同），已跳过"
)
ALREADY_IMPORTED = "已由之前的导入登记，已跳过"

Progress = Callable[[int, int], None]
# Registration input fields named in a service's refusal → mapping targets.
SERVICE_FIELDS = {"petitioners": "petitioner"}


@dataclass
class Tally:
    reason: str
    count: int = 0
    rows: list[int] = field(default_factory=list)


@dataclass
class Report:
    sheet: str = ""
    mapping: Mapping | None = None
    total: int = 0  # data rows read
    existing: int = 0  # imported by an earlier import
    duplicates: int = 0  # repeated within this file
    created: int = 0
    closed: int = 0  # rows with a reply: imported as answered and closed
    history: int = 0  # rows without a reply imported as 历史导入 (closed records, no clocks)
    open_work: int = 0  # rows without a reply imported as open work
    # Rows without a reply whose first limit has already passed: overdue at once as open work.
    overdue_if_open: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: dict[str, Tally] = field(default_factory=dict)
    stopped_early: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        return len({issue.row for issue in self.errors})

    def warn(self, row: int, reason: str) -> None:
        tally = self.warnings.setdefault(reason, Tally(reason))
        tally.count += 1
        if len(tally.rows) < 20:
            tally.rows.append(row)


@dataclass
class Prepared:
    report: Report
    plans: list[RowPlan]


def import_prepare(
    *,
    source: str | IO[bytes],
    sheet_name: str | None,
    mapping: Mapping | None,
    unit: Unit,
    acting_user: User,
    today: date | None = None,
) -> Prepared:
    """Read the sheet and plan every row; writes nothing. Raises ApplicationError when the file
    as a whole cannot be imported (not a workbook, no such sheet, a taxonomy sheet)."""
    with open_workbook(source) as workbook:
        names = list(workbook.sheetnames)
        name = sheet_name or first_ledger_sheet(workbook)
        if name not in names:
            raise ApplicationError(
                f"文件中没有名为“{name}”的工作表。此文件的工作表有：{'、'.join(names)}。",
                code="no_such_sheet",
                field="sheet",
            )
        sheet = inspect_sheet(workbook, name, is_known_header)
        labels = sheet.labels()
        if is_taxonomy(labels):
            raise ApplicationError(TAXONOMY_MESSAGE, code="taxonomy_sheet", field="sheet")
        chosen = mapping or detect(labels)
        report = Report(sheet=name, mapping=chosen)
        _check_mapping(report, chosen, labels)
        planner = Planner(
            sheet=sheet,
            mapping=chosen,
            today=today or timezone.localdate(),
            years=working_calendar().years,
            references=_references(chosen),
        )
        plans = _plan_rows(report, planner, data_rows(workbook, sheet), unit)
    if any(p.reply for p in plans) and not may_import_closed(acting_user, unit):
        report.errors.insert(
            0,
            Issue(
                row=None,
                column=chosen.columns.get("reply", NO_COLUMN),
                reason="表中有答复意见，这些行将作为已答复并办结的事项导入，须由本单位领导操作。"
                "请由领导导入；或在列对应中把“答复意见”设为“不导入”，作为待办事项导入。",
            ),
        )
    report.closed = sum(1 for p in plans if p.reply)
    _preview_states(report, plans, today or timezone.localdate())
    return Prepared(report=report, plans=plans)


def _preview_states(report: Report, plans: list[RowPlan], today: date) -> None:
    """How the rows without a reply come in, and how many of them would be overdue at once as
    open work (shown with the history / open-work choice before anything is written)."""
    unanswered = [p for p in plans if not p.reply]
    report.history = sum(1 for p in unanswered if p.data.history)
    report.open_work = len(unanswered) - report.history
    due = registration_due_dates(p.data.received_on for p in unanswered)
    report.overdue_if_open = sum(
        1 for p in unanswered if (d := due.get(p.data.received_on)) is None or d < today
    )


def _check_mapping(report: Report, mapping: Mapping, labels: list[str]) -> None:
    present = set(labels)
    for key, label in mapping.columns.items():
        if label not in present:
            report.errors.append(
                Issue(
                    row=None,
                    column=label,
                    reason=f"列对应中的“{label}”列（{TARGET_LABELS.get(key, key)}）在此工作表中"
                    "找不到。请重新选择该项对应的列。",
                )
            )
    for key in ("content", "received_on"):
        if key not in mapping.columns:
            report.errors.append(
                Issue(
                    row=None,
                    column=NO_COLUMN,
                    reason=f"没有选择“{TARGET_LABELS[key]}”对应的列，请在列对应中选择。",
                )
            )


def _references(mapping: Mapping) -> References:
    categories = Category.objects.all() if "category" in mapping.columns else []
    regions = Region.objects.only("code", "name") if "region" in mapping.columns else []
    return References(categories=list(categories), regions=list(regions))


def _plan_rows(
    report: Report,
    planner: Planner,
    rows: Iterable[tuple[int, tuple[Any, ...]]],
    unit: Unit,
) -> list[RowPlan]:
    existing = set(ImportedRow.objects.filter(unit=unit).values_list("source_key", flat=True))
    seen: set[str] = set()
    plans: list[RowPlan] = []
    if not report.ok:  # the mapping itself is wrong: row-by-row errors would only repeat it
        return plans
    for number, row in rows:
        if planner.is_blank(row):
            continue
        report.total += 1
        result = planner.plan(number, row)
        report.errors.extend(result.errors)
        for reason in result.warnings:
            report.warn(number, reason)
        plan = result.plan
        if plan is None:
            continue
        if plan.key in existing:
            report.existing += 1
            report.warn(number, ALREADY_IMPORTED)
        elif plan.key in seen:
            report.duplicates += 1
            report.warn(number, DUPLICATE_IN_FILE)
        else:
            seen.add(plan.key)
            plans.append(plan)
    return plans


class _RollBack(Exception):
    """Leaves the import's transaction without writing anything."""


def import_write(
    *,
    prepared: Prepared,
    unit: Unit,
    acting_user: User,
    batch: ImportBatch | None = None,
    dry_run: bool = False,
    on_progress: Progress | None = None,
) -> Report:
    """Register every planned row in one transaction; any refusal (or a dry run) rolls all of
    it back. `report.created` counts the petitions written (for a dry run: that would be)."""
    report, plans = prepared.report, prepared.plans
    if not report.ok:
        return report
    written: list[ImportedRow] = []
    try:
        with transaction.atomic(), notifications_suppressed(), event_source(EventSource.IMPORT):
            for done, plan in enumerate(plans, 1):
                petition = _write_row(report, plan, unit, acting_user)
                if petition is not None:
                    written.append(
                        ImportedRow(
                            unit=unit,
                            source_key=plan.key,
                            petition=petition,
                            batch=batch,
                            row_number=plan.row,
                        )
                    )
                if on_progress is not None:
                    on_progress(done, len(plans))
                if len(report.errors) >= MAX_ERRORS:
                    report.stopped_early = True
                    break
            if report.errors or dry_run:
                raise _RollBack
            ImportedRow.objects.bulk_create(written, batch_size=WRITE_CHUNK)
    except _RollBack:
        pass
    report.created = len(written) if report.ok else 0
    return report


def _write_row(report: Report, plan: RowPlan, unit: Unit, user: User) -> Petition | None:
    try:
        with transaction.atomic():
            if plan.reply and plan.replied_on is not None:
                return petition_import_closed(
                    unit=unit,
                    data=plan.data,
                    reply=plan.reply,
                    replied_on=plan.replied_on,
                    decision=plan.decision,
                    acting_user=user,
                )
            return petition_register(unit=unit, data=plan.data, acting_user=user)
    except ApplicationError as exc:
        target = SERVICE_FIELDS.get(exc.field or "", exc.field or "")
        columns = report.mapping.columns if report.mapping else {}
        column = columns.get(target, NO_COLUMN)
        report.errors.append(Issue(row=plan.row, column=column, reason=exc.message))
        return None
