"""Read a three-level issue taxonomy (一级分类 / 二级分类 / 三级分类) from an Excel workbook.

Pure functions, no database: the caller seeds its category model from the triples or the tree.
Sheets arrive as people keep them: the header row may sit below a title and its columns in any
order, cells may be padded with spaces, tabs or newlines, and a blank (or merged) cell means "same
as above". A file that needs hand-editing before import is a failed import, so only a row that
cannot be completed is refused, with its row number.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from itertools import islice

import openpyxl

from huajie.common.errors import ApplicationError

Triple = tuple[str, str, str]

LEVEL_NAMES = ("一级分类", "二级分类", "三级分类")
LEVEL_HEADERS = (re.compile(r"^[一1]级"), re.compile(r"^[二2]级"), re.compile(r"^[三3]级"))
HEADER_SEARCH_ROWS = 20
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@dataclass
class Node:
    name: str
    children: list[Node] = field(default_factory=list)


def read_taxonomy(path: str | os.PathLike[str]) -> list[Triple]:
    """Clean (level1, level2, level3) triples from the first sheet with a taxonomy header.

    Duplicates are dropped and the sheet's order is kept.
    """
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            with closing(sheet.iter_rows(values_only=True)) as cells:  # releases the zip member
                rows = enumerate(cells, start=1)
                columns = _find_header(rows)
                if columns is not None:
                    return list(dict.fromkeys(_fill_down(rows, columns)))
    finally:
        workbook.close()
    raise ApplicationError(
        "分类表中找不到“一级分类、二级分类、三级分类”表头，请检查文件后重新导入。",
        code="invalid_taxonomy",
    )


def taxonomy_tree(triples: Iterable[Sequence[str]]) -> list[Node]:
    """Nest paths into a tree, children in order of first appearance.

    A name is unique among its siblings only: "其他" occurs under many parents and
    "安全生产" under two top-level classes, each time as its own node.
    """
    roots: list[Node] = []
    nodes: dict[tuple[str, ...], Node] = {}
    for path in triples:
        siblings = roots
        for depth in range(1, len(path) + 1):
            key = tuple(path[:depth])
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = Node(key[-1])
                siblings.append(node)
            siblings = node.children
    return roots


def _find_header(rows: Iterator[tuple[int, tuple[object, ...]]]) -> list[int] | None:
    """Column positions of the three levels, from the first row naming all of them."""
    for _number, row in islice(rows, HEADER_SEARCH_ROWS):
        labels = [_clean(cell).replace(" ", "") for cell in row]
        columns = [_first_match(pattern, labels) for pattern in LEVEL_HEADERS]
        if all(column is not None for column in columns):
            return [column for column in columns if column is not None]
    return None


def _first_match(pattern: re.Pattern[str], labels: list[str]) -> int | None:
    return next((i for i, label in enumerate(labels) if pattern.match(label)), None)


def _fill_down(
    rows: Iterable[tuple[int, tuple[object, ...]]], columns: list[int]
) -> Iterator[Triple]:
    """Blank cells repeat the value above; a new value at one level clears the levels below."""
    carried = ["", "", ""]
    for number, row in rows:
        cells = [_clean(row[column]) if column < len(row) else "" for column in columns]
        if not any(cells):
            continue
        for level, cell in enumerate(cells):
            if cell and cell != carried[level]:
                carried[level:] = [cell] + [""] * (2 - level)
        missing = next((LEVEL_NAMES[i] for i, value in enumerate(carried) if not value), None)
        if missing:
            raise ApplicationError(
                f"分类表第{number}行缺少{missing}，请补全后重新导入。", code="invalid_taxonomy"
            )
        yield (carried[0], carried[1], carried[2])


def _clean(value: object) -> str:
    """Trim padding; whitespace inside a name goes between two CJK characters, else becomes one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    parts = str(value).translate(INVISIBLE).split()
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text += ("" if _is_wide(text[-1]) and _is_wide(part[0]) else " ") + part
    return text


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")
