"""The issue taxonomy is read from the sheet as it was received, without hand-editing."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import openpyxl
import pytest

from huajie.common.errors import ApplicationError
from huajie.petitions.taxonomy import Node, read_taxonomy, taxonomy_tree

SHARED_DATA = Path(
    os.environ.get("HUAJIE_SHARED_DATA", Path(__file__).resolve().parents[4] / "shared" / "data")
)
TAXONOMY_517 = SHARED_DATA / "public-messages" / "taxonomy_517.xlsx"

needs_real_file = pytest.mark.skipif(
    not TAXONOMY_517.exists(),
    reason=f"{TAXONOMY_517} is absent: set HUAJIE_SHARED_DATA to the shared/data folder",
)


@pytest.fixture(scope="module")
def real_triples() -> list[tuple[str, str, str]]:
    return read_taxonomy(TAXONOMY_517)


@needs_real_file
def test_reads_the_file_named_in_sha256sums():
    sums = (TAXONOMY_517.parent / "SHA256SUMS").read_text().splitlines()
    expected = next(line.split()[0] for line in sums if line.endswith("taxonomy_517.xlsx"))
    assert hashlib.sha256(TAXONOMY_517.read_bytes()).hexdigest() == expected


@needs_real_file
def test_reads_all_517_rows_none_duplicated(real_triples):
    assert len(real_triples) == 517
    assert real_triples[0] == ("城乡建设", "安全生产", "事故处理")
    assert real_triples[-1] == ("劳动和社会保障", "退休政策及待遇", "病退及提前退休人员待遇")


@needs_real_file
def test_no_name_keeps_padding(real_triples):
    names = {name for triple in real_triples for name in triple}
    assert all(name and name == name.strip() and "\n" not in name for name in names)


@needs_real_file
def test_the_real_tree_has_15_classes_and_118_subclasses(real_triples):
    tree = taxonomy_tree(real_triples)
    assert [node.name for node in tree] == [
        "城乡建设", "党务政务", "国土资源", "环境保护", "纪检监察", "交通运输", "经济管理",
        "科技与信息产业", "民政", "农村农业", "商贸旅游", "卫生计生", "政法", "教育文体",
        "劳动和社会保障",
    ]  # fmt: skip
    assert sum(len(node.children) for node in tree) == 118
    assert sum(len(child.children) for node in tree for child in node.children) == 517
    by_name = {node.name: node for node in tree}
    assert len(by_name["城乡建设"].children[0].children) == 3


def write_sheet(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    workbook.save(path)
    return path


def test_reads_a_sheet_as_people_keep_it(tmp_path):
    path = write_sheet(
        tmp_path / "分类.xlsx",
        [
            ["信访事项分类表（2020 版）"],
            [],
            ["序号", "\t三级分类 ", "二级 分类", " 一级分类\n", "备注"],
            [1, "事故处理\t", "安全生产", "\n城乡建设 ", ""],
            [2, " 安全隐患", None, None],
            [3, "园林绿化", "城市建设\n和市政管理", None],
            [4, "园林绿化", "城市建设和市政管理", "城乡建设"],
            [None, None, None, None],
            [5, "Wi-Fi 覆盖", "科技\u3000与 信息", "科技与信息产业"],
            [6, "其他", "安全生产", "政法"],
            [7, "其他 ", "安全生产", "政法"],
        ],
    )
    assert read_taxonomy(path) == [
        ("城乡建设", "安全生产", "事故处理"),
        ("城乡建设", "安全生产", "安全隐患"),
        ("城乡建设", "城市建设和市政管理", "园林绿化"),
        ("科技与信息产业", "科技与信息", "Wi-Fi 覆盖"),
        ("政法", "安全生产", "其他"),
    ]


def test_a_merged_cell_means_same_as_above(tmp_path):
    path = write_sheet(
        tmp_path / "merged.xlsx",
        [
            ["一级分类", "二级分类", "三级分类"],
            ["民政", "社会救助", "低保"],
            [None, None, "特困供养"],
            [None, "婚姻登记", "其他"],
            ["政法", "公安", "户籍"],
        ],
        merges=("A2:A4", "B2:B3"),
    )
    assert read_taxonomy(path) == [
        ("民政", "社会救助", "低保"),
        ("民政", "社会救助", "特困供养"),
        ("民政", "婚姻登记", "其他"),
        ("政法", "公安", "户籍"),
    ]


def test_a_row_that_cannot_be_completed_is_named(tmp_path):
    path = write_sheet(
        tmp_path / "gap.xlsx",
        [
            ["一级分类", "二级分类", "三级分类"],
            ["民政", "社会救助", "低保"],
            ["政法", None, "户籍"],
        ],
    )
    with pytest.raises(ApplicationError) as caught:
        read_taxonomy(path)
    assert caught.value.message == "分类表第3行缺少二级分类，请补全后重新导入。"
    assert caught.value.code == "invalid_taxonomy"


def test_a_sheet_without_the_header_is_refused(tmp_path):
    path = write_sheet(tmp_path / "other.xlsx", [["留言编号", "留言主题"], [1, "噪音扰民"]])
    with pytest.raises(ApplicationError, match="找不到“一级分类、二级分类、三级分类”表头"):
        read_taxonomy(path)


def test_the_tree_keeps_first_appearance_order_and_separates_same_names():
    tree = taxonomy_tree(
        [("甲", "其他", "a"), ("乙", "其他", "b"), ("甲", "其他", "c"), ("甲", "子", "d")]
    )
    assert tree == [
        Node("甲", [Node("其他", [Node("a"), Node("c")]), Node("子", [Node("d")])]),
        Node("乙", [Node("其他", [Node("b")])]),
    ]
