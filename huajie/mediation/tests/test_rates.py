"""The plan's targets from stored outcomes, each with its count."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from huajie.mediation import services as s
from huajie.mediation.rates import rates_for_user

from .factories import make_town, register
from .test_services import accepted, written

pytestmark = pytest.mark.django_db


@time_machine.travel(date(2025, 12, 20))
def test_rates_count_agreements_failures_and_satisfaction() -> None:
    t = make_town()
    for satisfaction in ("satisfied", "dissatisfied"):
        d = written(t)
        s.dispute_sign(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                       on=date(2025, 11, 21))  # fmt: skip
        s.visit_record(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                       visited_on=date(2025, 12, 1), method="phone", performance="performed",
                       satisfaction=satisfaction)  # fmt: skip
    f = accepted(t)
    s.dispute_fail(dispute=f, acting_user=t.village_mediator, expected_version=f.version,
                   reasons=["no_agreement"], route="court")  # fmt: skip
    register(t)  # registered, not yet mediated
    overall, rows = rates_for_user(user=t.town_leader)
    by = {r.key: r for r in overall}
    assert (by["participation"].num, by["participation"].den) == (3, 4)
    assert (by["success"].num, by["success"].den) == (2, 3)
    assert (by["satisfaction"].num, by["satisfaction"].den) == (1, 2)
    assert by["success"].below_target and by["success"].small
    assert (by["on_time"].num, by["on_time"].den) == (2, 3)  # the failure came after 12-03
    assert [r.label for r in rows] == [t.village.name]
    assert rates_for_user(user=t.other_mediator)[0][0].den == 0  # another village sees nothing


@time_machine.travel(date(2025, 12, 20))
def test_rates_by_town_and_month_and_small_committees_are_not_ranked() -> None:
    from django.test import Client

    t = make_town()
    for _ in range(5):  # the village: five agreements, ranked
        d = written(t)
        s.dispute_sign(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                       on=date(2025, 11, 21))  # fmt: skip
    other = register(t, user=t.other_mediator, on=date(2025, 10, 8))
    s.dispute_accept(dispute=other, acting_user=t.other_mediator, expected_version=other.version,
                     on=date(2025, 10, 8))  # fmt: skip
    s.dispute_fail(dispute=other, acting_user=t.other_mediator, expected_version=other.version,
                   reasons=["unreachable"], route="court", on=date(2025, 10, 20))  # fmt: skip
    _, rows = rates_for_user(user=t.town_leader, by="unit")
    assert [(r.label, r.rank) for r in rows] == [(t.village.name, 1), (t.other_village.name, None)]
    _, towns = rates_for_user(user=t.town_leader, by="town")
    assert [r.label for r in towns] == [t.town.name]
    assert (towns[0].success.num, towns[0].success.den) == (5, 6)
    _, months = rates_for_user(user=t.town_leader, by="month")
    assert [r.label for r in months] == ["2025年10月", "2025年11月"]
    assert [r.rank for r in months] == [None, None]
    c = Client()
    c.force_login(t.town_leader)
    page = c.get("/mediation/rates/?by=town").content.decode()
    assert t.town.name in page and "5/6" in page
    assert "样本少，不排名" in c.get("/mediation/rates/").content.decode()
    api = c.get("/api/v1/mediation/rates/?by=month").json()
    assert [r["label"] for r in api["rows"]] == ["2025年10月", "2025年11月"]
    assert c.get("/api/v1/mediation/rates/?by=year").status_code == 400
