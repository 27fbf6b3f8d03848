"""The demo seed gives the demo mediator real work at every stage (and runs twice safely)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from huajie.mediation.models import Dispute
from huajie.mediation.selectors import work_counts
from huajie.mediation.services.screening import screening_overview
from huajie.mediation.states import Status
from huajie.orgs.models import Role, RoleCode, User

pytestmark = pytest.mark.django_db


def test_seed_gives_the_mediator_disputes_at_several_stages() -> None:
    for code, label in RoleCode.choices:  # a transactional test elsewhere may have flushed them
        Role.objects.get_or_create(code=code, defaults={"name": label})
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent
    statuses = set(Dispute.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)  # every state of the table
    towns = {d.unit.path.split("/")[2] for d in Dispute.objects.select_related("unit")}
    assert len(towns) == 3  # 城关镇, 石门乡, 白沙镇
    village = User.objects.get(username="hk-mediator")
    assert work_counts(user=village, today=timezone.localdate()).on_hand >= 1
    mediator = User.objects.get(username="mediator")
    today = timezone.localdate()
    counts = work_counts(user=mediator, today=today)
    assert counts.on_hand >= 5 and counts.overdue >= 1 and counts.visits_due >= 1
    overview = screening_overview(user=mediator, today=today)
    leader = User.objects.get(username="leader")
    assert any(u.missing for u in screening_overview(user=leader, today=today))
    # the town's committee sees its villages' rounds, one of them missed
    assert len(overview) == 4 and any(u.missing for u in overview)
    from huajie.mediation.navigation import live_counts

    card = {c.label: c.value for c in live_counts(mediator).counts}
    assert card["辖区上期排查未报"] == 1  # 西街村 missed last week's round
