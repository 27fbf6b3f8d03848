"""The inputs an action declares once become both its screen form and its API body: files
(multipart on the API), a select of the record's own options, rows of fields, and an action that
names no version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from huajie.common.errors import ApplicationError
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user
from huajie.workflow.actions import Action, ActionRegistry, Input
from huajie.workflow.api import action_urls, body_class, parse_write
from huajie.workflow.forms import build_form

pytestmark = pytest.mark.django_db


@dataclass
class Step:
    pk: int
    name: str


@dataclass
class Record:
    pk: int
    version: int
    steps: list[Step]


@dataclass(frozen=True)
class Row:
    text: str
    step: Step | None
    due_on: date | None


CALLS: list[dict[str, Any]] = []


def _service(**kwargs: Any) -> None:
    CALLS.append(kwargs)


def _steps(record: Record) -> list[tuple[Step, str]]:
    return [(s, s.name) for s in record.steps]


STEP = Input("step", "处置步骤", "select", required=True, options=_steps)
FILES = Input("files", "照片或录音", "file", accept="image/*,audio/*", note="每次最多9个")
ROWS = Input("items", "改进措施", "rows", count=2, row_type=Row, fields=(
    Input("text", "内容"), Input("step", "对应步骤", "select", options=_steps),
    Input("due_on", "完成期限", "date"),
))  # fmt: skip
DONE = Action("done", "完成", _service, "record", lambda u, r: True, inputs=(STEP, FILES),
              versioned=False)  # fmt: skip
REVIEW = Action("review", "总结", _service, "record", lambda u, r: True, inputs=(ROWS,))
RECORD = Record(pk=7, version=3, steps=[Step(11, "疏散香客"), Step(12, "切断电源")])


def _photo(name: str = "p.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0 a photo", content_type="image/jpeg")


def test_the_form_offers_the_records_own_options_and_takes_several_files() -> None:
    form = build_form(DONE, RECORD, namespace="t")
    html = form.as_p()
    assert '<option value="11">疏散香客</option>' in html and "切断电源" in html
    assert 'accept="image/*,audio/*"' in html and "multiple" in html and "每次最多9个" in html
    bound = build_form(DONE, RECORD, data={"done-step": "12"}, namespace="t",
                       files={"done-files": [_photo(), _photo("q.jpg")]})  # fmt: skip
    assert bound.is_valid(), bound.errors
    data = bound.inputs_data()
    assert data["step"] == RECORD.steps[1] and [f.name for f in data["files"]] == ["p.jpg", "q.jpg"]
    other = build_form(DONE, RECORD, data={"done-step": "99"}, namespace="t")
    assert not other.is_valid() and "请从列表中选择处置步骤" in str(other.errors)
    empty = build_form(DONE, RECORD, data={"done-step": "11"}, namespace="t")
    assert empty.is_valid() and empty.inputs_data()["files"] == []


def test_the_form_shows_rows_and_keeps_only_the_filled_ones() -> None:
    form = build_form(REVIEW, RECORD, namespace="t")
    assert [(f.name, f.label) for f in form.visible_fields()] == [
        ("items_0_text", "改进措施1"), ("items_0_step", "对应步骤"), ("items_0_due_on", "完成期限"),
        ("items_1_text", "改进措施2"), ("items_1_step", "对应步骤"), ("items_1_due_on", "完成期限"),
    ]  # fmt: skip
    bound = build_form(REVIEW, RECORD, namespace="t", data={
        "review-version": "3", "review-items_0_text": "清理通道", "review-items_0_step": "11",
        "review-items_0_due_on": "2026/12/20",
    })  # fmt: skip
    assert bound.is_valid(), bound.errors
    assert bound.inputs_data() == {"items": [Row("清理通道", RECORD.steps[0], date(2026, 12, 20))]}


def test_the_api_body_takes_an_offered_key_rows_and_no_version_when_unversioned() -> None:
    body = body_class(DONE, "TDone")
    assert "version" not in body().fields
    assert parse_write(body, {"step": "11"}, RECORD)["step"] == RECORD.steps[0]
    with pytest.raises(Exception, match="不是该记录可选的项"):
        parse_write(body, {"step": "12345"}, RECORD)
    review = body_class(REVIEW, "TReview")
    with pytest.raises(ApplicationError, match="请提供 version"):
        parse_write(review, {"items": []}, RECORD)
    got = parse_write(review, {"version": 3, "items": [
        {"text": "清理通道", "step": 12, "due_on": "2026-12-20"}]}, RECORD)  # fmt: skip
    assert got["items"] == [Row("清理通道", RECORD.steps[1], date(2026, 12, 20))]


def test_the_api_path_of_an_action_with_files_takes_a_multipart_body() -> None:
    CALLS.clear()
    user = make_user(make_unit("清河县应急管理局"), RoleCode.COMMANDER)
    registry = ActionRegistry([DONE])
    [pattern] = action_urls(
        registry, route="t/<int:pk>/actions/{action}/", name="t-{action}",
        component="TMultipart{action}", load=lambda u, pk: RECORD,
        respond=lambda request, pk: Response({"ok": pk}),
        tags=["t"], responses={},
    )  # fmt: skip
    request = APIRequestFactory().post(
        "/t/7/actions/done/", {"step": "11", "files": [_photo(), _photo("q.jpg")]},
        format="multipart",
    )  # fmt: skip
    force_authenticate(request, user)
    response = pattern.callback(request, pk=7)
    assert response.status_code == 200, response.data
    [call] = CALLS
    assert call["record"] is RECORD and call["step"] == RECORD.steps[0]
    assert [f.name for f in call["files"]] == ["p.jpg", "q.jpg"]
    assert "expected_version" not in call
