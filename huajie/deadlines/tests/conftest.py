from __future__ import annotations

import pytest

from huajie.deadlines import WorkingCalendar, YearSchedule, schedules_from_chinesecalendar


@pytest.fixture(scope="session")
def package_schedules() -> dict[int, YearSchedule]:
    return schedules_from_chinesecalendar()


@pytest.fixture(scope="session")
def calendar(package_schedules: dict[int, YearSchedule]) -> WorkingCalendar:
    """The calendar of the installed chinesecalendar package (2004–2026 for 1.11)."""
    return WorkingCalendar(package_schedules)
