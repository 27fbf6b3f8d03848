"""The roster side of /api/v1/duty/: a month generated, published and revised; an override
refused on a locked month; a swap requested, accepted and approved; leave from post in a special
period decided by its leader; another unit's records are 404."""

from __future__ import annotations

from datetime import date

from rest_framework.test import APIClient

from huajie.duty.models import DutySlot
from huajie.duty.services import reports

from .factories import DutyCounty


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def _generate(dc: DutyCounty) -> dict:
    answer = api(dc.officer).post(
        "/api/v1/duty/rosters/generate/",
        {"month": "2026-04", "kind": "full_day",
         "officers": [dc.officer.pk, dc.officer2.pk, dc.officer3.pk],
         "leaders": [dc.leader.pk, dc.leader2.pk]},
        format="json",
    )  # fmt: skip
    assert answer.status_code == 201, answer.json()
    return answer.json()


def test_a_month_is_generated_published_and_revised_through_the_api(dc: DutyCounty) -> None:
    roster = _generate(dc)
    assert (roster["month"], roster["status"], roster["gaps"]) == ("2026-04", "draft", 0)
    c = api(dc.officer)
    published = c.post(f"/api/v1/duty/rosters/{roster['id']}/publish/", {"note": "首版"})
    assert published.status_code == 200
    assert (published.json()["status"], published.json()["edition"]) == ("published", 1)
    slot = DutySlot.objects.filter(unit=dc.town, day=date(2026, 4, 3)).first()
    assert slot is not None
    locked = c.post(
        f"/api/v1/duty/slots/{slot.pk}/assign/", {"user": dc.officer2.pk, "role": "officer"}
    )
    assert locked.status_code == 400
    assert "已发布并锁定" in locked.json()["message"]
    no_reason = c.post(f"/api/v1/duty/rosters/{roster['id']}/revise/", {"reason": " "})
    assert no_reason.status_code == 400
    assert "请写明修订原因" in no_reason.json()["message"]
    revised = c.post(f"/api/v1/duty/rosters/{roster['id']}/revise/", {"reason": "调整带班"})
    assert revised.json()["status"] == "draft"
    other = api(dc.other_officer)
    assert other.post(f"/api/v1/duty/rosters/{roster['id']}/publish/", {}).status_code == 404
    assert (
        other.post(
            f"/api/v1/duty/slots/{slot.pk}/assign/",
            {"user": dc.other_officer.pk, "role": "officer"},
        ).status_code
        == 404
    )
    bad = c.post(
        "/api/v1/duty/rosters/generate/",
        {"month": "2026-05", "kind": "full_day", "officers": [dc.other_officer.pk]},
        format="json",
    )
    assert bad.status_code == 404  # not a person of the unit


def test_a_swap_through_the_api(dc: DutyCounty) -> None:
    _generate(dc)
    mine = api(dc.officer).get("/api/v1/duty/my-shifts/")
    assert mine.status_code == 200
    slot = DutySlot.objects.filter(unit=dc.town, assignments__user=dc.officer).order_by("day")[0]
    on_slot = set(slot.assignments.values_list("user", flat=True))
    taker = next(u for u in (dc.officer2, dc.officer3) if u.pk not in on_slot)
    asked = api(dc.officer).post(
        "/api/v1/duty/swaps/",
        {"slot": slot.pk, "counterpart": taker.pk, "reason": "家中有事"},
        format="json",
    )
    assert asked.status_code == 201, asked.json()
    swap = asked.json()
    assert api(taker).get("/api/v1/duty/swaps/").json()[0]["actions"] == ["accept", "decline"]
    assert api(dc.other_officer).post(f"/api/v1/duty/swaps/{swap['id']}/accept/").status_code == (
        404
    )
    accepted = api(taker).post(f"/api/v1/duty/swaps/{swap['id']}/accept/")
    assert accepted.json()["status"] == "accepted"
    approved = api(dc.leader).post(f"/api/v1/duty/swaps/{swap['id']}/approve/")
    assert approved.json()["status"] == "approved"
    assert slot.assignments.filter(user=taker).exists()


def test_leave_from_post_in_a_special_period_through_the_api(dc: DutyCounty) -> None:
    reports.period_create(
        unit=dc.county, name="全国两会特护期", starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 20), leader=dc.county_leader, acting_user=dc.county_leader,
    )  # fmt: skip
    asked = api(dc.leader2).post(
        "/api/v1/duty/leave/",
        {"starts_on": "2026-03-12", "ends_on": "2026-03-13", "reason": "赴市里参加培训"},
        format="json",
    )
    assert asked.status_code == 201
    leave = asked.json()
    assert leave["period"] == "全国两会特护期"
    assert api(dc.leader).post(f"/api/v1/duty/leave/{leave['id']}/decide/",
                               {"approve": True}, format="json").status_code == 403  # fmt: skip
    refused = api(dc.county_leader).post(
        f"/api/v1/duty/leave/{leave['id']}/decide/", {"approve": False}, format="json"
    )
    assert refused.status_code == 400
    assert "不予批准时请写明理由" in refused.json()["message"]
    approved = api(dc.county_leader).post(
        f"/api/v1/duty/leave/{leave['id']}/decide/",
        {"approve": True, "note": "同意，保持通讯畅通"},
        format="json",
    )
    assert approved.json()["status"] == "approved"
    other = api(dc.other_officer)
    decide = f"/api/v1/duty/leave/{leave['id']}/decide/"
    assert other.post(decide, {"approve": True}, format="json").status_code == 404
    periods = api(dc.officer).get("/api/v1/duty/periods/").json()
    assert [p["name"] for p in periods] == ["全国两会特护期"]
