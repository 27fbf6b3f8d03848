"""ClockPlan: a step's clock effects in memory, written in two statements; windows never late."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huajie.common.errors import ApplicationError
from huajie.deadlines import DeadlineRule
from huajie.petitions.services.workflow import CLOCKS
from huajie.petitions.tests.factories import make_county, register
from huajie.timelimits.models import TimeLimitRule
from huajie.timelimits.plan import ClockPlan, opens, stops
from huajie.timelimits.rules import rules_seed, typed_rules

pytestmark = pytest.mark.django_db


def keep_next_due(plan: ClockPlan, case) -> None:
    """What the workflow engine does with the plan's answer (the suite checks the column)."""
    type(case).objects.filter(pk=case.pk).update(next_due=plan.next_due())


@pytest.fixture
def case():
    with time_machine.travel(date(2025, 10, 20)):
        c = make_county()
        yield register(c)  # received 2025-09-30: route and acceptance notice running


def test_effects_apply_in_memory_and_save_in_two_statements(case):
    plan = ClockPlan(CLOCKS, case)
    plan.apply((*stops("route", "acceptance_notice"), opens("handling")), record=case,
               on=date(2025, 10, 20))  # fmt: skip
    assert plan.next_due() == date(2025, 12, 19)
    with CaptureQueriesContext(connection) as captured:
        plan.save()
    assert len(captured.captured_queries) == 2
    keep_next_due(plan, case)
    route = case.clocks.get(kind="route")
    assert route.stopped_on == date(2025, 10, 20) and route.outcome == "late"  # due 10-15
    assert case.clocks.get(kind="handling").round == 1


def test_a_window_stops_without_an_outcome_and_is_never_the_next_due(case):
    plan = ClockPlan(CLOCKS, case)
    plan.apply((opens("objection"),), record=case, on=date(2025, 10, 9))
    window = plan.current("objection")
    assert window is not None and window.rule_window
    assert plan.next_due() == date(2025, 10, 15)  # the route limit, not the window
    plan.stop("objection", on=date(2025, 11, 1))
    assert window.outcome == ""


def test_a_condition_decides_whether_an_effect_applies(case):
    plan = ClockPlan(CLOCKS, case)
    plan.apply((opens("objection", when=lambda record: False),), record=case, on=date(2025, 10, 9))
    assert plan.current("objection") is None


def test_a_kind_that_ran_before_opens_its_next_round(case):
    plan = ClockPlan(CLOCKS, case)
    plan.stop("acceptance_notice", on=date(2025, 10, 1), superseded=True)
    plan.open("acceptance_notice", start=date(2025, 10, 1))
    plan.save()
    keep_next_due(plan, case)
    rounds = list(case.clocks.filter(kind="acceptance_notice").values_list("round", "outcome"))
    assert rounds == [(1, ""), (2, "")]


def test_one_extension_only(case):
    plan = ClockPlan(CLOCKS, case)
    plan.open("handling", start=date(2025, 10, 9))
    plan.save()
    keep_next_due(plan, case)
    plan = ClockPlan(CLOCKS, case)
    plan.extend("handling", days=30, on=date(2025, 10, 20), reason="复杂", approver=None)
    with pytest.raises(ApplicationError) as err:
        plan.extend("handling", days=5, on=date(2025, 10, 20), reason="再延", approver=None)
    assert err.value.code == "extension_already_used"


def test_an_admins_rule_overrides_the_default_and_the_window_stays_the_laws():
    rules_seed()
    TimeLimitRule.objects.filter(code="petition.objection_not_competent").update(amount=7)
    code = "petition.objection_not_competent"
    rule = typed_rules([code], DeadlineRule)[code]
    assert rule.days == 7 and rule.window
