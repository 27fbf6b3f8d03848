"""The ledger as an Excel workbook, in constant memory.

Rows come from the database as plain tuples in chunks (`selectors.ledger_export_rows`) and go
straight into an openpyxl write-only sheet, which keeps them in its own temporary file; the
finished workbook is written to an anonymous temporary file that the response streams and the
operating system removes on close. No ID or phone number is exported. The headers are the
ones the import's "huajie export" preset reads back.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from huajie.orgs.models import User
from huajie.petitions.models import Channel, Decision, PetitionClass, Satisfaction
from huajie.petitions.selectors import LedgerFilters
from huajie.petitions.states import Status

from .selectors import ledger_export_rows

SHEET_TITLE = "信访台账"
EXCEL_CELL_MAX = 32767
# (header, column width)
COLUMNS = (
    ("序号", 7),
    ("登记编号", 20),
    ("收到日期", 12),
    ("信访形式", 10),
    ("信访类别", 12),
    ("问题分类", 18),
    ("问题属地", 12),
    ("事项摘要", 36),
    ("信访内容", 60),
    ("登记单位", 18),
    ("承办单位", 18),
    ("状态", 9),
    ("受理日期", 12),
    ("答复日期", 12),
    ("处理意见", 10),
    ("评价", 9),
    ("办结日期", 12),
    ("下一到期日", 12),
)
HEADERS = tuple(header for header, _width in COLUMNS)

_CHANNEL = dict(Channel.choices)
_CLASS = dict(PetitionClass.choices)
_STATUS = dict(Status.choices)
_DECISION = dict(Decision.choices)
_SATISFACTION = dict(Satisfaction.choices)


def ledger_export(*, user: User, filters: LedgerFilters) -> IO[bytes]:
    """Write what `user` sees under `filters` to a temporary .xlsx, positioned at its start."""
    return write_workbook(ledger_export_rows(user=user, filters=filters))


def write_workbook(rows: Iterable[tuple[Any, ...]]) -> IO[bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    _prepare(sheet)
    for number, row in enumerate(rows, 1):
        sheet.append(_cells(sheet, number, row))
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    workbook.save(out)
    out.seek(0)
    return out


def _prepare(sheet: WriteOnlyWorksheet) -> None:
    for index, (_header, width) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)


def _cells(sheet: WriteOnlyWorksheet, number: int, row: tuple[Any, ...]) -> list[Any]:
    (
        reg_no,
        received_on,
        channel,
        petition_class,
        category,
        region,
        title,
        content,
        unit,
        handling_unit,
        status,
        accepted_on,
        replied_on,
        decision,
        satisfaction,
        closed_on,
        next_due,
    ) = row
    return [
        number,
        reg_no,
        received_on,
        _CHANNEL.get(channel, channel),
        _CLASS.get(petition_class, petition_class),
        category or None,
        region,
        _text(sheet, title),
        _text(sheet, content),
        unit,
        handling_unit,
        _STATUS.get(status, status),
        accepted_on,
        replied_on,
        _DECISION.get(decision) or None,
        _SATISFACTION.get(satisfaction) or None,
        closed_on,
        next_due,
    ]


def _text(sheet: WriteOnlyWorksheet, value: str | None) -> Any:
    """A petitioner's text as a plain string cell: control characters Excel refuses removed,
    cut to Excel's cell limit, and never a formula (a text starting with "=" stays text)."""
    if not value:
        return None
    text = ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_MAX]
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell
