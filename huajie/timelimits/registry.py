"""The default rules each module brings, by code, with their Chinese names.

A module registers its statutory defaults once (petitions: the 2022 Regulations' limits, from
`huajie.deadlines.DEFAULT_RULES`; emergency: a plan's minute limits). An admin may override a
rule's length or counting in the `TimeLimitRule` table; a rule without a row uses its default.
Whether a rule is a *window* (an option that lapses, never a staff deadline) is a property of the
law and always comes from the default.
"""

from __future__ import annotations

from collections.abc import Mapping

from huajie.deadlines import DeadlineRule, MinuteRule

Rule = DeadlineRule | MinuteRule

_DEFAULTS: dict[str, Rule] = {}
_NAMES: dict[str, str] = {}


def register_rules(rules: Mapping[str, Rule], names: Mapping[str, str]) -> None:
    for code, rule in rules.items():
        if code != rule.code:
            raise ValueError(f"Rule registered as {code!r} has code {rule.code!r}.")
        _DEFAULTS[code] = rule
        _NAMES[code] = names.get(code, code)


def default_rule(code: str) -> Rule:
    try:
        return _DEFAULTS[code]
    except KeyError:
        raise KeyError(f"No time-limit rule {code!r} is registered.") from None


def rule_name(code: str) -> str:
    return _NAMES.get(code, code)


def registered_codes() -> list[str]:
    return sorted(_DEFAULTS)
