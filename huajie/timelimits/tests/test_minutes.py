"""Minute rules in the shared rule table and the stored minute clock helpers."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from huajie.deadlines import DeadlineRule, MinuteRule
from huajie.timelimits.minutes import minute_row, minute_stop, minutes_left, minutes_over
from huajie.timelimits.models import MinuteClock, TimeLimitRule
from huajie.timelimits.registry import register_rules
from huajie.timelimits.rules import rules_seed, typed_rules

SHANGHAI = ZoneInfo("Asia/Shanghai")
ON_SITE = MinuteRule("test.on_site", 30, "《某镇应急预案》5.2", "自接报时起")
register_rules({ON_SITE.code: ON_SITE}, {ON_SITE.code: "到达现场"})


class Clock(MinuteClock):
    """A concrete clock for the helpers (never saved)."""

    class Meta(MinuteClock.Meta):
        abstract = False
        app_label = "timelimits"
        managed = False


def test_a_clock_across_midnight_is_met_or_late_by_the_minute():
    start = datetime(2026, 12, 31, 23, 50, tzinfo=SHANGHAI)
    row = minute_row(Clock, kind="on_site", rule=ON_SITE, start_at=start)
    assert row.due_at == datetime(2027, 1, 1, 0, 20, tzinfo=SHANGHAI)
    assert minutes_left(row, now=start + timedelta(minutes=10)) == 20
    minute_stop(row, at=start + timedelta(minutes=31, seconds=5))
    assert row.outcome == "late" and minutes_over(row, now=start) == 2
    on_time = minute_row(Clock, kind="on_site", rule=ON_SITE, start_at=start)
    minute_stop(on_time, at=on_time.due_at)
    assert on_time.outcome == "on_time" and minutes_left(on_time, now=start) is None


@pytest.mark.django_db
def test_an_admin_may_shorten_a_minute_rule_which_stays_a_minute_rule():
    rules_seed()
    row = TimeLimitRule.objects.get(code=ON_SITE.code)
    assert (row.kind, row.amount) == ("minutes", 30) and str(row) == "到达现场（30分钟）"
    TimeLimitRule.objects.filter(pk=row.pk).update(amount=15)
    assert typed_rules([ON_SITE.code], MinuteRule)[ON_SITE.code].minutes == 15
    with pytest.raises(TypeError):
        typed_rules([ON_SITE.code, "petition.handling"], MinuteRule)
    assert typed_rules(["petition.handling"], DeadlineRule)["petition.handling"].days == 60
