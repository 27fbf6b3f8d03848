"""Read ledger sheets as offices keep them: pure functions over openpyxl, no database.

Cells arrive padded with tabs, newlines and full-width spaces, numbers stored as text and text
stored as numbers, dates as real Excel dates or as strings in several local styles. Everything
here turns a cell into clean text or a date, or says precisely why it cannot.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import IO, Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.workbook.workbook import Workbook

from huajie.common.errors import ApplicationError

HEADER_SEARCH_ROWS = 20
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# Excel serial numbers from 1954 to 2119: a bare number outside this range is not a date.
SERIAL_RANGE = (20000, 80000)

_TIME = r"(?:[\sT]*\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2}(?:\.\d+)?)?)?"
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?" + _TIME + "$")
_DMY_OR_MDY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})" + _TIME + "$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
UNREADABLE = "无法读取该 Excel 文件，可能已损坏。请在 Excel 或 WPS 中打开并重新保存后再上传。"


def unreadable() -> ApplicationError:
    return ApplicationError(UNREADABLE, code="unreadable_xlsx", field="file")


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the row
    label: str  # the header without whitespace, or "（D列）" for a blank header


@dataclass(frozen=True)
class Sheet:
    name: str
    header_row: int  # 1-based, as Excel shows it
    columns: tuple[Column, ...]

    def labels(self) -> list[str]:
        return [c.label for c in self.columns]


@contextmanager
def open_workbook(source: str | IO[bytes]) -> Iterator[Workbook]:
    """A read-only workbook, closed (and its zip file released) on exit."""
    workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    try:
        yield workbook
    finally:
        workbook.close()


def header_label(value: object) -> str:
    """A header cell as a mapping key: "信息 来源" and "信息来源" are the same column."""
    return "".join(clean_line(value).split())


def inspect_sheet(workbook: Workbook, name: str, is_known: Callable[[str], bool]) -> Sheet:
    """Find the header row (the first of the top rows naming two known columns, else the first
    non-empty row) and give every column a unique label."""
    rows = _read(lambda: workbook[name].iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True))
    top = list(islice(rows, HEADER_SEARCH_ROWS))
    chosen = next(
        (i for i, row in enumerate(top) if sum(1 for v in row if is_known(header_label(v))) >= 2),
        next((i for i, row in enumerate(top) if not _blank(row)), 0),
    )
    header = top[chosen] if top else ()
    columns: list[Column] = []
    seen: set[str] = set()
    for index, value in enumerate(header):
        letter = get_column_letter(index + 1)
        label = header_label(value)
        if not label:
            continue
        if label in seen:
            label = f"{label}（{letter}列）"
        seen.add(label)
        columns.append(Column(index, label))
    return Sheet(name=name, header_row=chosen + 1, columns=tuple(columns))


def data_rows(workbook: Workbook, sheet: Sheet) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(Excel row number, raw cell values) for every non-blank row below the header."""
    cells = _read(
        lambda: workbook[sheet.name].iter_rows(min_row=sheet.header_row + 1, values_only=True)
    )
    for number, row in enumerate(cells, start=sheet.header_row + 1):
        if not _blank(row):
            yield number, row


def _read(rows: Callable[[], Iterator[tuple[Any, ...]]]) -> Iterator[tuple[Any, ...]]:
    """openpyxl's rows, parsed as they are read: a damaged part inside a sound zip (cut XML,
    garbage, a wrong encoding) raises while reading — ParseError, KeyError, ValueError and more —
    and becomes the one refusal a user can act on."""
    try:
        iterator = iter(rows())
    except Exception as exc:  # noqa: BLE001 - see the docstring
        raise unreadable() from exc
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001
            raise unreadable() from exc
        yield row


def _blank(row: tuple[Any, ...]) -> bool:
    return all(value is None or not str(value).strip() for value in row)


def as_text(value: object) -> str:
    """A cell as text, without losing what a number stored as a number meant: 188006.0 is the
    id "188006", not "188006.0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).translate(INVISIBLE)


def clean_line(value: object) -> str:
    """One line of text: padding gone, every run of whitespace (tabs, newlines, full-width
    spaces) inside becomes one space."""
    return " ".join(as_text(value).split())


def clean_block(value: object) -> str:
    """Multi-line text: each line cleaned as by `clean_line`, blank lines dropped."""
    lines = (" ".join(line.split()) for line in as_text(value).splitlines())
    return "\n".join(line for line in lines if line)


def parse_date(value: object) -> date | None:
    """A date from an Excel date, an Excel serial number, or text such as "2020/1/6 12:09:38",
    "2020-01-06", "2020年1月6日", "20200106" or "12/31/2016" (month first, as Excel writes it
    in the US style; day first when the first number cannot be a month). None for an empty
    cell; ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value))
    text = unicodedata.normalize("NFKC", as_text(value)).strip()
    if not text:
        return None
    if match := _YMD.match(text) or _COMPACT.match(text):
        year, month, day = (int(g) for g in match.groups()[:3])
        return date(year, month, day)
    if match := _DMY_OR_MDY.match(text):
        first, second, year = (int(g) for g in match.groups()[:3])
        month, day = (second, first) if first > 12 else (first, second)
        return date(year, month, day)
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return _from_serial(float(text))
    raise ValueError(text)


def _from_serial(number: float) -> date:
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        raise ValueError(str(number))
    result = from_excel(number)
    assert isinstance(result, datetime)  # noqa: S101 - a serial this large is always a datetime
    return result.date()
