"""The petitions API: a case's whole life through HTTP, and every refusal as JSON with a Chinese
message and a stable code that leaves the case exactly as it was."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from huajie.orgs.models import Region, User
from huajie.orgs.tests.factories import make_user
from huajie.petitions import services
from huajie.petitions.models import Category, Petition, Petitioner, PetitionEvent
from huajie.petitions.tests.factories import VALID_IDS, County, make_county, register

TODAY = date(2025, 10, 20)
LIST = "/api/v1/petitions/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def today():
    moment = datetime(2025, 10, 20, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=True):
        yield TODAY


@pytest.fixture
def c(db) -> County:
    return make_county()


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(petition_id: int, tail: str = "") -> str:
    return f"{LIST}{petition_id}/{tail}"


def act(user: User, petition_id: int, name: str, version: int | None, **body: Any):
    data = dict(body) if version is None else {"version": version, **body}
    return client_for(user).post(url(petition_id, f"actions/{name}/"), data, format="json")


def ok(response, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()


def refused(response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert body["code"] == code, body
    assert re.search(r"[\u4e00-\u9fff]", body["message"]), body  # a sentence in Chinese
    return body


def snapshot(petition_id: int) -> tuple[str, int, int]:
    """What a refused write must not change."""
    petition = Petition.objects.get(pk=petition_id)
    return (
        petition.status,
        petition.version,
        PetitionEvent.objects.filter(petition=petition).count(),
    )


def person(index: int, *, rep: bool = False, **extra: Any) -> dict[str, Any]:
    return {
        "name": f"信访人{index}",
        "id_number": VALID_IDS[index % len(VALID_IDS)],
        "phone": "13812345678",
        "address": "清河县幸福路1号",
        "is_representative": rep,
        **extra,
    }


def intake(**overrides: Any) -> dict[str, Any]:
    body = {
        "channel": "visit",
        "petition_class": "complaint",
        "title": "小区外墙脱落无人维修",
        "content": "某小区3栋外墙瓷砖脱落，多次向物业反映无果，请求住建部门督促维修。",
        "received_on": "2025-10-17",
        "petitioners": [person(0)],
    }
    body.update(overrides)
    return body


def handling_case(c: County) -> Petition:
    """A case registered, accepted and assigned to the department, in handling."""
    petition = register(c)
    services.petition_accept(petition=petition, acting_user=c.clerk, expected_version=None)
    services.petition_assign(
        petition=petition,
        acting_user=c.clerk,
        expected_version=None,
        handling_unit=c.dept,
        responsible_leader=c.dept_leader,
        handler=c.handler,
    )
    services.petition_start_handling(
        petition=petition, acting_user=c.handler, expected_version=None
    )
    return petition


def action_names(detail: dict[str, Any]) -> set[str]:
    return {a["action"] for a in detail["actions"]}


# ---- the whole life of a case ------------------------------------------------------------------


def test_group_visit_from_intake_to_archive(c):
    category = Category.objects.create(name="城乡建设", level=1, full_name="城乡建设")
    Region.objects.create(code="110105000000", name="清河县", level="county")
    body = intake(
        is_group=True,
        headcount=12,
        category=category.pk,
        region="110105000000",
        received_on="2025/10/17",
        petitioners=[person(0, rep=True), person(1, rep=True), person(2)],
    )
    response = client_for(c.clerk).post(LIST, body, format="json")
    created = ok(response, 201)
    pk = created["id"]
    assert created["status"] == "registered" and created["version"] == 1
    assert created["received_on"] == "2025-10-17" and created["next_due"] == "2025-11-03"
    assert created["reg_no"].endswith("-2025-00001") and len(created["query_code"]) == 8
    assert response["Location"] == created["url"] == f"http://testserver{url(pk)}"
    detail = ok(client_for(c.clerk).get(created["url"]))
    assert {k: detail[k] for k in created if k != "url"} == {
        k: v for k, v in created.items() if k != "url"
    }
    assert detail["category"]["name"] == "城乡建设" and detail["region"]["code"] == "110105000000"
    assert [p["is_representative"] for p in detail["petitioners"]] == [True, True, False]
    assert detail["petitioners"][0]["id_number"] == "1101**********002X"
    assert detail["petitioners"][0]["phone"] == "138****5678"
    assert {"accept", "transfer", "not_accept"} <= action_names(detail)
    assert {k["kind"] for k in detail["clocks"]} == {"route", "acceptance_notice"}
    assert created["next_due"] == min(k["due"] for k in detail["clocks"])

    detail = ok(act(c.clerk, pk, "accept", 1))
    assert detail["status"] == "accepted"
    handling = next(k for k in detail["clocks"] if k["kind"] == "handling")
    assert handling["due"] == "2025-12-19" and handling["rule_days"] == 60
    assert handling["rule_source"].endswith("第三十四条") and handling["calendar_version"]
    assert handling["state"] == "on_time"

    detail = ok(
        act(
            c.clerk,
            pk,
            "assign",
            2,
            handling_unit=c.dept.pk,
            responsible_leader=c.dept_leader.pk,
            handler=c.handler.pk,
        )
    )
    assert detail["status"] == "assigned" and detail["handler"]["id"] == c.handler.pk
    assert "start_handling" in action_names(ok(client_for(c.handler).get(url(pk))))

    detail = ok(act(c.handler, pk, "start_handling", 3))
    detail = ok(
        act(
            c.handler,
            pk,
            "reply",
            detail["version"],
            request="维修外墙",
            facts="外墙确有脱落",
            reasons="物业负有维修义务",
            decision="support",
            legal_basis="《物业管理条例》第五十五条",
        )
    )
    assert detail["status"] == "replied" and detail["reply"]["decision_label"] == "支持"
    detail = ok(act(c.clerk, pk, "evaluate", detail["version"], satisfaction="satisfied"))
    assert detail["satisfaction_label"] == "满意"
    detail = ok(act(c.clerk, pk, "close", detail["version"]))
    detail = ok(act(c.clerk, pk, "archive", detail["version"]))

    assert detail["status"] == "archived" and detail["version"] == 8
    # Archived, yet the petitioner's 30-day review window still runs (Art.35): a timely request
    # reopens the case; return visits may still be recorded.
    assert action_names(detail) == {"request_review", "return_visit"}
    transitions = [e["action"] for e in detail["events"] if e["kind"] == "transition"]
    assert transitions == [
        "accept",
        "assign",
        "start_handling",
        "reply",
        "evaluate",
        "close",
        "archive",
    ]
    assert detail["events"][0]["kind"] == "registered"
    assert detail["events"][1]["actor"]["id"] == c.clerk.pk


def test_a_transfer_reaches_a_unit_outside_the_subtree_which_accepts_it(c):
    petition = register(c)
    detail = ok(act(c.clerk, petition.pk, "transfer", 1, to_unit=c.other_dept.pk, note="属人社"))
    assert detail["status"] == "transferred" and detail["handling_unit"]["id"] == c.other_dept.pk
    receiver = ok(client_for(c.outsider).get(url(petition.pk)))
    assert {"accept", "return"} <= action_names(receiver)
    assert ok(act(c.outsider, petition.pk, "accept", 2))["status"] == "accepted"


def test_review_and_its_answer(c):
    petition = handling_case(c)
    services.petition_reply(
        petition=petition,
        acting_user=c.handler,
        expected_version=None,
        request="r",
        facts="f",
        reasons="x",
        decision="explain",
        legal_basis="l",
    )
    detail = ok(
        act(
            c.clerk,
            petition.pk,
            "request_review",
            petition.version,
            reason="不服答复",
            reviewing_unit=c.county.pk,
        )
    )
    assert detail["status"] == "under_review"
    assert detail["reviews"][0]["reviewing_unit"]["name"] == c.county.name
    detail = ok(
        act(
            c.county_leader,
            petition.pk,
            "answer_review",
            detail["version"],
            decision="not_support",
            opinion="维持原处理意见",
        )
    )
    assert detail["status"] == "closed" and detail["reviews"][0]["decision"] == "not_support"


def test_work_during_handling_lands_on_the_timeline(c):
    petition = handling_case(c)
    version = petition.version
    version = ok(act(c.handler, petition.pk, "note", version, text="现场查看"))["version"]
    version = ok(act(c.dept_leader, petition.pk, "instruction", version, text="尽快"))["version"]
    version = ok(
        act(
            c.dept_leader,
            petition.pk,
            "extend",
            version,
            days=15,
            reason="需要鉴定",
            on="2025/10/20",
        )
    )["version"]
    version = ok(act(c.clerk, petition.pk, "remind", version, note="请加快办理"))["version"]
    detail = ok(
        act(c.clerk, petition.pk, "supervise", version, note="督办", respond_by="2025/10/25")
    )
    kinds = [e["kind"] for e in detail["events"]]
    assert kinds[-5:] == ["note", "instruction", "extension", "reminder", "supervision"]
    assert [s["kind"] for s in detail["supervisions"]] == ["reminder", "notice"]
    assert detail["supervisions"][1]["respond_by"] == "2025-10-25"
    handling = next(k for k in detail["clocks"] if k["kind"] == "handling")
    assert handling["extension_days"] == 15 and handling["extension_reason"] == "需要鉴定"


def test_return_visit_after_the_reply(c):
    petition = handling_case(c)
    services.petition_reply(
        petition=petition,
        acting_user=c.handler,
        expected_version=None,
        request="r",
        facts="f",
        reasons="x",
        decision="support",
        legal_basis="l",
    )
    detail = ok(
        act(
            c.clerk,
            petition.pk,
            "return_visit",
            petition.version,
            method="phone",
            note="已维修",
            satisfaction="satisfied",
        )
    )
    assert detail["visits"][0]["method_label"] == "电话"


def test_attachment_is_checked_by_content(c):
    petition = register(c)
    client = client_for(c.clerk)
    scan = SimpleUploadedFile("scan.png", PNG, content_type="image/png")
    body = ok(client.post(url(petition.pk, "attachments/"), {"version": 1, "file": scan}), 201)
    assert body["kind"] == "image" and body["mime"] == "image/png"
    fake = SimpleUploadedFile("virus.png", b"MZ\x90\x00" * 20, content_type="image/png")
    refused(
        client.post(url(petition.pk, "attachments/"), {"version": 1, "file": fake}),
        400,
        "upload_type_not_allowed",
    )
    scan.seek(0)
    refused(client.post(url(petition.pk, "attachments/"), {"file": scan}), 400, "version_required")
    scan.seek(0)
    refused(
        client.post(url(petition.pk, "attachments/"), {"version": 7, "file": scan}),
        409,
        "stale_version",
    )
    assert petition.attachments.count() == 1


# ---- refusals: 4xx JSON, Chinese message, stable code, nothing changed --------------------------


def test_wrong_id_checksum_registers_nothing(c):
    body = intake(petitioners=[person(0, id_number="110101199003070135")])
    error = refused(client_for(c.clerk).post(LIST, body, format="json"), 400, "invalid_id_number")
    assert "校验位" in error["fields"]["petitioners[0].id_number"][0]
    assert Petition.objects.count() == 0 and Petitioner.objects.count() == 0


def test_a_sixth_representative_is_refused(c):
    reps = [person(i, rep=True, id_number="") for i in range(6)]
    body = intake(is_group=True, headcount=30, petitioners=reps)
    error = refused(
        client_for(c.clerk).post(LIST, body, format="json"), 400, "too_many_representatives"
    )
    assert "5" in error["message"]
    assert Petition.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("category", 99999, "问题分类不存在"),
        ("region", "999999999999", "区划代码 999999999999 不存在"),
        ("received_on", "2025.10.17", "2026-01-05 或 2026/1/5"),
        ("channel", "pigeon", ""),
    ],
)
def test_unknown_references_and_bad_dates_are_named_in_chinese(c, field, value, says):
    error = refused(
        client_for(c.clerk).post(LIST, intake(**{field: value}), format="json"),
        400,
        "validation_error",
    )
    assert says in error["fields"][field][0]
    assert re.search(r"[\u4e00-\u9fff]", error["fields"][field][0])
    assert Petition.objects.count() == 0


def test_a_second_extension_and_a_long_one_are_refused(c):
    petition = handling_case(c)
    refused(
        act(c.dept_leader, petition.pk, "extend", petition.version, days=31, reason="鉴定"),
        400,
        "extension_too_long",
    )
    version = ok(
        act(c.dept_leader, petition.pk, "extend", petition.version, days=30, reason="鉴定")
    )["version"]
    before = snapshot(petition.pk)
    error = refused(
        act(c.dept_leader, petition.pk, "extend", version, days=5, reason="再延"),
        400,
        "extension_already_used",
    )
    assert "只能延期一次" in error["message"]
    assert snapshot(petition.pk) == before


def test_review_request_after_its_window_is_refused(c):
    petition = register(c, received_on=date(2025, 8, 20))
    services.petition_accept(
        petition=petition, acting_user=c.clerk, expected_version=None, on=date(2025, 8, 21)
    )
    services.petition_assign(
        petition=petition,
        acting_user=c.clerk,
        expected_version=None,
        handling_unit=c.dept,
        responsible_leader=c.dept_leader,
        handler=c.handler,
        on=date(2025, 8, 21),
    )
    services.petition_start_handling(
        petition=petition, acting_user=c.handler, expected_version=None, on=date(2025, 8, 22)
    )
    services.petition_reply(
        petition=petition,
        acting_user=c.handler,
        expected_version=None,
        request="r",
        facts="f",
        reasons="x",
        decision="explain",
        legal_basis="l",
        on=date(2025, 8, 25),
    )
    before = snapshot(petition.pk)
    error = refused(
        act(
            c.clerk,
            petition.pk,
            "request_review",
            petition.version,
            reason="不服",
            reviewing_unit=c.county.pk,
        ),
        400,
        "review_request_window_closed",
    )
    assert "30日内" in error["message"]
    assert snapshot(petition.pk) == before and petition.reviews.count() == 0


def test_a_transition_not_allowed_from_the_current_state(c):
    petition = register(c)
    before = snapshot(petition.pk)
    error = refused(act(c.clerk, petition.pk, "close", 1), 400, "invalid_transition")
    assert "已登记" in error["message"]
    assert snapshot(petition.pk) == before


def test_only_the_handler_side_may_reply(c):
    petition = handling_case(c)
    before = snapshot(petition.pk)
    refused(
        act(
            c.clerk,
            petition.pk,
            "reply",
            petition.version,
            request="r",
            facts="f",
            reasons="x",
            decision="support",
            legal_basis="l",
        ),
        403,
        "permission_denied",
    )
    assert snapshot(petition.pk) == before


def test_another_units_case_is_not_found_like_a_missing_one(c):
    petition = register(c)
    outsider = client_for(c.outsider)
    missing = refused(outsider.get(url(999_999)), 404, "not_found")
    assert refused(outsider.get(url(petition.pk)), 404, "not_found") == missing
    refused(outsider.get(url(petition.pk, "personal-data/")), 404, "not_found")
    refused(act(c.outsider, petition.pk, "accept", 1), 404, "not_found")
    assert snapshot(petition.pk) == ("registered", 1, 1)
    assert ok(outsider.get(LIST))["count"] == 0


def test_two_clerks_on_the_same_version_the_second_is_told_to_reload(c):
    petition = handling_case(c)
    seen = ok(client_for(c.handler).get(url(petition.pk)))["version"]
    assert ok(client_for(c.dept_leader).get(url(petition.pk)))["version"] == seen
    ok(act(c.handler, petition.pk, "note", seen, text="第一条：已约谈物业"))
    before = snapshot(petition.pk)
    error = refused(
        act(c.dept_leader, petition.pk, "instruction", seen, text="第二条"), 409, "stale_version"
    )
    assert "刷新" in error["message"]
    assert snapshot(petition.pk) == before
    reloaded = ok(client_for(c.dept_leader).get(url(petition.pk)))
    assert reloaded["version"] == seen + 1
    assert reloaded["events"][-1]["text"] == "第一条：已约谈物业"
    ok(act(c.dept_leader, petition.pk, "instruction", reloaded["version"], text="第二条"))


def test_stale_transition_changes_nothing(c):
    petition = register(c)
    ok(act(c.clerk, petition.pk, "accept", 1))
    before = snapshot(petition.pk)
    refused(
        act(
            c.office_leader,
            petition.pk,
            "assign",
            1,
            handling_unit=c.dept.pk,
            responsible_leader=c.dept_leader.pk,
            handler=c.handler.pk,
        ),
        409,
        "stale_version",
    )
    assert snapshot(petition.pk) == before


def test_every_write_needs_a_version(c):
    petition = register(c)
    error = refused(act(c.clerk, petition.pk, "accept", None), 400, "version_required")
    assert "version" in error["message"] and error["fields"]["version"]
    refused(act(c.clerk, petition.pk, "remind", None, note="快"), 400, "version_required")
    assert snapshot(petition.pk) == ("registered", 1, 1)


def test_unknown_action_and_unknown_reference(c):
    petition = register(c)
    refused(act(c.clerk, petition.pk, "approve_everything", 1), 404, "unknown_action")
    error = refused(
        act(c.clerk, petition.pk, "transfer", 1, to_unit=99999), 400, "validation_error"
    )
    assert "单位不存在或已停用" in error["fields"]["to_unit"][0]
    error = refused(
        act(
            c.clerk,
            petition.pk,
            "assign",
            1,
            handling_unit=c.dept.pk,
            responsible_leader=99999,
            handler=c.handler.pk,
        ),
        400,
        "validation_error",
    )
    assert "用户不存在或已停用" in error["fields"]["responsible_leader"][0]
    refused(act(c.clerk, petition.pk, "accept", 1, on="2025-10-21"), 400, "date_in_future")
    assert snapshot(petition.pk) == ("registered", 1, 1)


def test_answering_a_review_that_was_never_requested(c):
    petition = register(c)
    response = act(c.clerk, petition.pk, "answer_review", 1, decision="support", opinion="x")
    refused(response, 400, "invalid_transition")
    assert snapshot(petition.pk) == (petition.status, petition.version, 1)


# ---- reads --------------------------------------------------------------------------------------


def test_ledger_rows_filters_and_pages(c):
    first = handling_case(c)
    register(c, title="自来水水压不足")
    register(c, title="噪声扰民")
    client = client_for(c.clerk)
    page = ok(client.get(LIST, {"page_size": 2}))
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    row = ok(client.get(LIST, {"status": "handling"}))["results"][0]
    assert row["id"] == first.pk and row["status_label"] == "办理中"
    assert row["handler_name"] == str(c.handler) and row["handling_unit_name"] == c.dept.name
    assert row["clock_state"] == "on_time" and row["next_due"]
    assert "petitioners" not in row and "刘桂兰" not in str(page)
    assert [r["title"] for r in ok(client.get(LIST, {"q": "水压"}))["results"]] == [
        "自来水水压不足"
    ]
    assert ok(client.get(LIST, {"date_from": "2025/10/1"}))["count"] == 0
    refused(client.get(LIST, {"status": "lost"}), 400, "validation_error")


@pytest.mark.parametrize("size", [3, 30])
def test_the_ledger_costs_the_same_queries_for_3_or_30_rows(c, size, django_assert_max_num_queries):
    for i in range(size):
        petition = register(c, title=f"事项{i}")
        if i % 2:
            services.petition_accept(petition=petition, acting_user=c.clerk, expected_version=None)
    client = client_for(User.objects.get(pk=c.clerk.pk))  # nothing cached on the user
    with django_assert_max_num_queries(8):
        body = ok(client.get(LIST, {"page_size": 100}))
    assert body["count"] == size


def test_the_case_page_costs_the_same_queries_however_long_its_timeline(c):
    counts = []
    for notes in (1, 8):
        petition = handling_case(c)
        version = petition.version
        for i in range(notes):
            version = ok(act(c.handler, petition.pk, "note", version, text=f"记录{i}"))["version"]
        client = client_for(User.objects.get(pk=c.handler.pk))
        with CaptureQueriesContext(connection) as queries:
            ok(client.get(url(petition.pk)))
        counts.append(len(queries.captured_queries))
    # People by one query per role (selectors.PEOPLE), the petitioners' own history by one more.
    assert counts[0] == counts[1] <= 15


def test_my_work_and_categories(c):
    petition = register(c)
    services.petition_accept(petition=petition, acting_user=c.clerk, expected_version=None)
    services.petition_assign(
        petition=petition,
        acting_user=c.clerk,
        expected_version=None,
        handling_unit=c.dept,
        responsible_leader=c.dept_leader,
        handler=c.handler,
    )
    assert [r["id"] for r in ok(client_for(c.handler).get(f"{LIST}my-work/"))["results"]] == [
        petition.pk
    ]
    parent = Category.objects.create(name="城乡建设", level=1, full_name="城乡建设")
    Category.objects.create(name="物业", parent=parent, level=2, full_name="城乡建设/物业")
    rows = ok(client_for(c.handler).get(f"{LIST}categories/"))
    assert [(r["name"], r["parent"], r["level"]) for r in rows] == [
        ("城乡建设", None, 1),
        ("物业", parent.pk, 2),
    ]


def test_registration_needs_a_unit_and_the_right_role(c):
    response = client_for(c.handler).post(LIST, intake(), format="json")
    assert response.json()["code"] == "permission_denied"  # status: see petition_register
    nobody = make_user(None, "clerk")
    refused(client_for(nobody).post(LIST, intake(), format="json"), 403, "permission_denied")


def test_the_browsable_api_renders_the_ledger(c):
    register(c)
    response = client_for(c.clerk).get(LIST, HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and "小区外墙" in response.content.decode()


def test_a_body_that_is_not_an_object_is_refused(c):
    petition = register(c)
    client = client_for(c.clerk)
    refused(
        client.post(url(petition.pk, "actions/accept/"), [1], format="json"),
        400,
        "validation_error",
    )
    refused(client.post(LIST, [1], format="json"), 400, "validation_error")


def test_schema_is_served(c):
    response = client_for(c.clerk).get("/api/v1/schema/")
    assert response.status_code == 200
    # One path, with its own request schema, per action.
    assert b"/api/v1/petitions/{id}/actions/accept/:" in response.content
    assert b"PetitionReturnVisit:" in response.content and b"PetitionExtend:" in response.content


# -- issue 10, item 10: no 500 on any input ---------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/petitions/?unit=1e20",
        "/api/v1/petitions/?unit=99999999999999999999999",
        "/api/v1/petitions/?category=99999999999999999999999",
        "/api/v1/petitions/?category=-1",
        "/api/v1/petitions/?date_from=0001-01-05",
        "/api/v1/similarity/hot/?start=0001-01-05&end=0001-01-06",
    ],
)
def test_out_of_range_parameters_are_refused_with_a_sentence_not_a_500(c, url):
    client = APIClient()
    client.force_authenticate(c.clerk)
    response = client.get(url)
    assert response.status_code == 400, response.content
    assert response.json()


def test_a_huge_exclude_for_duplicate_candidates_is_a_400(c):
    client = APIClient()
    client.force_authenticate(c.clerk)
    response = client.post(
        "/api/v1/similarity/candidates/",
        {"title": "路灯", "exclude": 10**30},
        format="json",
    )
    assert response.status_code == 400


def test_a_reversed_date_range_is_refused_not_an_empty_list(c):
    client = APIClient()
    client.force_authenticate(c.clerk)
    response = client.get("/api/v1/petitions/?date_from=2025-10-09&date_to=2025-10-01")
    assert response.status_code == 400
    assert "不能早于" in response.content.decode()
