"""The statutory calendar: working days, time-limit rules, deadlines and clocks.

Pure Python (no Django). The Django side builds one `WorkingCalendar` from
`schedules_from_chinesecalendar()` plus admin-entered years and passes it in.
"""

from .clock import Clock, clock_extend, clock_pause, clock_resume, clock_start
from .compute import Deadline, compute_deadline
from .errors import ClockError, MissingScheduleError, ScheduleError
from .explain import MAX_EXPLAIN_DAYS, DayNote, Explanation, explain
from .rules import DEFAULT_RULES, DayKind, DeadlineRule
from .schedule import YearSchedule, schedules_from_chinesecalendar
from .working_calendar import WorkingCalendar

__all__ = [
    "DEFAULT_RULES",
    "MAX_EXPLAIN_DAYS",
    "Clock",
    "ClockError",
    "DayKind",
    "DayNote",
    "Deadline",
    "DeadlineRule",
    "Explanation",
    "MissingScheduleError",
    "ScheduleError",
    "WorkingCalendar",
    "YearSchedule",
    "clock_extend",
    "clock_pause",
    "clock_resume",
    "clock_start",
    "compute_deadline",
    "explain",
    "schedules_from_chinesecalendar",
]
