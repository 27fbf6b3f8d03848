"""Looking rules up: the admin's row where there is one, else the registered default."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from huajie.deadlines import DeadlineRule, MinuteRule

from .models import MINUTES, TimeLimitRule
from .registry import Rule, default_rule, registered_codes, rule_name

R = TypeVar("R", DeadlineRule, MinuteRule)


def rules_by_code(codes: Iterable[str]) -> dict[str, Rule]:
    """The rules in force for `codes`, in one query."""
    wanted = set(codes)
    if not wanted:
        return {}
    rows = {row.code: row.as_rule() for row in TimeLimitRule.objects.filter(code__in=wanted)}
    return {code: rows.get(code) or default_rule(code) for code in wanted}


def typed_rules(codes: Iterable[str], kind: type[R]) -> dict[str, R]:
    """`rules_by_code` for rules that must all be of one kind (day rules for a DayClock, minute
    rules for a MinuteClock); an admin cannot turn one into the other."""
    found = rules_by_code(codes)
    for code, rule in found.items():
        if not isinstance(rule, kind):
            raise TypeError(f"Rule {code} is a {type(rule).__name__}, expected {kind.__name__}.")
    return found  # type: ignore[return-value]


def rules_seed(*, using: str = "default") -> int:
    """Create a row for every registered rule that has none, so admins see and may tune it.
    Returns how many were created; existing rows (an admin's edits) are left as they are."""
    have = set(TimeLimitRule.objects.using(using).values_list("code", flat=True))
    rows = []
    for code in registered_codes():
        if code in have:
            continue
        rows.append(_row(code, default_rule(code)))
    TimeLimitRule.objects.using(using).bulk_create(rows)
    return len(rows)


def _row(code: str, rule: Rule) -> TimeLimitRule:
    if isinstance(rule, MinuteRule):
        return TimeLimitRule(
            code=code,
            name=rule_name(code),
            amount=rule.minutes,
            kind=MINUTES,
            source=rule.source,
            start_event=rule.start_event,
            roll_forward=False,
        )
    return TimeLimitRule(
        code=code,
        name=rule_name(code),
        amount=rule.days,
        kind=rule.kind.value,
        source=rule.source,
        start_event=rule.start_event,
        roll_forward=rule.roll_forward_if_rest_day,
        max_extension_days=rule.max_extension_days,
    )
