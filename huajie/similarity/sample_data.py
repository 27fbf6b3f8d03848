"""The public message-board sample (../shared/data, never copied into the repository), read
directly with openpyxl for the hot-issue test, the duplicate evaluation and the benchmark.

Cells are as the source left them: text padded with tabs and newlines, dates as strings in two
formats ("2019/2/28 11:25:05", "2019-09-05 12:29:01") or as Excel dates.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl

SHARED_DATA = Path(
    os.environ.get("HUAJIE_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data")
)
MESSAGES_4326 = SHARED_DATA / "public-messages" / "messages_with_votes_4326.xlsx"

_SPACE = re.compile(r"\s+")
_DATE = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})")


@dataclass(frozen=True)
class Message:
    number: int
    title: str
    content: str
    posted_on: date


def squeeze(value: object) -> str:
    """The cell as text with all whitespace removed (how ground-truth duplicates are compared)."""
    return _SPACE.sub("", str(value or ""))


def _tidy(value: object) -> str:
    return _SPACE.sub(" ", str(value or "")).strip()


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    match = _DATE.search(str(value))
    if match is None:
        raise ValueError(f"unreadable date {value!r}")
    return date(*(int(part) for part in match.groups()))


def read_messages(path: Path = MESSAGES_4326) -> list[Message]:
    """Rows of 留言编号, 留言用户, 留言主题, 留言时间, 留言详情, … in file order."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = book.worksheets[0].iter_rows(min_row=2, values_only=True)
        return [
            Message(
                number=int(str(row[0]).strip()),
                title=_tidy(row[2]),
                content=_tidy(row[4]),
                posted_on=_date(row[3]),
            )
            for row in rows
            if row and row[0] is not None
        ]
    finally:
        book.close()
