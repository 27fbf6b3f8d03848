"""The town's mediation committee oversees its villages' disputes: it reads every one of them
(list, page, API, rates) with their clocks and counts them on its home card, but acts on none —
work moves up by escalation. Another town's disputes stay "not found"."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.common.intake import intake_draft
from huajie.mediation import rules
from huajie.mediation import services as s
from huajie.mediation.actions import ACTIONS
from huajie.mediation.navigation import live_counts
from huajie.mediation.selectors import (
    DisputeFilters,
    dispute_list_for_user,
    oversight_counts,
    work_counts,
)
from huajie.orgs.models import RoleCode, Unit, UnitKind, User
from huajie.orgs.tests.factories import make_unit, make_user

from .factories import Town, make_town, register

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 10)


@pytest.fixture
def t(db: None) -> Town:
    return make_town()


def _other_town(t: Town) -> tuple[Unit, User]:
    town = make_unit("石门乡人民政府", parent=t.c.county, kind=UnitKind.TOWN)
    village = make_unit("石门村村民委员会", parent=town, kind=UnitKind.VILLAGE)
    return village, make_user(village, RoleCode.MEDIATOR)


@time_machine.travel("2025-12-10 09:00 +0800", tick=False)
def test_the_town_committee_reads_every_village_dispute_and_no_other_towns(t: Town) -> None:
    village = register(t)
    other_village = register(t, user=t.other_mediator, place="河口村")
    own = register(t, user=t.town_mediator, place="镇调委会")
    _, stranger = _other_town(t)
    foreign = register(t, user=stranger, place="石门村")
    seen = set(dispute_list_for_user(user=t.town_mediator).values_list("pk", flat=True))
    assert {village.pk, other_village.pk, own.pk} <= seen
    assert foreign.pk not in seen
    # The villages see only their own: oversight is the town committee's, not theirs.
    assert other_village.pk not in set(
        dispute_list_for_user(user=t.village_mediator).values_list("pk", flat=True)
    )
    client = Client()
    client.force_login(t.town_mediator)
    page = client.get(f"/mediation/{village.pk}/")
    assert page.status_code == 200
    assert "督导查看" in page.content.decode()
    assert client.get(f"/api/v1/mediation/disputes/{village.pk}/").status_code == 200
    assert client.get(f"/mediation/{foreign.pk}/").status_code == 404
    assert client.get(f"/api/v1/mediation/disputes/{foreign.pk}/").status_code == 404
    assert "督导查看" not in client.get(f"/mediation/{own.pk}/").content.decode()


def test_oversight_is_read_only_the_village_escalates(t: Town) -> None:
    d = register(t)
    assert rules.oversees_only(t.town_mediator, d)
    assert ACTIONS.available(t.town_mediator, d) == []
    with pytest.raises(PermissionDenied):
        s.dispute_accept(dispute=d, acting_user=t.town_mediator, expected_version=d.version)
    client = Client()
    client.force_login(t.town_mediator)
    answer = client.post(f"/api/v1/mediation/disputes/{d.pk}/actions/accept/",
                         {"version": d.version}, content_type="application/json")  # fmt: skip
    assert answer.status_code == 403
    d.refresh_from_db()
    assert d.status == "registered"
    # Escalation is how the work moves up: then the committee holds it and acts.
    s.dispute_escalate(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                       level="town", reason="涉及两村", to_unit=t.committee)  # fmt: skip
    d.refresh_from_db()
    assert not rules.oversees_only(t.town_mediator, d)
    assert "accept" in {a.name for a in ACTIONS.available(t.town_mediator, d)}


def test_a_village_dispute_is_not_handed_off_from_the_town(t: Town) -> None:
    d = register(t)
    s.dispute_decline(dispute=d, acting_user=t.village_mediator, expected_version=d.version,
                      reason="属劳动争议仲裁范围", route="arbitration")  # fmt: skip
    with pytest.raises(ApplicationError) as refused:
        intake_draft(f"dispute:{d.pk}", t.town_mediator)
    assert refused.value.code == "intake_source_not_yours"
    assert intake_draft(f"dispute:{d.pk}", t.village_mediator).title == d.title


@time_machine.travel("2025-12-10 09:00 +0800", tick=False)
def test_the_town_committee_home_counts_its_villages(t: Town) -> None:
    waiting = register(t, on=date(2025, 12, 8))
    late = register(t, user=t.other_mediator, on=date(2025, 10, 1))
    s.dispute_accept(dispute=late, acting_user=t.other_mediator, expected_version=late.version,
                     on=date(2025, 10, 2))  # fmt: skip
    register(t, user=t.town_mediator, on=date(2025, 12, 9))  # its own: not an oversight count
    c = oversight_counts(user=t.town_mediator, today=TODAY)
    assert c is not None
    assert (c.open, c.overdue, c.waiting) == (2, 1, 1)
    assert oversight_counts(user=t.village_mediator, today=TODAY) is None
    # Its own queue is unchanged: the villages' disputes are not "on hand".
    assert work_counts(user=t.town_mediator, today=TODAY).on_hand == 1
    labels = {c.label: c.value for c in live_counts(t.town_mediator).counts}
    assert labels["辖区村（居）在办"] == 2
    assert labels["辖区村（居）超期"] == 1
    only = dispute_list_for_user(user=t.town_mediator, filters=DisputeFilters(overseen=True))
    assert set(only.values_list("pk", flat=True)) == {waiting.pk, late.pk}
    client = Client()
    client.force_login(t.town_mediator)
    page = client.get("/mediation/?overseen=1&status=open&due=overdue").content.decode()
    assert "共 1 条" in page and late.reg_no in page and "已超期" in page
    assert "只看辖区村（居）调委会的" in page


@time_machine.travel("2025-12-10 09:00 +0800", tick=False)
def test_the_town_committee_ledger_lists_the_town_units_to_filter_by(t: Town) -> None:
    register(t)
    client = Client()
    client.force_login(t.town_mediator)
    page = client.get("/mediation/").content.decode()
    assert "西街村村民委员会" in page and "河口村村民委员会" in page
    client.force_login(t.village_mediator)
    assert "只看辖区村（居）调委会的" not in client.get("/mediation/").content.decode()
