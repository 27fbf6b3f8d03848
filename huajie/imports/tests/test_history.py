"""An old ledger does not flood the office (issue 10, item 1): rows without a reply come in as
history or open work, as the mapping step chose; the choice is previewed and saved."""

from __future__ import annotations

import pytest
from django.test import Client

from huajie.imports.mapping import detect
from huajie.imports.selectors import mapping_by_name
from huajie.imports.services import batch_check, mapping_save
from huajie.petitions import selectors
from huajie.petitions.home import clerk_live
from huajie.petitions.models import Petition
from huajie.petitions.tests.factories import County, register

from .test_import import BOARD, board, open_work, run, upload
from .test_views import mapping_post

pytestmark = pytest.mark.django_db

OLD_LEDGER = [
    [1, "A1", "路灯坏了", "2024/3/1", "小区路灯坏了一个月"],
    [2, "A2", "噪音扰民", "2024/5/6", "工地夜间施工噪音扰民"],
    [3, "A3", "昨天的事", "2025/10/17", "昨天收到的留言"],
]


def flagged(c: County) -> tuple[int, int]:
    summary = selectors.supervision_summary_for_user(user=c.clerk, today=_today())
    return summary.overdue + summary.due_soon, selectors.my_work_for_user(user=c.clerk).count()


def _today():
    from django.utils import timezone

    return timezone.localdate()


def test_an_old_ledger_imported_as_history_leaves_the_alerts_and_the_to_do_list_as_they_were(
    c: County,
) -> None:
    register(c, title="今天的来访")
    before = flagged(c)
    report = run(board(*OLD_LEDGER), c, c.clerk)
    assert report.ok and report.created == 3 and report.history == 3
    assert flagged(c) == before
    assert clerk_live(c.clerk).counts[1].value == 1  # 待分流: only today's visit
    history = Petition.objects.filter(is_history=True)
    assert history.count() == 3 and {p.status for p in history} == {"closed"}
    assert not any(p.next_due for p in history)


def test_history_is_marked_on_the_ledger_and_the_case_and_left_out_of_on_time_figures(
    client: Client, c: County
) -> None:
    run(board(*OLD_LEDGER[:1]), c, c.clerk)
    petition = Petition.objects.get()
    client.force_login(c.clerk)
    assert "历史导入" in client.get("/petitions/").content.decode()
    assert "历史导入" in client.get(f"/petitions/{petition.pk}/").content.decode()
    on_time = selectors.LedgerFilters(clock="closed_on_time")
    assert not selectors.petition_list_for_user(user=c.clerk, filters=on_time).exists()


def test_open_work_runs_its_clocks_and_the_check_says_how_many_are_overdue_at_once(
    c: County,
) -> None:
    preview = run(board(*OLD_LEDGER), c, c.clerk, open_work())
    assert preview.open_work == 3 and preview.history == 0
    assert preview.overdue_if_open == 2  # the 2024 rows; yesterday's is within its limit
    assert Petition.objects.filter(status="registered", is_history=False).count() == 3
    assert flagged(c)[0] == 2


def test_the_check_previews_the_overdue_count_beside_the_choice(client: Client, c: County) -> None:
    clerk_client = client
    clerk_client.force_login(c.clerk)
    batch = upload(c, c.clerk, board(*OLD_LEDGER))
    clerk_client.post(f"/imports/{batch.pk}/", mapping_post(open_as="open"))
    page = clerk_client.get(f"/imports/{batch.pk}/").content.decode()
    assert "其中 2 件导入后立即超期" in page
    clerk_client.post(f"/imports/{batch.pk}/", mapping_post(open_as="history"))
    page = clerk_client.get(f"/imports/{batch.pk}/").content.decode()
    assert "没有答复的 3 件作为历史记录导入" in page and "其中 2 件将立即超期" in page
    assert Petition.objects.count() == 0  # checking writes nothing


def test_the_choice_is_saved_with_the_mapping_preset(c: County) -> None:
    mapping_save(unit=c.office, name="旧台账", mapping=open_work(), acting_user=c.clerk)
    saved = mapping_by_name(unit=c.office, name="旧台账")
    assert saved is not None and not saved.as_history
    assert detect(BOARD).as_history  # a new mapping defaults to history


def test_a_stored_batch_keeps_the_choice(c: County) -> None:
    batch = upload(c, c.clerk, board(*OLD_LEDGER))
    batch_check(batch=batch, sheet=None, mapping=open_work(), acting_user=c.clerk)
    batch.refresh_from_db()
    assert batch.mapping["defaults"]["open_as"] == "open"
    assert batch.states == {"closed": 0, "history": 0, "open_work": 3, "overdue_if_open": 2}
