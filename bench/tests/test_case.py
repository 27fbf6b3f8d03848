"""The generator's stand-in case follows the transition table as the services do: steps only from
the statuses the table allows, conditions read from the case, refusals that change nothing, and
the one extension on the service's terms."""

from __future__ import annotations

from datetime import date

import pytest

from bench.generator.case import DueDates, Life, Steps
from huajie.deadlines import MissingScheduleError
from huajie.orgs.holidays import working_calendar

pytestmark = pytest.mark.django_db  # the rules in force are read once from the rule table

OFFICE, DEPT = 1, 2


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


@pytest.fixture
def steps() -> Steps:
    return Steps(DueDates(working_calendar()))


def received(steps: Steps, on: str = "2025-09-01") -> Life:
    return steps.register(Life(received=day(on), unit_id=OFFICE))


def kinds(life: Life) -> list[tuple[str, int, str]]:
    return [(c.kind, c.round, c.outcome) for c in life.clocks]


def test_a_step_the_table_does_not_allow_from_the_status_is_refused(steps):
    life = received(steps)
    with pytest.raises(AssertionError, match="reply does not leave from registered"):
        steps.take(life, "reply", day("2025-09-02"))


def test_the_objection_window_opens_only_when_assigned_to_another_unit(steps):
    own, other = received(steps), received(steps)
    for life, unit in ((own, OFFICE), (other, DEPT)):
        steps.take(life, "accept", day("2025-09-03"), accepted_on=day("2025-09-03"))
        steps.take(life, "assign", day("2025-09-04"), handling_unit_id=unit)
    assert "objection" not in [c.kind for c in own.clocks]
    window = other.current("objection")
    assert window is not None and window.window
    steps.take(other, "start_handling", day("2025-09-05"))
    assert window.stopped == day("2025-09-05") and window.outcome == ""  # a window: no outcome
    assert other.version == 4 and other.next_due() == other.current("handling").due


def test_a_transfer_supersedes_the_notice_and_opens_its_next_round(steps):
    life = received(steps)
    steps.take(life, "transfer", day("2025-09-20"), handling_unit_id=DEPT)
    assert kinds(life) == [
        ("route", 1, "late"),  # 15 days from 1 September ended on the 16th
        ("acceptance_notice", 1, ""),
        ("acceptance_notice", 2, ""),
        ("objection", 1, ""),
    ]
    assert life.status == "transferred"


def test_a_step_whose_limit_needs_a_missing_year_changes_nothing(steps):
    life = received(steps, "2026-10-20")
    before = kinds(life)
    with pytest.raises(MissingScheduleError):  # 60 days from 10 November end in 2027
        steps.take(life, "accept", day("2026-11-10"), accepted_on=day("2026-11-10"))
    assert (life.status, life.accepted_on, life.steps, kinds(life)) == (
        "registered",
        None,
        [],
        before,
    )


def test_the_handling_limit_is_extended_once_within_its_maximum_before_it_expires(steps):
    life = received(steps)
    steps.take(life, "accept", day("2025-09-03"), accepted_on=day("2025-09-03"))
    handling = life.current("handling")
    assert handling is not None
    due = handling.due
    assert not steps.extend(life, "handling", days=31, on=day("2025-10-20"))  # at most 30
    assert not steps.extend(life, "handling", days=10, on=due + 1)  # already expired
    assert steps.extend(life, "handling", days=30, on=day("2025-10-20"))
    assert handling.due > due and handling.extension == 30
    assert not steps.extend(life, "handling", days=5, on=day("2025-10-21"))  # once only
    assert life.version == 3
