"""The screens: register, ledger, dispute page and its actions, scoping (another unit's dispute
is 404 on the page and the API), refusals shown as sentences."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from huajie.mediation.models import Dispute, DisputeEvent, EventKind
from huajie.mediation.states import Status
from huajie.orgs.models import User

from .factories import dispute_type, make_town, register

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 20)


def client_for(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


@time_machine.travel(TODAY)
def test_register_form_creates_a_dispute() -> None:
    t = make_town()
    c = client_for(t.village_mediator)
    page = c.get(reverse("mediation:register"))
    assert page.status_code == 200 and "登记矛盾纠纷" in page.content.decode()
    response = c.post(
        reverse("mediation:register"),
        {
            "unit": t.village.pk, "received_on": "2025/12/19", "procedure": "full",
            "title": "宅基地边界纠纷", "dispute_type": dispute_type("宅基地").pk,
            "dispute_class": "2", "source": "walk_in", "summary": "两户因界桩位置争执",
            "p0_side": "applicant", "p0_kind": "person", "p0_name": "赵一",
            "p0_phone": "13812345678", "p1_side": "respondent", "p1_kind": "person",
            "p1_name": "钱二",
        },
    )  # fmt: skip
    d = Dispute.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mediation/{d.pk}/"
    assert d.parties.count() == 2 and d.received_on == date(2025, 12, 19)


@time_machine.travel(TODAY)
def test_register_refusal_is_a_sentence_and_saves_nothing() -> None:
    t = make_town()
    response = client_for(t.village_mediator).post(
        reverse("mediation:register"),
        {"unit": t.village.pk, "received_on": "2025-12-19", "procedure": "full",
         "title": "纠纷", "dispute_type": dispute_type().pk, "dispute_class": "3",
         "source": "walk_in", "summary": "情况", "p0_side": "applicant", "p0_name": "赵一"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "请至少填写一名申请方和一名被申请方" in response.content.decode()
    assert not Dispute.objects.exists()


@time_machine.travel(TODAY)
def test_pages_render_and_actions_run() -> None:
    t = make_town()
    d = register(t)
    c = client_for(t.village_mediator)
    assert c.get(reverse("mediation:index")).status_code == 200
    assert c.get(reverse("mediation:my")).status_code == 200
    assert c.get(reverse("mediation:rates")).status_code == 200
    assert c.get(reverse("mediation:screening")).status_code == 200
    page = c.get(reverse("mediation:detail", args=[d.pk])).content.decode()
    assert "138****5678" in page and "13812345678" not in page
    r = c.post(reverse("mediation:act", args=[d.pk, "accept"]),
               {"accept-version": d.version, "accept-on": "2025-12-19"})  # fmt: skip
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.ACCEPTED
    r = c.post(reverse("mediation:act", args=[d.pk, "fail"]),
               {"fail-version": d.version, "fail-route": "court"})  # fmt: skip
    assert r.status_code == 400 and "请至少选择一项调解不成的原因" in r.content.decode()
    r = c.post(reverse("mediation:act", args=[d.pk, "fail"]),
               {"fail-version": d.version, "fail-route": "court",
                "fail-reasons": ["withdrew", "unreachable"]})  # fmt: skip
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.failure_reasons == ["withdrew", "unreachable"]


@time_machine.travel(TODAY)
def test_each_action_button_is_a_link_that_opens_its_panel_without_javascript() -> None:
    t = make_town()
    d = register(t)
    c = client_for(t.village_mediator)
    url = reverse("mediation:detail", args=[d.pk])
    page = c.get(url).content.decode()
    assert 'href="?panel=accept#act-accept"' in page
    assert 'class="collapse show" id="act-accept"' not in page
    opened = c.get(url, {"panel": "accept"}).content.decode()
    assert 'class="collapse show" id="act-accept"' in opened
    assert 'class="collapse show" id="act-decline"' not in opened
    assert c.get(url, {"panel": "nonsense"}).status_code == 200


@time_machine.travel(TODAY)
def test_reveal_is_logged() -> None:
    t = make_town()
    d = register(t)
    party = d.parties.first()
    assert party is not None
    page = client_for(t.village_mediator).post(
        reverse("mediation:reveal", args=[d.pk]), {"party": party.pk}
    )
    assert "13812345678" in page.content.decode()
    assert DisputeEvent.objects.filter(dispute=d, kind=EventKind.FULL_VIEW).exists()


@time_machine.travel(TODAY)
def test_another_units_dispute_is_not_found() -> None:
    t = make_town()
    d = register(t)
    other = client_for(t.other_mediator)
    assert other.get(reverse("mediation:detail", args=[d.pk])).status_code == 404
    assert other.get(f"/api/v1/mediation/disputes/{d.pk}/").status_code == 404
    assert other.post(reverse("mediation:act", args=[d.pk, "accept"]), {}).status_code == 404
    assert client_for(t.c.clerk).get(reverse("mediation:detail", args=[d.pk])).status_code == 404
    # the town above sees it
    assert (
        client_for(t.town_leader).get(reverse("mediation:detail", args=[d.pk])).status_code == 200
    )


@time_machine.travel(TODAY)
def test_api_register_and_act() -> None:
    t = make_town()
    c = client_for(t.village_mediator)
    r = c.post(
        "/api/v1/mediation/disputes/",
        {"title": "欠薪纠纷", "summary": "包工头拖欠工资",
         "dispute_type": dispute_type("拖欠工资").pk, "dispute_class": 2, "source": "walk_in",
         "procedure": "full", "received_on": "2025-12-18",
         "parties": [{"side": "applicant", "name": "孙三"},
                     {"side": "respondent", "name": "李四"}]},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    detail = c.get(f"/api/v1/mediation/disputes/{pk}/").json()
    assert {"action": "accept", "label": "受理"} in detail["actions"]
    r = c.post(f"/api/v1/mediation/disputes/{pk}/actions/accept/", {"version": detail["version"]},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    r = c.post(f"/api/v1/mediation/disputes/{pk}/actions/fail/",
               {"version": r.json()["version"], "reasons": "", "route": "court"},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and r.json()["code"] == "reasons_required"


@time_machine.travel(TODAY)
def test_signed_session_record_is_uploaded_checked_and_served(
    settings: Any, tmp_path: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from huajie.mediation import services as s

    settings.MEDIA_ROOT = tmp_path
    t = make_town()
    d = register(t)
    s.dispute_accept(dispute=d, acting_user=t.village_mediator, expected_version=d.version)
    session = s.session_record(
        dispute=d, acting_user=t.village_mediator, expected_version=d.version, held_on=TODAY,
        place="调解室", attendees="双方", statements="陈述", outcome="继续调解",
    )  # fmt: skip
    c = client_for(t.village_mediator)
    url = reverse("mediation:scan-upload", args=[d.pk, session.pk])
    fake = SimpleUploadedFile("x.png", b"MZ\x90\x00" * 20, content_type="image/png")
    assert c.post(url, {"file": fake}).status_code == 400
    png = SimpleUploadedFile("笔录.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert c.post(url, {"file": png}).status_code == 302
    served = c.get(reverse("mediation:scan-file", args=[d.pk, session.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert (
        client_for(t.other_mediator)
        .get(reverse("mediation:scan-file", args=[d.pk, session.pk]))
        .status_code
        == 404
    )


@time_machine.travel(date(2025, 12, 20))
def test_ledger_filters_by_committee_or_by_a_whole_town() -> None:
    t = make_town()
    village = register(t)
    committee = register(t, user=t.town_mediator)
    c = Client()
    c.force_login(t.town_leader)
    page = c.get(reverse("mediation:index")).content.decode()
    assert "城关镇人民政府（全乡镇）" in page
    town = c.get(reverse("mediation:index") + f"?unit={t.town.pk}").content.decode()
    assert village.reg_no in town and committee.reg_no in town
    only = c.get(reverse("mediation:index") + f"?unit={t.village.pk}").content.decode()
    assert village.reg_no in only and committee.reg_no not in only
    api = c.get(f"/api/v1/mediation/disputes/?unit={t.committee.pk}").json()
    assert [r["reg_no"] for r in api["results"]] == [committee.reg_no]


@time_machine.travel(date(2025, 12, 20))
def test_a_back_dated_step_shows_the_date_it_took_effect() -> None:
    from huajie.mediation import services as s

    t = make_town()
    d = register(t)
    s.dispute_accept(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                     on=date(2025, 11, 4))  # fmt: skip
    c = Client()
    c.force_login(t.village_mediator)
    page = c.get(reverse("mediation:detail", args=[d.pk])).content.decode()
    assert "办理日期 2025-11-04" in page
    events = c.get(f"/api/v1/mediation/disputes/{d.pk}/").json()["events"]
    assert [e["on"] for e in events] == [None, "2025-11-04"]
