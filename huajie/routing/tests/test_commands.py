"""`train_router` and `evaluate_router`, with small sheets written at test time from the real
labelled messages (the data itself never enters the repository)."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from huajie.routing import engine, sheets
from huajie.routing.tests.conftest import LABELLED, real_sheet, sample

pytestmark = pytest.mark.django_db


def _csv(path: Path, rows, delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        out.writerow(["留言编号", "留言主题", "留言详情", "一级分类"])
        for i, row in enumerate(rows):
            out.writerow([i, row.title, row.text, row.label])
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_train_router_writes_the_model_and_prints_its_figures(history, router_dir):
    text = run("train_router")
    assert "已训练模型 v1" in text and "category:" in text and "宏F1" in text
    assert (router_dir / "router-v0001.joblib").is_file()


def test_train_router_below_the_threshold_says_so(history, settings, router_dir):
    settings.ROUTER_MIN_HISTORY = 100_000
    assert "继续按关键词规则建议" in run("train_router")
    assert not router_dir.exists() or not any(router_dir.iterdir())


def test_evaluate_router_cross_validates_a_csv(tmp_path):
    path = _csv(tmp_path / "small.csv", sample(12))
    text = run(
        "evaluate_router", str(path), "--text-column", "留言详情", "--label-column", "一级分类",
        "--cv", "3", "--no-prior",
    )  # fmt: skip
    assert "3 折分层交叉验证" in text and "摘要列“留言主题”" in text
    assert "macro-F1" in text and "accuracy" in text and "per-class F1" in text
    assert "confusion matrix" in text and "劳动和社会保障" in text
    macro = float(text.split("macro-F1")[1].split()[0])
    assert 0.3 < macro <= 1  # 84 messages, 7 classes: far better than chance (1/7)


def test_evaluate_router_trains_on_a_file_and_scores_a_tsv(tmp_path):
    train = _csv(tmp_path / "train.csv", sample(15))
    test = _csv(tmp_path / "test.tsv", sample(5, skip=15), delimiter="\t")
    text = run(
        "evaluate_router", str(test), "--train", str(train), "--json", str(tmp_path / "s.json")
    )
    assert "在 " in text and "上训练" in text and "样本 35 条，7 类" in text
    assert (tmp_path / "s.json").read_text().count("macro_f1") == 1


def test_evaluate_router_trains_on_the_database(history, tmp_path):
    test = _csv(tmp_path / "test.csv", sample(5, skip=60))
    text = run("evaluate_router", str(test))
    assert "在数据库的" in text and "映射到第1级分类" in text and "macro-F1" in text


def test_evaluate_router_reads_the_real_xlsx_and_stops_after_the_empty_rows():
    rows, title = sheets.read_labelled(
        real_sheet(LABELLED), text_column="留言详情", label_column="一级分类"
    )
    assert len(rows) == 495 and title == "留言主题"
    assert {r.label for r in rows} == {
        "城乡建设", "劳动和社会保障", "教育文体", "卫生计生", "交通运输", "商贸旅游", "环境保护",
    }  # fmt: skip


def test_a_sheet_without_the_columns_is_refused_with_a_sentence(tmp_path):
    book = Workbook()
    book.active.append(["标题", "内容"])
    book.active.append(["a", "b"])
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(CommandError, match="找不到“留言详情”和“一级分类”两列的表头"):
        run("evaluate_router", str(tmp_path / "x.xlsx"))


def test_reading_stops_after_200_empty_rows(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["留言详情", "一级分类"])
    sheet.append(["拖欠工资", "劳动和社会保障"])
    for _ in range(sheets.EMPTY_ROWS_STOP):
        sheet.append([None, None])
    sheet.append(["不应读到", "城乡建设"])
    book.save(tmp_path / "gap.xlsx")
    rows, _ = sheets.read_labelled(
        tmp_path / "gap.xlsx", text_column="留言详情", label_column="一级分类"
    )
    assert [r.text for r in rows] == ["拖欠工资"]


def test_the_summary_weighs_three_times_and_whitespace_is_collapsed():
    assert (
        engine.document(" 拖欠\t工资 ", "老板\n不发")
        == "拖欠 工资。拖欠 工资。拖欠 工资。老板 不发"
    )
    assert not engine.enough_text("好", " ") and engine.enough_text("工资", "")
