"""Import through the petition services: all or nothing, a Chinese report per row, no duplicates."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core.files.base import ContentFile

from huajie.common.errors import ApplicationError
from huajie.imports.mapping import Mapping, detect
from huajie.imports.models import BatchStatus, ImportBatch, ImportedRow
from huajie.imports.selectors import mapping_by_name
from huajie.imports.services import (
    batch_check,
    batch_create,
    batch_run,
    batch_start,
    import_prepare,
    import_write,
    mapping_save,
)
from huajie.notices.models import Notice
from huajie.orgs.models import User
from huajie.orgs.tests.factories import unscheduled_year
from huajie.petitions.models import Category, Petition, Reply
from huajie.petitions.services.categories import categories_load
from huajie.petitions.tests.factories import County

from .conftest import xlsx

pytestmark = pytest.mark.django_db

BOARD = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情"]


def board(*rows: list[object]) -> io.BytesIO:
    return xlsx([BOARD, *rows])


def open_work() -> Mapping:
    """The message-board columns with rows without a reply imported as open work."""
    mapping = detect(BOARD)
    mapping.defaults["open_as"] = "open"
    return mapping


def run(source: io.BytesIO, c: County, user: User, mapping: Mapping | None = None):
    prepared = import_prepare(
        source=source, sheet_name=None, mapping=mapping, unit=c.office, acting_user=user
    )
    return import_write(prepared=prepared, unit=c.office, acting_user=user)


def test_rows_become_petitions_with_clean_text(c: County) -> None:
    source = board(
        [
            188006,
            "A000102948",
            "\t一米阳光婚纱摄影是否合法纳税？\n",
            "2019/2/28 11:25:05",
            "\n\t\t\t\t\t\n\t\t\t\t\t座落在A市A3区联丰路的一家婚纱摄影店\t\t",
        ],
        [188007, "A00074795", "咨询道路命名", "2019-02-14", "道路命名规划什么时候转为正式成果？"],
    )
    report = run(source, c, c.clerk)
    assert report.ok and report.created == 2
    first = Petition.objects.get(title="一米阳光婚纱摄影是否合法纳税？")
    assert first.content == "座落在A市A3区联丰路的一家婚纱摄影店"
    assert first.received_on == date(2019, 2, 28)
    # Without a reply and by default: 历史导入, a closed record with no clocks.
    assert (first.channel, first.petition_class, first.status, first.is_history) == (
        "online",
        "complaint",
        "closed",
        True,
    )
    assert not first.clocks.exists() and first.next_due is None
    assert first.parties.get().petitioner.name == "A000102948"
    assert first.unit == c.office and first.registered_by == c.clerk
    assert ImportedRow.objects.get(petition=first).source_key == "id:188006"


def test_missing_title_and_petitioner_columns_are_filled_in(c: County) -> None:
    content = "小区门口的路灯坏了一个多月，晚上出行很不方便，老人孩子容易摔倒，请尽快修复。"
    report = run(xlsx([["来信日期", "内容"], ["2020年1月6日", f"\t{content}\n"]]), c, c.clerk)
    assert report.ok
    petition = Petition.objects.get()
    assert petition.title == "小区门口的路灯坏了一个多月，晚上出行很不方便，老人孩子容易摔"
    assert len(petition.title) == 30 and petition.content == content
    assert petition.parties.get().petitioner.name == "（未留姓名）"


def test_second_import_of_the_same_file_creates_nothing(c: County) -> None:
    rows = [
        [1, "A1", "路灯坏了", "2020/1/6", "路灯坏了一个月"],
        [2, "A2", "噪音", "2020/1/7", "工地夜间施工"],
    ]
    assert run(board(*rows), c, c.clerk).created == 2
    again = run(board(*rows, [3, "A3", "新的", "2020/1/8", "新的一件"]), c, c.clerk)
    assert (again.existing, again.created) == (2, 1)
    assert Petition.objects.count() == 3


def test_rows_without_an_id_are_keyed_by_their_content(c: County) -> None:
    header = ["时间", "标题", "投诉件内容"]
    rows = [
        ["2020-01-06", "河道发臭", "梅峰河 河道发臭"],
        ["2020-01-06", "河道发臭", "梅峰河河道发臭"],
    ]
    report = run(xlsx([header, *rows]), c, c.clerk)
    assert (report.created, report.duplicates) == (1, 1)  # same words, other spacing
    assert run(xlsx([header, *rows]), c, c.clerk).created == 0


def test_a_broken_row_is_reported_in_chinese_and_nothing_is_written(c: County) -> None:
    source = board(
        [1, "A1", "正常的一行", "2020/1/6", "内容"],
        [2, "A2", "日期写错", "2020/13/45", "内容"],
        [3, "A3", "内容为空", "2020/1/8", "\t\n"],
        [4, "A4", "将来的日期", "2031/1/8", "内容"],
    )
    report = run(source, c, c.clerk)
    assert not report.ok and report.created == 0
    found = {(e.row, e.column): e.reason for e in report.errors}
    assert (
        found[(3, "留言时间")]
        == "收到日期“2020/13/45”不是有效日期，请写成 2020-01-06 或 2020/1/6。"
    )
    assert found[(4, "留言详情")].startswith("信访内容为空")
    assert "晚于今天" in found[(5, "留言时间")]
    assert Petition.objects.count() == 0 and ImportedRow.objects.count() == 0


def test_a_refusal_by_a_service_rolls_back_every_row(c: County) -> None:
    """Planning passes (the package's last year is in the calendar) but the 15-day route clock
    of a case received on its 28 December ends in the next year, which has no holiday schedule
    yet: registration refuses that row at commit time, and the rows before it are rolled back."""
    year = unscheduled_year()
    last = year - 1
    with time_machine.travel(date(last, 12, 30)):
        source = board(
            [1, "A1", "前一行", f"{last}/12/1", "内容"], [2, "A2", "年底", f"{last}/12/28", "内容"]
        )
        report = run(source, c, c.clerk, open_work())
    assert [(e.row, e.column) for e in report.errors] == [(3, "—")]
    assert f"{year} 年的节假日安排尚未录入" in report.errors[0].reason
    assert report.created == 0 and Petition.objects.count() == 0


def test_dates_outside_the_calendar_are_refused_before_writing(c: County) -> None:
    report = run(board([1, "A1", "很久以前", "2001/5/1", "内容"]), c, c.clerk, open_work())
    assert "2001年" in report.errors[0].reason and "节假日日历只覆盖" in report.errors[0].reason
    # As history the row starts no clock, so it needs no holiday schedule.
    history = run(board([1, "A1", "很久以前", "2001/5/1", "内容"]), c, c.clerk)
    assert history.ok and history.created == 1


def test_replies_import_as_closed_cases_with_the_official_answer(c: County, leader: User) -> None:
    source = xlsx(
        [
            [*BOARD, "答复意见", "答复时间"],
            [
                2549,
                "A00045581",
                "物业管理有问题",
                "2019/4/25 9:32:09",
                "物业不作为",
                "\t网友：您好！经核实，已督促物业整改。\n",
                "2019/5/10 14:56:53",
            ],
        ]
    )
    report = run(source, c, leader)
    assert report.ok and report.created == 1 and report.closed == 1
    petition = Petition.objects.get()
    assert petition.status == "closed" and petition.is_history  # 历史导入
    assert (petition.accepted_on, petition.replied_on, petition.closed_on) == (
        date(2019, 4, 25),
        date(2019, 5, 10),
        date(2019, 5, 10),
    )
    reply = Reply.objects.get(petition=petition)
    assert reply.facts == "网友：您好！经核实，已督促物业整改。"
    assert (reply.decision, reply.issued_by) == ("explain", leader)
    assert petition.handling_unit == c.office and petition.handler == leader
    assert list(petition.events.values_list("action", flat=True)) == [
        "",
        "accept",
        "assign",
        "start_handling",
        "reply",
        "close",
    ]
    assert not Notice.objects.filter(recipient=leader).exists()


def test_replies_need_a_leader(c: County) -> None:
    source = xlsx([[*BOARD, "答复意见"], [1, "A1", "标题", "2019/4/25", "内容", "已答复"]])
    report = run(source, c, c.clerk)
    assert report.errors[0].row is None and report.errors[0].column == "答复意见"
    assert "须由本单位领导操作" in report.errors[0].reason
    assert Petition.objects.count() == 0


def test_class_channel_and_category_words(c: County) -> None:
    categories_load(triples=[("城乡建设", "住房保障", "公租房"), ("环境保护", "水污染", "河道")])
    source = xlsx(
        [
            ["时间", "性质", "信息 来源", "标题", "投诉件内容", "一级分类"],
            ["2020/1/6", "建议", "电话", "建议增设公交站", "内容", "城乡建设"],
            ["2020/1/7", "举报", "e福州app", "举报偷排", "内容", "环境保护"],
            ["2020/1/8", "求助", "飞鸽传书", "求助", "内容", "不存在的分类"],
        ]
    )
    report = run(source, c, c.clerk)
    assert report.ok
    got = {
        p.title: (p.petition_class, p.channel, p.category and p.category.name)
        for p in Petition.objects.all()
    }
    assert got == {
        "建议增设公交站": ("suggestion", "phone", "城乡建设"),
        "举报偷排": ("accusation", "online", "环境保护"),
        "求助": ("complaint", "online", None),
    }
    assert set(report.warnings) == {
        "信访形式“飞鸽传书”认不出，已按“网上信访”登记",
        "问题分类“不存在的分类”在系统中不存在，已留空",
    }
    assert Category.objects.count() == 6


def test_a_taxonomy_sheet_is_refused_with_directions(c: County) -> None:
    with pytest.raises(ApplicationError, match="load_categories"):
        run(
            xlsx([["一级分类", "二级分类", "三级分类"], ["城乡建设", "住房保障", "公租房"]]),
            c,
            c.clerk,
        )


def test_a_mapping_missing_its_columns_says_which(c: County) -> None:
    mapping = Mapping.from_json({"columns": {"content": "诉求内容", "received_on": "登记日期"}})
    report = run(board([1, "A1", "标题", "2020/1/6", "内容"]), c, c.clerk, mapping=mapping)
    assert [e.column for e in report.errors] == ["诉求内容", "登记日期"]
    assert "在此工作表中找不到" in report.errors[0].reason


# --- batches: upload, check, start; saved mappings ---------------------------------------------


def upload(c: County, user: User, source: io.BytesIO, name: str = "台账.xlsx") -> ImportBatch:
    return batch_create(
        unit=c.office, upload=ContentFile(source.getvalue(), name=name), acting_user=user
    )


def test_a_saved_mapping_is_reused_for_the_next_sheet(c: County) -> None:
    header = ["序号", "来信人", "收件日", "摘要", "主要诉求"]
    mapping = Mapping.from_json(
        {
            "columns": {
                "petitioner": "来信人",
                "received_on": "收件日",
                "title": "摘要",
                "content": "主要诉求",
            },
            "defaults": {"channel": "letter"},
        }
    )
    mapping_save(unit=c.office, name="来信登记簿", mapping=mapping, acting_user=c.clerk)
    assert detect(header).columns.get("content") is None  # nothing to recognise by name

    reused = mapping_by_name(unit=c.office, name="来信登记簿")
    assert reused is not None
    batch = upload(
        c, c.clerk, xlsx([header, [1, "刘桂兰", "2020/3/2", "征地补偿", "补偿款未发放"]])
    )
    report = batch_check(batch=batch, sheet=None, mapping=reused, acting_user=c.clerk)
    assert report.ok and batch.status == BatchStatus.READY
    batch_start(batch=batch, acting_user=c.clerk, background=False)
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == (BatchStatus.DONE, 1)
    petition = Petition.objects.get()
    assert (petition.channel, petition.parties.get().petitioner.name) == ("letter", "刘桂兰")


def test_mapping_names_are_the_units_own(c: County) -> None:
    mapping = Mapping.from_json({"columns": {"content": "内容"}})
    with pytest.raises(ApplicationError, match="内置"):
        mapping_save(unit=c.office, name="huajie export", mapping=mapping, acting_user=c.clerk)
    with pytest.raises(ApplicationError):
        mapping_save(unit=c.office, name="x", mapping=mapping, acting_user=c.outsider)
    saved = mapping_save(unit=c.office, name=" 留言板 ", mapping=mapping, acting_user=c.clerk)
    again = mapping_save(unit=c.office, name="留言板", mapping=mapping, acting_user=c.clerk)
    assert saved.pk == again.pk and saved.name == "留言板"
    assert mapping_by_name(unit=c.dept, name="留言板") is None


def test_only_the_units_front_desk_may_upload(c: County) -> None:
    with pytest.raises(ApplicationError, match="登记人员或领导"):
        upload(c, c.handler, board([1, "A1", "t", "2020/1/6", "c"]))


def test_a_file_that_is_not_a_workbook_is_refused(c: County) -> None:
    with pytest.raises(ApplicationError, match=r"\.xlsx"):
        batch_create(
            unit=c.office, upload=ContentFile(b"%PDF-1.4 ...", name="a.xlsx"), acting_user=c.clerk
        )


def test_a_dry_run_goes_through_the_services_and_writes_nothing(c: County) -> None:
    batch = upload(
        c, c.clerk, board([1, "A1", "t", "2020/1/6", "c"], [2, "A2", "t2", "2020/1/7", "c2"])
    )
    batch_check(batch=batch, sheet=None, mapping=None, acting_user=c.clerk)
    seen: list[tuple[int, int]] = []
    report = batch_start(
        batch=batch,
        acting_user=c.clerk,
        background=False,
        dry_run=True,
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert report is not None and report.ok and report.created == 2
    assert seen == [(1, 2), (2, 2)]
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY and Petition.objects.count() == 0


def test_a_batch_is_imported_once(c: County) -> None:
    batch = upload(c, c.clerk, board([1, "A1", "t", "2020/1/6", "c"]))
    batch_check(batch=batch, sheet=None, mapping=None, acting_user=c.clerk)
    batch_start(batch=batch, acting_user=c.clerk, background=False)
    with pytest.raises(ApplicationError, match="尚未导入"):
        batch_start(batch=batch, acting_user=c.clerk, background=False)
    with pytest.raises(ApplicationError):
        batch_check(batch=batch, sheet=None, mapping=None, acting_user=c.clerk)
    assert Petition.objects.count() == 1


def test_a_failed_batch_keeps_its_report(c: County) -> None:
    batch = upload(c, c.clerk, board([1, "A1", "t", "2020/1/6", "c"]))
    batch_check(batch=batch, sheet=None, mapping=open_work(), acting_user=c.clerk)
    with time_machine.travel(date(2026, 12, 30)):
        batch.file.save(
            "other.xlsx", ContentFile(board([1, "A1", "t", "2026/12/28", "c"]).getvalue())
        )
        report = batch_run(batch=batch, acting_user=c.clerk)
    batch.refresh_from_db()
    assert not report.ok and batch.status == BatchStatus.FAILED
    assert batch.report[0]["row"] == 2 and "未写入任何数据" in batch.message
    assert Petition.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_progress_is_readable_while_the_import_transaction_is_open(
    c: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another request must see the count before the import commits: on PostgreSQL the batch
    row itself (written on a second connection), on SQLite this process's memory."""
    from django.db import connection, connections

    from huajie.imports.selectors import batch_progress
    from huajie.imports.services import progress as progress_module

    monkeypatch.setattr(progress_module, "PUBLISH_EVERY_SECONDS", 0)
    rows = [[i, f"A{i}", f"事项{i}", "2020/1/6", f"内容{i}"] for i in range(1, 6)]
    batch = upload(c, c.clerk, board(*rows))
    batch_check(batch=batch, sheet=None, mapping=None, acting_user=c.clerk)
    seen: list[int] = []

    def look(done: int, total: int) -> None:
        if done != 3:
            return
        if connection.vendor == "sqlite":
            row = ImportBatch.objects.get(pk=batch.pk)  # same connection: still says 0
            seen.append(batch_progress(batch=row).processed)
            return
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute(
                    "SELECT processed FROM imports_importbatch WHERE id = %s", [batch.pk]
                )
                seen.append(cursor.fetchone()[0])
        finally:
            other.close()

    batch_start(batch=batch, acting_user=c.clerk, background=False, on_progress=look)
    assert seen == [3]
    assert Petition.objects.count() == 5


def test_imported_cases_mark_their_events_as_imported(c: County) -> None:
    """Every timeline event an import writes says it came from an import (issue 9)."""
    from huajie.common.timeline import EventSource
    from huajie.petitions.models import PetitionEvent

    report = run(board([188008, "A0001", "路灯不亮", "2019-02-14", "小区路灯坏了"]), c, c.clerk)
    assert report.ok
    sources = set(PetitionEvent.objects.values_list("source", flat=True))
    assert sources == {EventSource.IMPORT}
