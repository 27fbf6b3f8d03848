from __future__ import annotations

import pytest

from huajie.deadlines import WorkingCalendar, YearSchedule, schedules_from_chinesecalendar

# The years these tests were written against: a chinesecalendar release that adds 2027 must not
# change them (tests of the Django side take the first year the package lacks instead).
LAST_YEAR = 2026


@pytest.fixture(scope="session")
def package_schedules() -> dict[int, YearSchedule]:
    return {y: s for y, s in schedules_from_chinesecalendar().items() if y <= LAST_YEAR}


@pytest.fixture(scope="session")
def calendar(package_schedules: dict[int, YearSchedule]) -> WorkingCalendar:
    """The calendar of the installed chinesecalendar package (2004–2026 for 1.11)."""
    return WorkingCalendar(package_schedules)
