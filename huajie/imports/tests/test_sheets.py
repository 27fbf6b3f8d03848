"""Cells as offices leave them: padding, numbers as text, dates as strings in local styles."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from huajie.imports.mapping import is_known_header
from huajie.imports.sheets import (
    clean_block,
    clean_line,
    data_rows,
    inspect_sheet,
    open_workbook,
    parse_date,
)

from .conftest import xlsx


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("\n\t\t\t\t\t\n\t\t\t\t\tA市西湖建筑集团占道施工\t", "A市西湖建筑集团占道施工"),
        ("\u3000\u3000南门街  前段时间\u200b", "南门街 前段时间"),
        (188006, "188006"),
        (188006.0, "188006"),
        (None, ""),
        (True, "是"),
    ],
)
def test_clean_line(value: object, expected: str) -> None:
    assert clean_line(value) == expected


def test_clean_block_keeps_paragraphs_and_drops_padding() -> None:
    raw = "\n\t\t\t\t\t\n\t\t\t\t\t\u3000\u3000第一段\t内容\n\n\t\t第二段\n\t\t\t\t"
    assert clean_block(raw) == "第一段 内容\n第二段"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020/1/6 12:09:38", date(2020, 1, 6)),
        ("2019/4/25 9:32:09", date(2019, 4, 25)),
        ("2020-01-06", date(2020, 1, 6)),
        ("2020.1.6", date(2020, 1, 6)),
        ("2020年1月6日", date(2020, 1, 6)),
        ("２０２０／１／６", date(2020, 1, 6)),  # full-width, as typed with a Chinese IME
        ("20200106", date(2020, 1, 6)),
        ("12/31/2016", date(2016, 12, 31)),  # month first, as Excel (US) writes it
        ("12/08/2016", date(2016, 12, 8)),
        ("31/12/2016", date(2016, 12, 31)),  # the first number cannot be a month
        ("\t2020/1/6\n", date(2020, 1, 6)),
        (datetime(2019, 2, 14, 20, 0), date(2019, 2, 14)),  # noqa: DTZ001 - as openpyxl reads
        (date(2019, 2, 14), date(2019, 2, 14)),
        (43836, date(2020, 1, 6)),  # an Excel serial number
        ("43836", date(2020, 1, 6)),
        (None, None),
        ("  ", None),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2020/13/45", "明天", "2020", 2020, "1/2", "2020-02-30"])
def test_parse_date_refuses(value: object) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


def test_header_below_a_title_row_blank_and_repeated_headers() -> None:
    source = xlsx(
        [
            ["清河县信访局 2019 年来信台账"],
            [],
            ["留言编号", "留言 主题", None, "留言时间", "留言详情", "备注", "备注"],
            [1, "标题", "x", "2020/1/6", "内容", "a", "b"],
            [None, None, None, None, None, None, None],
            [2, "标题2", "y", "2020/1/7", "内容2", "", ""],
        ]
    )
    with open_workbook(source) as workbook:
        sheet = inspect_sheet(workbook, "Sheet1", is_known_header)
        rows = list(data_rows(workbook, sheet))
    assert sheet.header_row == 3
    assert sheet.labels() == ["留言编号", "留言主题", "留言时间", "留言详情", "备注", "备注（G列）"]
    assert [number for number, _row in rows] == [4, 6]
