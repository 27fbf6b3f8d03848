"""The ledger export: the user's filters and scope, no personal identifiers, and it re-imports."""

from __future__ import annotations

import io
from datetime import date
from typing import IO, Any

import openpyxl
import pytest
from django.test import Client

from huajie.imports.export import HEADERS, ledger_export
from huajie.imports.mapping import HUAJIE_EXPORT
from huajie.imports.selectors import mapping_by_name
from huajie.imports.services import import_prepare, import_write
from huajie.petitions.models import Category, Petition
from huajie.petitions.selectors import LedgerFilters
from huajie.petitions.services import petition_accept
from huajie.petitions.services.categories import categories_load
from huajie.petitions.tests.factories import VALID_IDS, County, register

pytestmark = pytest.mark.django_db


def rows_of(out: IO[bytes]) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(out, read_only=True)
    try:
        return [tuple(row) for row in workbook["信访台账"].iter_rows(values_only=True)]
    finally:
        workbook.close()


def test_headers_and_one_row(c: County) -> None:
    categories_load(triples=[("城乡建设", "住房保障", "公租房")])
    petition = register(c, category=Category.objects.get(name="公租房"))
    petition_accept(
        petition=petition, acting_user=c.clerk, expected_version=None, on=date(2025, 10, 9)
    )
    header, row = rows_of(ledger_export(user=c.clerk, filters=LedgerFilters()))
    assert header == HEADERS
    record = dict(zip(header, row, strict=True))
    assert record["序号"] == 1
    assert record["登记编号"] == petition.reg_no
    assert record["收到日期"].date() == date(2025, 9, 30)
    assert (record["信访形式"], record["信访类别"], record["状态"]) == (
        "来访",
        "申诉求决类",
        "已受理",
    )
    assert record["问题分类"] == "城乡建设/住房保障/公租房"
    assert record["事项摘要"] == "小区外墙脱落无人维修"
    assert record["登记单位"] == "清河县信访局"
    assert record["受理日期"].date() == date(2025, 10, 9)
    assert record["下一到期日"] is not None  # the 60-day handling clock


def test_no_id_or_phone_number_is_exported(c: County) -> None:
    register(c)
    cells = {
        str(v) for row in rows_of(ledger_export(user=c.clerk, filters=LedgerFilters())) for v in row
    }
    text = "".join(cells)
    assert VALID_IDS[0] not in text and "13812345678" not in text and "刘桂兰" not in text


def test_filters_and_order_are_the_ledgers(c: County) -> None:
    register(c, title="噪音扰民", received_on=date(2025, 9, 1))
    register(c, title="路灯不亮", received_on=date(2025, 9, 20))
    accepted = register(c, title="噪音又来了", received_on=date(2025, 9, 25))
    petition_accept(petition=accepted, acting_user=c.clerk, expected_version=None)

    def titles(**filters: Any) -> list[str]:
        rows = rows_of(ledger_export(user=c.clerk, filters=LedgerFilters(**filters)))
        return [row[7] for row in rows[1:]]

    assert titles() == ["噪音又来了", "路灯不亮", "噪音扰民"]
    assert titles(sort="received_on") == ["噪音扰民", "路灯不亮", "噪音又来了"]
    assert titles(q="噪音") == ["噪音又来了", "噪音扰民"]
    assert titles(status="accepted") == ["噪音又来了"]
    assert titles(date_from=date(2025, 9, 15), date_to=date(2025, 9, 22)) == ["路灯不亮"]


def test_scope_is_the_users(c: County) -> None:
    register(c, title="信访局的事项")
    assert len(rows_of(ledger_export(user=c.outsider, filters=LedgerFilters()))) == 1  # header
    assert len(rows_of(ledger_export(user=c.handler, filters=LedgerFilters()))) == 1
    assert len(rows_of(ledger_export(user=c.county_leader, filters=LedgerFilters()))) == 2


def test_a_formula_typed_by_a_petitioner_stays_text(c: County) -> None:
    register(c, title='=HYPERLINK("http://example.com","点此")')
    out = ledger_export(user=c.clerk, filters=LedgerFilters())
    sheet = openpyxl.load_workbook(out)["信访台账"]
    cell = sheet["H2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://example.com","点此")'


def test_the_export_reimports_into_another_unit(c: County) -> None:
    categories_load(triples=[("城乡建设", "住房保障", "公租房"), ("环境保护", "水污染", "河道")])
    register(c, title="外墙脱落", received_on=date(2025, 9, 30), channel="visit")
    register(
        c,
        title="偷排污水",
        received_on=date(2024, 2, 29),
        channel="letter",
        petition_class="accusation",
        content="某厂夜间向河道偷排污水。\n请环保部门查处。",
    )
    register(
        c,
        title="建议增设公交站",
        received_on=date(2025, 1, 2),
        channel="phone",
        petition_class="suggestion",
    )
    exported = ledger_export(user=c.office_leader, filters=LedgerFilters())

    mapping = mapping_by_name(unit=c.dept, name=HUAJIE_EXPORT)
    prepared = import_prepare(
        source=io.BytesIO(exported.read()),
        sheet_name=None,
        mapping=mapping,
        unit=c.dept,
        acting_user=c.dept_leader,
    )
    report = import_write(prepared=prepared, unit=c.dept, acting_user=c.dept_leader)
    assert report.ok and report.created == 3 and not report.warnings

    def seen(unit: Any) -> set[tuple[Any, ...]]:
        fields = ("title", "content", "received_on", "channel", "petition_class", "category_id")
        return set(Petition.objects.filter(unit=unit).values_list(*fields))

    assert seen(c.dept) == seen(c.office)
    again = import_prepare(
        source=io.BytesIO(ledger_export(user=c.office_leader, filters=LedgerFilters()).read()),
        sheet_name=None,
        mapping=None,
        unit=c.dept,
        acting_user=c.dept_leader,
    )
    assert again.report.mapping is not None and again.report.mapping.preset == HUAJIE_EXPORT
    assert again.report.existing == 3 and not again.plans


def test_the_export_view_streams_an_attachment(c: County, client: Client) -> None:
    register(c, title="噪音扰民")
    register(c, title="路灯不亮")
    client.force_login(c.clerk)
    response = client.get("/imports/export.xlsx", {"q": "路灯", "sort": "reg_no"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        "attachment" in response["Content-Disposition"]
        and "filename*=utf-8''" in response["Content-Disposition"]
    )
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    rows = rows_of(io.BytesIO(body))
    assert [row[7] for row in rows[1:]] == ["路灯不亮"]


def test_the_export_refuses_filters_it_cannot_read(c: County, client: Client) -> None:
    client.force_login(c.clerk)
    response = client.get("/imports/export.xlsx", {"date_from": "去年"})
    assert response.status_code == 400
    assert "日期格式不正确" in response.content.decode()


def test_the_export_needs_a_login(client: Client, db: None) -> None:
    assert client.get("/imports/export.xlsx").status_code == 302
