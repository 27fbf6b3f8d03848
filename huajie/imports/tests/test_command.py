"""manage.py import_petitions: progress, the report, dry runs, saved mappings, refusals."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from huajie.imports.mapping import Mapping
from huajie.imports.models import BatchStatus, ImportBatch
from huajie.imports.services import mapping_save
from huajie.petitions.models import Petition
from huajie.petitions.tests.factories import County

from .conftest import xlsx

pytestmark = pytest.mark.django_db

BOARD = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情"]


def sheet_file(tmp_path: Path, rows: Sequence[Sequence[object]], name: str = "board.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(xlsx(rows).getvalue())
    return str(path)


def command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_petitions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def board_rows(n: int) -> list[Sequence[object]]:
    return [BOARD] + [
        [i, f"A{i:05d}", f"事项{i}", "2020/1/6 12:09:38", f"内容{i}"] for i in range(1, n + 1)
    ]


def test_imports_with_progress_every_500_rows(c: County, tmp_path: Path) -> None:
    out, _err = command(
        sheet_file(tmp_path, board_rows(1001)), "--unit", c.office.code, "--user", c.clerk.username
    )
    assert (
        "已处理 500/1,001 行" in out
        and "已处理 1,000/1,001 行" in out
        and "已处理 1,001/1,001 行" in out
    )
    assert "完成：新登记 1,001 件信访事项" in out
    assert Petition.objects.count() == 1001
    assert ImportBatch.objects.get().status == BatchStatus.DONE

    again, _err = command(sheet_file(tmp_path, board_rows(1001)), "--unit", c.office.code)
    assert "已导入过 1,001 行" in again and "没有需要登记的新事项" in again
    assert Petition.objects.count() == 1001


def test_dry_run_writes_nothing(c: County, tmp_path: Path) -> None:
    out, _err = command(sheet_file(tmp_path, board_rows(3)), "--unit", c.office.code, "--dry-run")
    assert "试运行通过：3 行均可登记" in out
    assert Petition.objects.count() == 0


def test_a_broken_sheet_prints_the_report_and_fails(c: County, tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [
        BOARD,
        [1, "A1", "t", "2020/1/6", "内容"],
        [2, "A2", "t2", "不是日期", "内容"],
    ]
    with pytest.raises(CommandError, match="未写入任何数据"):
        command(sheet_file(tmp_path, rows), "--unit", c.office.code)
    assert Petition.objects.count() == 0


def test_report_rows_go_to_stderr(c: County, tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [BOARD, [2, "A2", "t2", "不是日期", "内容"]]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_petitions",
            sheet_file(tmp_path, rows),
            "--unit",
            c.office.code,
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "第 2 行 · 留言时间 · 收到日期“不是日期”不是有效日期" in err.getvalue()


def test_a_saved_mapping_by_name(c: County, tmp_path: Path) -> None:
    mapping = Mapping.from_json(
        {"columns": {"received_on": "收件日", "content": "主要诉求", "title": "摘要"}}
    )
    mapping_save(unit=c.office, name="来信登记簿", mapping=mapping, acting_user=c.clerk)
    path = sheet_file(
        tmp_path, [["收件日", "摘要", "主要诉求"], ["2020/3/2", "征地补偿", "补偿款未发放"]]
    )
    out, _err = command(path, "--unit", c.office.code, "--mapping", "来信登记簿")
    assert "列对应（来信登记簿）" in out and Petition.objects.get().title == "征地补偿"
    with pytest.raises(CommandError, match="找不到名为“没有这个”的列对应"):
        command(path, "--unit", c.office.code, "--mapping", "没有这个")


def test_a_taxonomy_points_to_load_categories(c: County, tmp_path: Path) -> None:
    path = sheet_file(
        tmp_path, [["一级分类", "二级分类", "三级分类"], ["城乡建设", "住房保障", "公租房"]]
    )
    with pytest.raises(CommandError, match="load_categories"):
        command(path, "--unit", c.office.code)


def test_unknown_unit_and_sheet(c: County, tmp_path: Path) -> None:
    path = sheet_file(tmp_path, board_rows(1))
    with pytest.raises(CommandError, match="找不到单位代码"):
        command(path, "--unit", "NOPE")
    with pytest.raises(CommandError, match="没有名为“汇总”的工作表"):
        command(path, "--unit", c.office.code, "--sheet", "汇总")
