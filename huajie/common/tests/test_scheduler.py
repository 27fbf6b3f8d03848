from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from huajie.common.management.commands.run_scheduler import next_run

TZ = ZoneInfo("Asia/Shanghai")


def test_next_run_is_today_before_the_hour_and_tomorrow_after():
    assert next_run(datetime(2025, 10, 9, 6, 0, tzinfo=TZ), 7, 0) == datetime(
        2025, 10, 9, 7, 0, tzinfo=TZ
    )
    assert next_run(datetime(2025, 10, 9, 7, 0, tzinfo=TZ), 7, 0) == datetime(
        2025, 10, 10, 7, 0, tzinfo=TZ
    )


@pytest.mark.django_db
def test_once_runs_the_daily_sweep(capsys):
    call_command("run_scheduler", "--once")
    assert "时限提醒" in capsys.readouterr().out
