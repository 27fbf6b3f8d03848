"""The first clocks of a new case, computed before the case exists.

Every later clock change is a step's effect in the state table (`states.py`), applied by the
workflow engine through `timelimits.plan.ClockPlan`, which also keeps `Petition.next_due`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from huajie.common.errors import ApplicationError
from huajie.deadlines import DeadlineRule
from huajie.orgs.holidays import working_calendar
from huajie.timelimits.plan import new_row, staff_due
from huajie.timelimits.rules import typed_rules

from ..clocks import RULE_FOR_CLOCK, ClockKind
from ..models import PetitionClock

running_staff_due = staff_due  # the nearest running staff limit: what `Petition.next_due` holds


def first_clocks(*, kinds: Sequence[str], start: date) -> list[PetitionClock]:
    """The first-round clocks of a case not yet saved (one rule query and one calendar check for
    all of them); the caller sets `petition` and bulk-creates them."""
    rules = typed_rules((RULE_FOR_CLOCK[kind] for kind in kinds), DeadlineRule)
    calendar = working_calendar()
    rows = []
    for kind in kinds:
        row = new_row(
            PetitionClock,
            kind=kind,
            rule=rules[RULE_FOR_CLOCK[kind]],
            calendar=calendar,
            start=start,
        )
        rows.append(row)
    return rows  # type: ignore[return-value]


def registration_due_dates(starts: Iterable[date]) -> dict[date, date | None]:
    """The nearest staff limit a case registered now would have, by its date received: what an
    import of open work previews ("N would be overdue at once"). One rule query, one calendar;
    a date the working calendar does not cover maps to None."""
    kinds = [ClockKind.ROUTE, ClockKind.ACCEPTANCE_NOTICE]
    rules = typed_rules((RULE_FOR_CLOCK[kind] for kind in kinds), DeadlineRule)
    calendar = working_calendar()
    out: dict[date, date | None] = {}
    for start in set(starts):
        try:
            rows = [
                new_row(
                    PetitionClock,
                    kind=kind,
                    rule=rules[RULE_FOR_CLOCK[kind]],
                    calendar=calendar,
                    start=start,
                )
                for kind in kinds
            ]
        except ApplicationError:
            out[start] = None
            continue
        out[start] = running_staff_due(rows)
    return out
