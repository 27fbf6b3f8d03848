"""Screening rounds on real dates: weekly villages, a fortnightly town; "none found" is a valid
report; late and missing rounds are visible to the town; a report for another unit is refused."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.mediation.models import ScreeningSchedule
from huajie.mediation.services import screening as svc

from .factories import make_town, register

pytestmark = pytest.mark.django_db
MONDAY = date(2025, 12, 1)


@time_machine.travel(date(2025, 12, 24))
def test_periods_reports_late_and_missing() -> None:
    t = make_town()
    ScreeningSchedule.objects.create(unit=t.village, every_days=7, starts_on=MONDAY)
    ScreeningSchedule.objects.create(
        unit=t.committee, every_days=svc.default_every(t.committee), starts_on=MONDAY
    )
    # week 1 on time ("none found"), week 2 late, week 3 missing, week 4 (12-22..28) open
    svc.screening_report(
        unit=t.village,
        acting_user=t.village_mediator,
        period_start=MONDAY,
        none_found=True,
        reported_on=date(2025, 12, 7),
    )
    d = register(t)
    svc.screening_report(unit=t.village, acting_user=t.village_mediator,
                         period_start=date(2025, 12, 8), none_found=False, disputes=[d],
                         reported_on=date(2025, 12, 16))  # fmt: skip
    overview = svc.screening_overview(user=t.town_leader, today=date(2025, 12, 24))
    village = next(u for u in overview if u.unit == t.village)
    assert [p.state for p in village.periods] == ["on_time", "late", "missing", "open"]
    committee = next(u for u in overview if u.unit == t.committee)
    assert [p.period.end for p in committee.periods] == [date(2025, 12, 14), date(2025, 12, 28)]
    assert committee.missing == 1


@time_machine.travel(date(2025, 12, 10))
def test_bad_reports_are_refused_with_a_sentence() -> None:
    t = make_town()
    ScreeningSchedule.objects.create(unit=t.village, every_days=7, starts_on=MONDAY)
    with pytest.raises(PermissionDenied, match="不能替"):
        svc.screening_report(unit=t.village, acting_user=t.other_mediator, period_start=MONDAY,
                             none_found=True)  # fmt: skip
    with pytest.raises(ApplicationError, match="零报告也要报"):
        svc.screening_report(unit=t.village, acting_user=t.village_mediator,
                             period_start=MONDAY, none_found=False)  # fmt: skip
    with pytest.raises(ApplicationError, match="不在本单位的排查计划内"):
        svc.screening_report(unit=t.village, acting_user=t.village_mediator,
                             period_start=date(2025, 12, 2), none_found=True)  # fmt: skip
    svc.screening_report(unit=t.village, acting_user=t.village_mediator, period_start=MONDAY,
                         none_found=True)  # fmt: skip
    with pytest.raises(ApplicationError, match="已经报过了"):
        svc.screening_report(unit=t.village, acting_user=t.village_mediator,
                             period_start=MONDAY, none_found=True)  # fmt: skip


@time_machine.travel(date(2025, 12, 10))
def test_screening_page_and_report_form() -> None:
    t = make_town()
    ScreeningSchedule.objects.create(unit=t.village, every_days=7, starts_on=MONDAY)
    c = Client()
    c.force_login(t.village_mediator)
    page = c.get(reverse("mediation:screening")).content.decode()
    assert "未报" in page and "填报本期排查" in page
    r = c.post(
        reverse("mediation:screening-report"),
        {"unit": t.village.pk, "period_start": "2025-12-01", "none_found": "on"},
    )
    assert r.status_code == 302
    other = Client()
    other.force_login(t.other_mediator)
    r = other.post(
        reverse("mediation:screening-report"),
        {"unit": t.village.pk, "period_start": "2025-12-08", "none_found": "on"},
    )
    assert r.status_code == 403 and "不能替" in r.content.decode()


@time_machine.travel(date(2025, 12, 20))
def test_analysis_meeting_minutes_print() -> None:
    t = make_town()
    d = register(t)
    c = Client()
    c.force_login(t.town_leader)
    r = c.post(reverse("mediation:meeting-new"), {"held_on": "2025-12-19", "chair": "黄志强",
               "attendees": "各村调委会主任", "discussion": "研判通行纠纷",
               "decisions": "一周内调结",
               "disputes": [str(d.pk)]})  # fmt: skip
    assert r.status_code == 302
    minutes = c.get(r["Location"]).content.decode()
    assert (
        "矛盾纠纷分析研判例会纪要" in minutes
        and d.reg_no in minutes
        and "data-med-print" in minutes
    )
    r = c.post(reverse("mediation:meeting-new"), {"held_on": "2025-12-19", "chair": ""})
    assert r.status_code == 400


@time_machine.travel(date(2025, 12, 10))
def test_api_screening_report() -> None:
    t = make_town()
    ScreeningSchedule.objects.create(unit=t.village, every_days=7, starts_on=MONDAY)
    c = Client()
    c.force_login(t.village_mediator)
    r = c.post("/api/v1/mediation/screening/",
               {"unit": t.village.pk, "period_start": "2025-12-01", "none_found": True},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 201 and r.json()["late"] is True
    states = c.get("/api/v1/mediation/screening/").json()[0]["periods"]
    assert [p["state"] for p in states] == ["late", "open"]
    other = Client()
    other.force_login(t.other_mediator)
    r = other.post("/api/v1/mediation/screening/",
                   {"unit": t.village.pk, "period_start": "2025-12-08", "none_found": True},
                   content_type="application/json")  # fmt: skip
    assert r.status_code == 403 and "不能替" in r.json()["message"]


@time_machine.travel(date(2025, 12, 24))
def test_town_committee_sees_the_villages_missing_rounds_but_reports_only_its_own() -> None:
    t = make_town()
    for unit, every in ((t.village, 7), (t.other_village, 7), (t.committee, 14)):
        ScreeningSchedule.objects.create(unit=unit, every_days=every, starts_on=MONDAY)
    svc.screening_report(unit=t.other_village, acting_user=t.other_mediator,
                         period_start=date(2025, 12, 15), none_found=True,
                         reported_on=date(2025, 12, 21))  # fmt: skip
    # the town's committee sits beside the villages, and still sees every unit of the town
    seen = {u.unit for u in svc.screening_overview(user=t.town_mediator, today=date(2025, 12, 24))}
    assert seen == {t.village, t.other_village, t.committee}
    mine = {
        u.unit for u in svc.screening_overview(user=t.village_mediator, today=date(2025, 12, 24))
    }
    assert mine == {t.village}
    c = Client()
    c.force_login(t.town_mediator)
    page = c.get(reverse("mediation:screening")).content.decode()
    assert "上期未报：" in page and "西街村村民委员会（12月15日–12月21日）" in page
    assert "河口村村民委员会（12月15日" not in page
    assert f'name="unit" value="{t.village.pk}"' not in page  # no report form for a village
    assert f'name="unit" value="{t.committee.pk}"' in page
    with pytest.raises(PermissionDenied, match="不能替"):
        svc.screening_report(unit=t.village, acting_user=t.town_mediator,
                             period_start=date(2025, 12, 15), none_found=True)  # fmt: skip


@time_machine.travel(date(2026, 2, 10))
def test_monthly_meeting_held_missing_or_still_open() -> None:
    t = make_town()
    svc.meeting_record(unit=t.committee, acting_user=t.town_mediator, held_on=date(2025, 12, 29),
                       chair="黄志强", attendees="各村调委会主任", discussion="研判",
                       decisions="一周内调结")  # fmt: skip
    months = svc.meeting_months(user=t.town_leader, today=date(2026, 2, 10), last=3)
    assert [(m.month, m.state) for m in months] == [
        (date(2026, 2, 1), "open"), (date(2026, 1, 1), "missing"), (date(2025, 12, 1), "held")
    ]  # fmt: skip
    # the village sees only its own subtree: the committee's meeting is not its meeting
    village = svc.meeting_months(user=t.village_mediator, today=date(2026, 2, 10), last=3)
    assert village[2].state == "missing"


@time_machine.travel(date(2025, 12, 24))
def test_leader_home_card_counts_missed_rounds_overdue_and_the_meeting() -> None:
    from huajie.mediation.navigation import leader_live

    t = make_town()
    ScreeningSchedule.objects.create(unit=t.village, every_days=7, starts_on=MONDAY)
    register(t)
    live = leader_live(t.town_leader)
    counts = {c.label: c.value for c in live.counts}
    assert counts["上期排查未报"] == 1 and counts["待受理纠纷"] == 1
    assert counts["本月研判例会未召开"] == 1
    c = Client()
    c.force_login(t.town_leader)
    assert "上期排查未报" in c.get("/").content.decode()


@time_machine.travel(date(2025, 12, 10))
def test_a_dispute_found_in_a_round_is_registered_from_it_and_listed_in_it() -> None:
    from huajie.mediation.models import Dispute

    from .factories import dispute_type

    t = make_town()
    ScreeningSchedule.objects.create(unit=t.village, every_days=7, starts_on=MONDAY)
    found = svc.screening_report(unit=t.village, acting_user=t.village_mediator,
                                 period_start=date(2025, 12, 8), none_found=False,
                                 findings="发现通道堆放柴草争执")  # fmt: skip
    c = Client()
    c.force_login(t.village_mediator)
    assert "登记发现的纠纷" in c.get(reverse("mediation:screening")).content.decode()
    form = c.get(reverse("mediation:register") + f"?round={found.pk}").content.decode()
    assert "排查发现：西街村村民委员会12月8日–12月14日排查" in form
    assert f'name="screening_round" value="{found.pk}"' in form
    r = c.post(reverse("mediation:register"), {
        "screening_round": found.pk, "unit": t.village.pk, "received_on": "2025-12-10",
        "procedure": "full", "title": "通道堆放柴草纠纷", "dispute_type": dispute_type().pk,
        "dispute_class": "3", "source": "screening", "summary": "李家在通道堆放柴草",
        "p0_side": "applicant", "p0_name": "张大山", "p1_side": "respondent", "p1_name": "李小河",
    })  # fmt: skip
    assert r.status_code == 302
    d = Dispute.objects.get()
    assert d.screening_round == found and list(found.disputes.all()) == [d]
    # another village's round is not offered, nor can a dispute be listed in it
    other = Client()
    other.force_login(t.other_mediator)
    page = other.get(reverse("mediation:register") + f"?round={found.pk}").content.decode()
    assert "排查发现：" not in page
    with pytest.raises(ApplicationError, match="不能把"):
        register(t, user=t.other_mediator, screening_round=found, on=date(2025, 12, 10))


@time_machine.travel(date(2025, 12, 20))
def test_api_meetings_record_and_list_with_the_same_scoping() -> None:
    t = make_town()
    d = register(t, user=t.town_mediator)
    c = Client()
    c.force_login(t.town_mediator)
    r = c.post("/api/v1/mediation/meetings/",
               {"held_on": "2025-12-19", "chair": "黄志强", "attendees": "各村调委会主任",
                "discussion": "研判通行纠纷", "decisions": "一周内调结", "disputes": [d.pk]},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 201 and r.json()["disputes"] == [d.pk]
    assert r.json()["unit"] == t.committee.pk
    bad = c.post("/api/v1/mediation/meetings/", {"held_on": "2025-12-19", "chair": ""},
                 content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and bad.json()["message"].endswith("。")
    leader = Client()
    leader.force_login(t.town_leader)
    assert [m["chair"] for m in leader.get("/api/v1/mediation/meetings/").json()] == ["黄志强"]
    other = Client()
    other.force_login(t.other_mediator)
    assert other.get("/api/v1/mediation/meetings/").json() == []
    refused = other.post("/api/v1/mediation/meetings/",
                         {"unit": t.committee.pk, "held_on": "2025-12-19", "chair": "某",
                          "attendees": "某", "discussion": "某", "decisions": "某"},
                         content_type="application/json")  # fmt: skip
    assert refused.status_code == 403
