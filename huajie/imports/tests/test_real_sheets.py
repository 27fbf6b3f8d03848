"""Every shared real sheet imports as it is — tab-padded text, dates as strings, other column
names — with no row error. Every row of every sheet is planned (checked); a prefix of the big
sheets goes through the petition services here, the whole of them with HUAJIE_SLOW_TESTS=1 and
in the measured CLI runs (see the imports README section of docs)."""

from __future__ import annotations

import os
from collections import Counter
from datetime import date

import pytest

from huajie.common.errors import ApplicationError
from huajie.imports.services import Prepared, Report, import_prepare, import_write
from huajie.orgs.models import User
from huajie.petitions.models import Petition, Reply
from huajie.petitions.services.categories import categories_load_file
from huajie.petitions.tests.factories import County

from .conftest import SLOW_ENV, real_sheet, slow

pytestmark = pytest.mark.django_db

PREFIX = 100


def prepare(c: County, user: User, name: str, sheet: str | None = None) -> Prepared:
    return import_prepare(
        source=str(real_sheet(name)),
        sheet_name=sheet,
        mapping=None,
        unit=c.office,
        acting_user=user,
    )


def write(c: County, user: User, prepared: Prepared, limit: int | None = None) -> Report:
    prepared.plans = prepared.plans[:limit] if limit else prepared.plans
    return import_write(prepared=prepared, unit=c.office, acting_user=user)


def test_votes_sheet(c: County) -> None:
    prepared = prepare(c, c.clerk, "messages_with_votes_4326.xlsx")
    report = prepared.report
    assert report.errors == [] and report.total == 4326 and len(prepared.plans) == 4326
    assert report.mapping is not None and set(report.mapping.columns) == {
        "source_id",
        "petitioner",
        "title",
        "received_on",
        "content",
    }
    written = write(c, c.clerk, prepared, PREFIX)
    assert written.ok and written.created == PREFIX
    first = Petition.objects.get(title="A3区一米阳光婚纱艺术摄影是否合法纳税了？")
    assert first.received_on == date(2019, 2, 28) and not first.content.startswith(("\n", "\t"))
    assert first.parties.get().petitioner.name == "A000102948"

    again = prepare(c, c.clerk, "messages_with_votes_4326.xlsx")
    assert again.report.existing == PREFIX and len(again.plans) == 4326 - PREFIX


def test_replies_sheet_imports_closed_cases(c: County, leader: User) -> None:
    prepared = prepare(c, leader, "messages_with_replies_2816.xlsx")
    assert prepared.report.errors == [] and len(prepared.plans) == 2816
    assert prepared.report.closed == 2816 and not prepared.report.warnings
    written = write(c, leader, prepared, PREFIX)
    assert written.ok and written.created == PREFIX
    assert set(Petition.objects.values_list("status", flat=True)) == {"closed"}
    petition = Petition.objects.get(reg_no__endswith="-00001", reg_year=2019)
    reply = Reply.objects.get(petition=petition)
    assert reply.issued_on >= petition.received_on and len(reply.facts) > 20


def test_labelled_sheet_with_categories(c: County) -> None:
    categories_load_file(path=real_sheet("taxonomy_517.xlsx"))
    prepared = prepare(c, c.clerk, "labelled_messages_495.xlsx")
    report = prepared.report
    assert report.errors == [] and report.total == 495
    assert report.duplicates == 1  # 留言编号 37042 appears twice, labelled two ways
    assert len(prepared.plans) == 494 and list(report.warnings) == [
        "与文件中前面某行是同一事项（编号相同，或收到日期、摘要、内容和信访人都相同），已跳过"
    ]
    counts = Counter(p.data.category.name if p.data.category else None for p in prepared.plans)
    assert None not in counts and len(counts) == 7 and counts["城乡建设"] > 0
    written = write(c, c.clerk, prepared, PREFIX)
    assert written.created == PREFIX
    assert not Petition.objects.filter(category__isnull=True).exists()


def test_taxonomy_sheet_is_not_a_ledger(c: County) -> None:
    with pytest.raises(ApplicationError, match="load_categories"):
        prepare(c, c.clerk, "taxonomy_517.xlsx")


def test_fuzhou_summary_sheet(c: County, leader: User) -> None:
    prepared = prepare(c, leader, "fuzhou_12345_rivers_1464.xlsx")
    report = prepared.report
    assert report.sheet == "汇总" and report.errors == [] and report.total == 1464
    assert report.duplicates == 32 and len(prepared.plans) == 1432  # one complaint, two rivers
    assert report.mapping is not None and report.mapping.columns["channel"] == "信息来源"
    classes = Counter(p.data.petition_class for p in prepared.plans)
    assert set(classes) == {"complaint", "suggestion", "accusation"}
    channels = Counter(p.data.channel for p in prepared.plans)
    assert set(channels) == {"online", "phone", "email"}
    assert report.warnings["没有答复日期，答复日期按收到日期记"].count == 1464
    written = write(c, leader, prepared, PREFIX)
    assert written.ok and written.created == PREFIX


@pytest.mark.parametrize(
    "district", ["鼓楼区", "仓山区", "台江区", "晋安区", "马尾区", "汇总+历史数据0415"]
)
def test_fuzhou_district_sheets_are_the_same_cases(c: County, leader: User, district: str) -> None:
    """The district sheets repeat the summary's rows with other columns: they plan cleanly, and
    their rows carry the same keys, so importing one after the summary adds nothing twice."""
    summary = {p.key for p in prepare(c, leader, "fuzhou_12345_rivers_1464.xlsx").plans}
    prepared = prepare(c, leader, "fuzhou_12345_rivers_1464.xlsx", sheet=district)
    assert prepared.report.errors == []
    unseen = [p.row for p in prepared.plans if p.key not in summary]
    assert len(unseen) <= 1  # 鼓楼区 has one row the summary lacks


@slow
@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "created", "closed"),
    [
        ("messages_with_votes_4326.xlsx", 4326, 4326),  # no replies: history, the default
        ("messages_with_replies_2816.xlsx", 2816, 2816),
        ("fuzhou_12345_rivers_1464.xlsx", 1432, 1432),
    ],
)
def test_full_import(c: County, leader: User, name: str, created: int, closed: int) -> None:
    written = write(c, leader, prepare(c, leader, name))
    assert written.ok and written.created == created
    assert Petition.objects.filter(status="closed").count() == closed
    assert prepare(c, leader, name).plans == []


def test_the_votes_sheet_imported_as_history_leaves_the_alerts_and_to_do_as_they_were(
    c: County,
) -> None:
    """Issue 10, item 1, on the real sheet: none of its rows has a reply; imported as history
    (the default) they leave 期限预警 and 我的待办 exactly as they were."""
    from huajie.petitions import selectors
    from huajie.petitions.home import clerk_live
    from huajie.petitions.tests.factories import register

    register(c, title="今天的来访")
    today = date(2025, 10, 20)

    def flagged() -> tuple[int, int, int]:
        summary = selectors.supervision_summary_for_user(user=c.clerk, today=today)
        my_work = selectors.my_work_for_user(user=c.clerk).count()
        return summary.overdue + summary.due_soon, my_work, clerk_live(c.clerk).counts[1].value

    before = flagged()
    prepared = prepare(c, c.clerk, "messages_with_votes_4326.xlsx")
    assert prepared.report.history == 4326 and prepared.report.open_work == 0
    limit = None if os.environ.get(SLOW_ENV) else 5 * PREFIX  # the whole sheet when slow
    written = write(c, c.clerk, prepared, limit)
    assert written.ok and written.created == (limit or 4326)
    assert Petition.objects.filter(is_history=True).count() == written.created
    assert flagged() == before
    assert not Petition.objects.filter(is_history=True, next_due__isnull=False).exists()
