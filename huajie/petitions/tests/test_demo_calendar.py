"""The demo in December: its clocks reach a year the holiday package may not cover yet."""

from __future__ import annotations

from io import StringIO

import pytest
import time_machine

from huajie.deadlines import schedules_from_chinesecalendar
from huajie.deadlines.statutory import as_entry, statutory_days
from huajie.orgs.holidays import working_calendar
from huajie.orgs.models import HolidaySchedule
from huajie.petitions.demo import PROVISIONAL_NOTICE, seed

pytestmark = pytest.mark.django_db


def test_the_years_the_package_lacks_get_their_statutory_days_saying_so():
    first_missing = max(schedules_from_chinesecalendar()) + 1
    with time_machine.travel(f"{first_missing}-12-10 10:00 +0800", tick=False):
        seed(StringIO())
    entries = {e.year: e for e in HolidaySchedule.objects.all()}
    assert set(entries) == {first_missing, first_missing + 1}
    for year, entry in entries.items():
        assert entry.notice == PROVISIONAL_NOTICE
        assert entry.holidays == as_entry(statutory_days(year))
    assert set(working_calendar().years) >= {first_missing, first_missing + 1}


def test_an_admins_entry_is_never_replaced():
    year = max(schedules_from_chinesecalendar()) + 1
    HolidaySchedule.objects.create(
        year=year, notice="国办发明电〔2026〕9号", holidays=f"{year}-01-01"
    )
    with time_machine.travel(f"{year - 1}-12-10 10:00 +0800", tick=False):
        seed(StringIO())
    assert HolidaySchedule.objects.get(year=year).notice == "国办发明电〔2026〕9号"
