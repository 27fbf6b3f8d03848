"""Looking rules up: the admin's row where there is one, else the registered default."""

from __future__ import annotations

from collections.abc import Iterable

from huajie.deadlines import DeadlineRule

from .models import TimeLimitRule
from .registry import default_rule, registered_codes, rule_name


def rules_by_code(codes: Iterable[str]) -> dict[str, DeadlineRule]:
    """The rules in force for `codes`, in one query."""
    wanted = set(codes)
    if not wanted:
        return {}
    rows = {row.code: row.as_rule() for row in TimeLimitRule.objects.filter(code__in=wanted)}
    return {code: rows.get(code) or default_rule(code) for code in wanted}


def rules_seed(*, using: str = "default") -> int:
    """Create a row for every registered rule that has none, so admins see and may tune it.
    Returns how many were created; existing rows (an admin's edits) are left as they are."""
    have = set(TimeLimitRule.objects.using(using).values_list("code", flat=True))
    rows = []
    for code in registered_codes():
        if code in have:
            continue
        rule = default_rule(code)
        rows.append(
            TimeLimitRule(
                code=code,
                name=rule_name(code),
                days=rule.days,
                kind=rule.kind.value,
                source=rule.source,
                start_event=rule.start_event,
                roll_forward=rule.roll_forward_if_rest_day,
                max_extension_days=rule.max_extension_days,
            )
        )
    TimeLimitRule.objects.using(using).bulk_create(rows)
    return len(rows)
