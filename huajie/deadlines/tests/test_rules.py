"""The default rules of the 2022 Regulations, and rule validation."""

from __future__ import annotations

import pytest

from huajie.deadlines import DEFAULT_RULES, DayKind, DeadlineRule

EXPECTED = {
    "petition.register_route": (15, DayKind.CALENDAR, "第二十二条", None, False),
    "petition.acceptance_notice": (15, DayKind.CALENDAR, "第二十三条", None, False),
    "petition.objection_not_competent": (5, DayKind.WORKING, "第二十三条", None, True),
    "petition.handling": (60, DayKind.CALENDAR, "第三十四条", 30, False),
    "petition.review_request": (30, DayKind.CALENDAR, "第三十五条", None, True),
    "petition.review_answer": (30, DayKind.CALENDAR, "第三十五条", None, False),
    "petition.rereview_request": (30, DayKind.CALENDAR, "第三十六条", None, True),
    "petition.rereview_answer": (30, DayKind.CALENDAR, "第三十六条", None, False),
}


def test_default_rules_match_the_regulations() -> None:
    assert set(DEFAULT_RULES) == set(EXPECTED)
    for code, (days, kind, article, extension, window) in EXPECTED.items():
        rule = DEFAULT_RULES[code]
        assert rule.code == code
        assert (rule.days, rule.kind, rule.max_extension_days) == (days, kind, extension)
        assert rule.window is window
        assert rule.source == f"《信访工作条例》{article}"
        assert rule.start_event.startswith("自") and rule.start_event.endswith("起")
        assert rule.roll_forward_if_rest_day


def test_kind_accepts_its_stored_string_value() -> None:
    rule = DeadlineRule("x.y", 5, "working", "s", "自收到之日起")  # type: ignore[arg-type]
    assert rule.kind is DayKind.WORKING
    assert not rule.rolls_forward
    assert DayKind.CALENDAR.value == "calendar"
    assert DayKind.WORKING.label == "工作日"


def test_window_is_the_last_field_and_defaults_to_a_staff_limit() -> None:
    rule = DeadlineRule("x.y", 5, DayKind.CALENDAR, "s", "自收到之日起", False, 30)
    assert (rule.roll_forward_if_rest_day, rule.max_extension_days, rule.window) == (
        False,
        30,
        False,
    )
    window = DeadlineRule("x.y", 30, DayKind.CALENDAR, "s", "自收到之日起", True, None, True)
    assert window.window


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"code": ""}, "needs a code"),
        ({"days": 0}, "positive integer"),
        ({"max_extension_days": 0}, "max_extension_days"),
        ({"kind": "weekly"}, "weekly"),
    ],
)
def test_invalid_rules_are_refused(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "code": "x.y",
        "days": 5,
        "kind": DayKind.CALENDAR,
        "source": "s",
        "start_event": "自收到之日起",
    }
    fields.update(kwargs)
    with pytest.raises(ValueError, match=message):
        DeadlineRule(**fields)  # type: ignore[arg-type]
