"""Damaged and hostile workbooks through the real upload, check and dry run: truncated and
corrupted zip files, huge cells, formulas, merged cells, wrong encodings, a sheet that claims
1,048,576 rows. Each is refused with a sentence or checked row by row; nothing else escapes and
nothing is written. Counts in docs/reliability.md."""

from __future__ import annotations

import html
import io
import os
import re
import zipfile
from typing import Any

import pytest
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from huajie.common.errors import ApplicationError
from huajie.imports.models import ImportBatch
from huajie.imports.services import batch_check, batch_create, batch_start
from huajie.petitions.models import Petition
from huajie.petitions.tests.factories import County

from .conftest import xlsx

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
BOARD = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情"]
ROWS = [[1, "A1", "小区外墙脱落", "2020/1/6", "外墙瓷砖脱落，请求维修。"],
        [2, "A2", "拖欠工资", "2020/1/7", "工地拖欠32名工人工资。"]]  # fmt: skip
GOOD = xlsx([BOARD, *ROWS]).getvalue()
FUZZ = settings(
    max_examples=40 * int(os.environ.get("HUAJIE_FUZZ_SCALE", "1")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def sentence(message: str) -> bool:
    return bool(CJK.search(message)) and message.rstrip().endswith(("。", "）"))


def through_the_import(c: County, content: bytes, name: str = "台账.xlsx") -> Any:
    """Upload, check and dry-run `content` as the clerk: a refusal (its message) or the
    report. Anything but an ApplicationError propagates and fails the test."""
    try:
        batch = batch_create(
            unit=c.office, upload=ContentFile(content, name=name), acting_user=c.clerk
        )
        report: Any = batch_check(batch=batch, sheet=None, mapping=None, acting_user=c.clerk)
        if report.ok:
            report = batch_start(batch=batch, acting_user=c.clerk, background=False, dry_run=True)
    except ApplicationError as exc:
        assert sentence(exc.message), exc.message
        return exc.message
    assert report is not None
    for error in report.errors:
        assert sentence(error.reason), error.reason
    return report


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rezip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@FUZZ
@given(st.integers(min_value=1, max_value=len(GOOD) - 1))
def test_a_truncated_workbook_is_refused_with_a_sentence(c: County, cut: int) -> None:
    result = through_the_import(c, GOOD[:cut])
    assert isinstance(result, str)
    assert Petition.objects.count() == 0


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1,
                max_size=8))  # fmt: skip
def test_flipped_bytes_are_refused_or_checked_row_by_row(
    c: County, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(GOOD)
    for at, value in flips:
        data[at] = value
    through_the_import(c, bytes(data))
    assert Petition.objects.count() == 0


@FUZZ
@given(
    st.sampled_from(
        [
            "xl/worksheets/sheet1.xml",
            "xl/sharedStrings.xml",
            "xl/workbook.xml",
            "xl/styles.xml",
            "[Content_Types].xml",
        ]
    ),  # fmt: skip
    st.binary(max_size=200),
)
def test_a_damaged_part_inside_a_sound_zip(c: County, part: str, garbage: bytes) -> None:
    members = _members(GOOD)
    if part in members:
        members[part] = members[part][: len(members[part]) // 2] + garbage
    through_the_import(c, _rezip(members))
    assert Petition.objects.count() == 0


def test_huge_cells_are_reported_not_swallowed(c: County) -> None:
    huge = "拖欠工资" * 8191 + "工"  # 32,765 characters: Excel's limit is 32,767
    report = through_the_import(
        c, xlsx([BOARD, [1, "A1", huge[:5000], "2020/1/6", huge], *ROWS[1:]]).getvalue()
    )
    assert not isinstance(report, str)
    assert report.ok or report.errors  # a title past its limit is named, the rest checked


def test_formulas_are_never_imported_as_text(c: County) -> None:
    content = xlsx(
        [
            BOARD,
            [1, "A1", '=HYPERLINK("http://evil.example/","点我")', "2020/1/6", "=1+1"],
            ROWS[1],
        ]  # fmt: skip
    ).getvalue()
    report = through_the_import(c, content)
    assert not isinstance(report, str)
    # openpyxl reads the cached values (none: never calculated), so a formula arrives empty and
    # the row is refused for its missing content, not stored as "=HYPERLINK(…)".
    assert any(e.row == 2 for e in report.errors), report.errors


def test_merged_cells(c: County) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["信访人来信登记台账"])  # a title row merged across the table
    sheet.merge_cells("A1:E1")
    sheet.append(BOARD)
    for row in ROWS:
        sheet.append(row)
    sheet.append([3, "A3", "同上", None, None])
    sheet.merge_cells("D3:D5")  # one date for three rows, merged down
    out = io.BytesIO()
    book.save(out)
    report = through_the_import(c, out.getvalue())
    assert not isinstance(report, str)
    assert any(e.row == 5 for e in report.errors), report.errors  # the merged-away date


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("台账.xlsx", ",".join(BOARD).encode("gbk") + b"\r\n1,A1,\xcd\xe2\xc7\xbd,2020/1/6,x\r\n"),
        ("台账.xlsx", "\ufeff留言编号\t留言主题\n1\t外墙\n".encode("utf-16")),
        ("台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ("台账.xlsx", b"<html><table><tr><td>\xcd\xe2</td></tr></table></html>"),
        ("台账.xlsx", b""),
    ],
)
def test_wrong_encodings_and_kinds_are_refused_with_directions(
    c: County, name: str, content: bytes
) -> None:
    result = through_the_import(c, content, name)
    assert isinstance(result, str), result
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("declared", [True, False])
def test_a_sheet_written_in_gbk_inside_the_workbook(c: County, declared: bool) -> None:
    """Excel writes UTF-8 only. A part in GBK — declared (the XML parser reads UTF-8 and UTF-16,
    not GBK) or not (then it is not valid UTF-8) — is refused as unreadable, with directions."""
    members = _members(GOOD)
    part = "xl/worksheets/sheet1.xml"
    text = html.unescape(members[part].decode("utf-8"))
    head = '<?xml version="1.0" encoding="GBK"?>' if declared else ""
    members[part] = (head + text).encode("gbk")
    result = through_the_import(c, _rezip(members))
    assert isinstance(result, str) and "重新保存" in result
    assert Petition.objects.count() == 0


def test_a_sheet_claiming_the_last_excel_row(c: County) -> None:
    """Excel's last row is 1,048,576. A sheet whose one data row sits there (and whose dimension
    says A1:E1048576) is checked as one row, without walking a million empty ones into memory."""
    members = _members(GOOD)
    sheet = members["xl/worksheets/sheet1.xml"].decode("utf-8")
    sheet = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:E1048576"', sheet)
    sheet = sheet.replace('<row r="3"', '<row r="1048576"').replace('r="A3"', 'r="A1048576"')
    for column in "BCDE":
        sheet = sheet.replace(f'r="{column}3"', f'r="{column}1048576"')
    members["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    report = through_the_import(c, _rezip(members))
    assert not isinstance(report, str), report
    assert report.total == 2
