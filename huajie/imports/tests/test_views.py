"""The import screens: upload → sheet and mapping → check (nothing written) → import → result."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from huajie.imports.models import BatchStatus, ImportBatch, ImportMapping
from huajie.imports.services import batch_check, batch_create, batch_start
from huajie.imports.services.liveness import worker_lock
from huajie.imports.views import SYNC_MAX_ROWS
from huajie.orgs.models import User
from huajie.petitions.models import Petition
from huajie.petitions.tests.factories import County

from .conftest import xlsx

pytestmark = pytest.mark.django_db

BOARD = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情"]
ROWS: list[Sequence[object]] = [
    [1, "A1", "路灯坏了", "2020/1/6", "\t路灯坏了一个月\n"],
    [2, "A2", "夜间施工", "2020/1/7", "工地夜间施工"],
]


def upload(client: Client, rows: Sequence[Sequence[object]], name: str = "留言板.xlsx") -> object:
    data = xlsx(rows).getvalue()
    return client.post("/imports/", {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def clerk_client(client: Client, c: County) -> Client:
    client.force_login(c.clerk)
    return client


def mapping_post(**overrides: str) -> dict[str, str]:
    data = {
        "sheet": "Sheet1",
        "col_source_id": "留言编号",
        "col_received_on": "留言时间",
        "col_title": "留言主题",
        "col_content": "留言详情",
        "col_petitioner": "留言用户",
        "default_channel": "online",
        "default_class": "complaint",
        "open_as": "history",
    }
    data.update(overrides)
    return data


def test_the_whole_way_through(clerk_client: Client, c: County) -> None:
    index = clerk_client.get("/imports/")
    assert index.status_code == 200 and "上传并核对" in index.content.decode()

    uploaded = clerk_client.post(
        "/imports/", {"file": SimpleUploadedFile("留言板.xlsx", xlsx([BOARD, *ROWS]).getvalue())}
    )
    batch = ImportBatch.objects.get()
    assert uploaded.status_code == 302 and uploaded["Location"] == f"/imports/{batch.pk}/"

    page = clerk_client.get(f"/imports/{batch.pk}/").content.decode()
    assert "按表头自动识别" in page
    assert '<option value="留言详情" selected>留言详情</option>' in page
    assert "路灯坏了一个月" in page  # the preview

    response = clerk_client.post(f"/imports/{batch.pk}/", mapping_post())
    assert response.status_code == 302
    page = clerk_client.get(f"/imports/{batch.pk}/").content.decode()
    assert "核对结果" in page and "导入 2 件" in page
    assert Petition.objects.count() == 0  # checking writes nothing

    response = clerk_client.post(f"/imports/{batch.pk}/start/")
    assert response.status_code == 302
    page = clerk_client.get(f"/imports/{batch.pk}/").content.decode()
    assert "已导入 2 件信访事项（历史记录 2 件）。" in page and "查看信访台账" in page
    petition = Petition.objects.get(title="路灯坏了")
    assert f'href="/petitions/{petition.pk}/"' in page


def test_a_broken_sheet_shows_row_column_reason(clerk_client: Client) -> None:
    upload(clerk_client, [BOARD, ROWS[0], [2, "A2", "坏日期", "2020/2/30", "内容"]])
    batch = ImportBatch.objects.get()
    clerk_client.post(f"/imports/{batch.pk}/", mapping_post())
    page = clerk_client.get(f"/imports/{batch.pk}/").content.decode()
    assert "需要修改" in page
    assert '<td class="text-nowrap">第 3 行</td><td class="text-nowrap">留言时间</td>' in page
    assert "收到日期“2020/2/30”不是有效日期" in page
    assert f"imports/{batch.pk}/start/" not in page
    assert clerk_client.post(f"/imports/{batch.pk}/start/").status_code == 302
    assert Petition.objects.count() == 0


def test_a_mapping_is_saved_and_offered_again(clerk_client: Client, c: County) -> None:
    upload(clerk_client, [BOARD, *ROWS])
    batch = ImportBatch.objects.get()
    response = clerk_client.post(
        f"/imports/{batch.pk}/",
        mapping_post(col_petitioner="", default_channel="letter", save_as="留言板导出"),
    )
    assert response.status_code == 302
    saved = ImportMapping.objects.get(unit=c.office)
    assert saved.name == "留言板导出" and saved.mapping["defaults"]["channel"] == "letter"
    assert "petitioner" not in saved.mapping["columns"]

    upload(clerk_client, [BOARD, *ROWS], name="第二个.xlsx")
    second = ImportBatch.objects.latest("id")
    page = clerk_client.get(f"/imports/{second.pk}/", {"mapping": "留言板导出"}).content.decode()
    assert "已载入列对应“留言板导出”" in page
    assert '<option value="letter" selected>' in page


def test_one_column_feeds_one_field(clerk_client: Client) -> None:
    upload(clerk_client, [BOARD, *ROWS])
    batch = ImportBatch.objects.get()
    response = clerk_client.post(f"/imports/{batch.pk}/", mapping_post(col_title="留言详情"))
    assert response.status_code == 400
    assert "一列只能对应一项" in response.content.decode()


def test_upload_refuses_what_is_not_a_workbook(clerk_client: Client) -> None:
    response = clerk_client.post(
        "/imports/", {"file": SimpleUploadedFile("a.xlsx", b"%PDF-1.4 hello")}
    )
    assert (
        response.status_code == 400 and "请上传 Excel 工作簿（.xlsx）" in response.content.decode()
    )
    assert not ImportBatch.objects.exists()


def test_staff_without_front_desk_roles_cannot_upload(client: Client, c: County) -> None:
    client.force_login(c.handler)
    page = client.get("/imports/").content.decode()
    assert "只有本单位的登记人员或领导可以导入" in page
    upload(client, [BOARD, *ROWS])
    assert not ImportBatch.objects.exists()


def test_another_units_batch_is_not_found(client: Client, c: County) -> None:
    batch = batch_create(
        unit=c.office,
        upload=SimpleUploadedFile("a.xlsx", xlsx([BOARD, *ROWS]).getvalue()),
        acting_user=c.clerk,
    )
    client.force_login(c.outsider)
    assert client.get(f"/imports/{batch.pk}/").status_code == 404
    assert client.post(f"/imports/{batch.pk}/start/").status_code == 404


def test_progress_is_polled_until_done(clerk_client: Client, c: County) -> None:
    batch = batch_create(
        unit=c.office,
        upload=SimpleUploadedFile("a.xlsx", xlsx([BOARD, *ROWS]).getvalue()),
        acting_user=c.clerk,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, total=4, processed=1)
    with worker_lock(batch.pk):  # a worker is running it (a batch without one is recovered)
        page = clerk_client.get(f"/imports/{batch.pk}/").content.decode()
        assert f'hx-get="/imports/{batch.pk}/progress/"' in page and "可以离开此页面" in page
        partial = clerk_client.get(f"/imports/{batch.pk}/progress/").content.decode()
        assert "已处理 <strong>1</strong> / 4 件" in partial and "25%" in partial
        ImportBatch.objects.filter(pk=batch.pk).update(
            started_at=timezone.now() - timedelta(hours=3)
        )
        assert (
            "可能因服务器重启而中断" in clerk_client.get(f"/imports/{batch.pk}/").content.decode()
        )
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE)
    response = clerk_client.get(f"/imports/{batch.pk}/progress/")
    assert response.status_code == 204 and response["HX-Refresh"] == "true"


def test_a_taxonomy_sheet_is_named_as_such(clerk_client: Client) -> None:
    upload(clerk_client, [["一级分类", "二级分类", "三级分类"], ["城乡建设", "住房保障", "公租房"]])
    batch = ImportBatch.objects.get()
    page = clerk_client.get(f"/imports/{batch.pk}/").content.decode()
    assert "是问题分类表" in page and "load_categories" in page


@pytest.mark.django_db(transaction=True)
def test_large_files_import_in_the_background(c: County) -> None:
    rows = [BOARD] + [
        [i, f"A{i}", f"事项{i}", "2020/1/6", f"内容{i}"] for i in range(SYNC_MAX_ROWS + 1)
    ]
    leader: User = c.office_leader
    batch = batch_create(
        unit=c.office,
        upload=SimpleUploadedFile("big.xlsx", xlsx(rows).getvalue()),
        acting_user=leader,
    )
    batch_check(batch=batch, sheet=None, mapping=None, acting_user=leader)
    assert batch_start(batch=batch, acting_user=leader, background=True) is None
    worker = next(t for t in threading.enumerate() if t.name == f"import-batch-{batch.pk}")
    worker.join(timeout=120)
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.processed) == (
        BatchStatus.DONE,
        SYNC_MAX_ROWS + 1,
        SYNC_MAX_ROWS + 1,
    )


def test_the_preview_masks_id_and_phone_numbers(clerk_client: Client) -> None:
    header = ["来信日期", "来信人", "身份证号", "联系电话", "反映内容"]
    upload(
        clerk_client, [header, ["2019/3/2", "刘桂兰", "11010519491231002X", "13812345678", "内容"]]
    )
    page = clerk_client.get(f"/imports/{ImportBatch.objects.get().pk}/").content.decode()
    assert "11010519491231002X" not in page and "110***********002X" in page
    assert "13812345678" not in page and "138****5678" in page


def test_the_preview_suggests_a_category_for_rows_without_one(clerk_client: Client, c: County):
    from huajie.petitions.models import Category
    from huajie.petitions.services.categories import categories_load
    from huajie.routing.services import keyword_rule_save

    categories_load(triples=[("城乡建设", "市政设施", "路灯照明")])
    keyword_rule_save(
        category=Category.objects.get(name="路灯照明"),
        keyword_text="路灯",
        unit=None,
        acting_user=c.clerk,
    )
    rows: list[list[object]] = [
        [*BOARD, "问题分类"],
        [1, "A1", "路灯坏了", "2020/1/6", "\t路灯坏了一个月\n", ""],
        [2, "A2", "夜间施工", "2020/1/7", "工地夜间施工", ""],
        [3, "A3", "路灯不亮", "2020/1/8", "路灯不亮", "城乡建设"],
    ]
    upload(clerk_client, rows)
    page = clerk_client.get(f"/imports/{ImportBatch.objects.get().pk}/").content.decode()
    cells = page.split('data-testid="preview-suggestion">')[1:]
    assert len(cells) == 3 and "建议分类" in page
    assert (
        "城乡建设/市政设施/路灯照明" in cells[0] and "75%" in cells[0]
    )  # two hits in the summary, one in the text
    assert "关键词规则" in cells[0]
    assert "不建议" in cells[1]  # nothing confident: no guess
    assert "表中已填写问题分类" in cells[2]  # the row names its category
