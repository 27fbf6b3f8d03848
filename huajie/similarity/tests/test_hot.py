"""Hot issues: the clustering on small made-up cases, and on the real message-board sample."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from huajie.similarity import text
from huajie.similarity.hot import HotDoc, Window, hot_issues
from huajie.similarity.sample_data import MESSAGES_4326, read_messages

TODAY = date(2026, 3, 31)


def _doc(pk: int, title: str, content: str, days_ago: int, region: str = "") -> HotDoc:
    return HotDoc(
        pk=pk,
        received_on=TODAY - timedelta(days=days_ago),
        keywords=text.analyse(title, content).keywords,
        title=title,
        region_name=region,
    )


def _estate_complaints(start: int, days_ago: list[int]) -> list[HotDoc]:
    return [
        _doc(
            start + i,
            "魅力之城小区临街门面油烟扰民",
            f"魅力之城小区一楼餐馆没有专用烟道，油烟直排，夜宵摊营业到凌晨（第{i}次反映）。",
            ago,
            region="城关镇",
        )
        for i, ago in enumerate(days_ago)
    ]


def test_repeated_complaints_about_one_matter_form_a_labelled_issue_with_a_trend():
    docs = _estate_complaints(1, [1, 3, 5, 8, 12, 40])
    docs += [
        _doc(100, "农民工工资被拖欠", "某工地包工头拖欠农民工工资四十万元。", 2),
        _doc(101, "路灯不亮", "滨河路路灯坏了一个月无人修理。", 4),
    ]
    [issue] = hot_issues(docs, window=Window.ending(TODAY, 30))
    assert "魅力之城" in issue.keywords and len(issue.keywords) == 3
    assert (issue.count, issue.previous, issue.trend) == (5, 1, "up")
    assert issue.regions == [("城关镇", 5)]
    assert [d.pk for d in issue.examples] == [1, 2, 3]  # the typical case, then the most recent


def test_cases_outside_both_windows_are_ignored_and_small_groups_are_not_hot():
    docs = _estate_complaints(1, [1, 2, 200, 300])
    assert hot_issues(docs, window=Window.ending(TODAY, 30)) == []
    window = Window(TODAY - timedelta(days=305), TODAY - timedelta(days=150))
    assert window.previous.end == window.start - timedelta(days=1)
    assert window.previous.days == window.days


@pytest.fixture(scope="module")
def sample() -> list[HotDoc]:
    if not MESSAGES_4326.exists():
        pytest.skip(
            f"{MESSAGES_4326} is absent: set HUAJIE_SHARED_DATA to the shared/data folder "
            "to run the hot-issue test on the real messages"
        )
    return [
        HotDoc(
            pk=m.number,
            received_on=m.posted_on,
            keywords=text.analyse(m.title, m.content).keywords,
            title=m.title,
        )
        for m in read_messages()
    ]


def _top_labels(docs: list[HotDoc], today: date, days: int) -> list[str]:
    return [issue.label for issue in hot_issues(docs, window=Window.ending(today, days))]


def test_the_meilizhicheng_estate_is_a_top_ten_issue_of_summer_2019(sample):
    """Leaders opening "近90天" on 30 September 2019 see the 魅力之城 oil-smoke complaints."""
    labels = _top_labels(sample, date(2019, 9, 30), 90)
    assert any("魅力之城" in label for label in labels[:10]), labels


def test_the_economics_college_is_a_top_ten_issue_of_november_2019(sample):
    """Leaders opening "近30天" on 30 November 2019 see the 经济学院 student-labour complaints."""
    labels = _top_labels(sample, date(2019, 11, 30), 30)
    assert any("经济学院" in label for label in labels[:10]), labels


def test_both_surface_together_over_the_two_months_to_30_november_2019(sample):
    labels = _top_labels(sample, date(2019, 11, 30), 60)[:10]
    assert any("魅力之城" in label for label in labels), labels
    assert any("经济学院" in label for label in labels), labels
