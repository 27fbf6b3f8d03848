"""Columns are recognised by their names, exactly, and sheet words become our codes."""

from __future__ import annotations

import pytest

from huajie.imports.export import HEADERS
from huajie.imports.mapping import (
    HUAJIE_EXPORT,
    channel_for,
    class_for,
    decision_for,
    detect,
    is_taxonomy,
)


def test_message_board_columns() -> None:
    mapping = detect(
        ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "答复意见", "答复时间"]
    )
    assert mapping.columns == {
        "source_id": "留言编号",
        "petitioner": "留言用户",
        "title": "留言主题",
        "received_on": "留言时间",
        "content": "留言详情",
        "reply": "答复意见",
        "replied_on": "答复时间",
    }


def test_hotline_columns_and_lookalikes() -> None:
    labels = [
        "id",
        "河流",
        "性质",
        "信息来源",
        "标题",
        "内容长度",
        "时间",
        "投诉件内容",
        "回复1",
        "回复长度",
    ]
    mapping = detect(labels)
    assert mapping.columns == {
        "received_on": "时间",
        "title": "标题",
        "content": "投诉件内容",
        "channel": "信息来源",
        "petition_class": "性质",
        "reply": "回复1",
    }


def test_our_own_export_is_recognised_as_the_preset() -> None:
    mapping = detect(HEADERS)
    assert mapping.preset == HUAJIE_EXPORT
    assert mapping.columns["source_id"] == "登记编号"


def test_taxonomy_is_not_a_ledger() -> None:
    assert is_taxonomy(["一级分类", "二级分类", "三级分类"])
    assert not is_taxonomy(["留言详情", "一级分类", "二级分类", "三级分类"])


@pytest.mark.parametrize(
    ("word", "channel"),
    [
        ("网站", "online"),
        ("e福州app", "online"),
        ("12345app", "online"),
        ("微信", "online"),
        ("QQ", "online"),
        ("短信", "online"),
        ("电话", "phone"),
        ("12345热线", "phone"),
        ("邮件", "email"),
        ("来信", "letter"),
        ("来访", "visit"),
        ("网上信访", "online"),
        ("上级交办", "higher"),
        ("visit", "visit"),
        ("", None),
        ("其他", None),
    ],
)
def test_channel_words(word: str, channel: str | None) -> None:
    assert channel_for(word) == channel


@pytest.mark.parametrize(
    ("word", "petition_class"),
    [
        ("建议", "suggestion"),
        ("举报", "accusation"),
        ("投诉", "complaint"),
        ("咨询", "complaint"),
        ("求助", "complaint"),
        ("检举控告类", "accusation"),
        ("建议意见类", "suggestion"),
        ("", None),
    ],
)
def test_class_words(word: str, petition_class: str | None) -> None:
    assert class_for(word) == petition_class


def test_decision_labels() -> None:
    assert decision_for("不予支持") == "not_support"
    assert decision_for("同意") is None
