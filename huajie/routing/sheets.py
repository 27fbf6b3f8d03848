"""Labelled texts from a sheet (xlsx, CSV or TSV) for `evaluate_router`, as people keep them:
the header may sit below a title, cells are padded with tabs and newlines, and a workbook may
carry tens of thousands of empty formatted rows after the data (reading stops after 200 empty
rows in a row). Pure Python, no database."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from huajie.common.errors import ApplicationError

EMPTY_ROWS_STOP = 200
HEADER_SEARCH_ROWS = 20
TITLE_COLUMNS = ("留言主题", "标题", "事项摘要", "title")


@dataclass(frozen=True)
class Labelled:
    title: str
    text: str
    label: str


def _clean(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _rows(path: Path) -> Iterator[Sequence[object]]:
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            with closing(sheet.iter_rows(values_only=True)) as cells:
                yield from cells
        finally:
            workbook.close()
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        delimiter = "\t" if suffix == ".tsv" or sample.count("\t") > sample.count(",") else ","
        yield from csv.reader(handle, delimiter=delimiter)


def read_labelled(
    path: str | os.PathLike[str],
    *,
    text_column: str,
    label_column: str,
    title_column: str | None = "auto",
) -> tuple[list[Labelled], str]:
    """The rows with a text and a label, and the title column used ("" for none).
    `title_column="auto"` takes the first of TITLE_COLUMNS the sheet has."""
    path = Path(path)
    if not path.is_file():
        raise ApplicationError(f"找不到文件 {path}，请检查路径。", code="file_missing")
    rows = _rows(path)
    header: list[str] | None = None
    for number, row in enumerate(rows, 1):
        cells = [_clean(c) for c in row]
        if text_column in cells and label_column in cells:
            header = cells
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise ApplicationError(
            f"文件前{HEADER_SEARCH_ROWS}行中找不到“{text_column}”和“{label_column}”两列的表头，"
            "请用 --text-column 和 --label-column 指定列名。",
            code="columns_missing",
        )
    if title_column == "auto":
        title_column = next((c for c in TITLE_COLUMNS if c in header), "")
    text_at, label_at = header.index(text_column), header.index(label_column)
    title_at = header.index(title_column) if title_column and title_column in header else None
    out: list[Labelled] = []
    empty = 0
    for row in rows:
        cells = [_clean(c) for c in row]
        if not any(cells):
            empty += 1
            if empty >= EMPTY_ROWS_STOP:
                break
            continue
        empty = 0

        def cell(at: int | None, cells: list[str] = cells) -> str:
            return cells[at] if at is not None and at < len(cells) else ""

        text, label = cell(text_at), cell(label_at)
        if (text or cell(title_at)) and label:
            out.append(Labelled(title=cell(title_at), text=text, label=label))
    return out, title_column or ""
