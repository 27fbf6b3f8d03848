"""The statutory calendar: working days, time limits, deadlines, clocks and daily cut-offs.

Pure Python (no Django). The Django side builds one `WorkingCalendar` from
`schedules_from_chinesecalendar()` plus admin-entered years and passes it in.

- Day limits: `DeadlineRule` (calendar or working days) → `compute_deadline` → `Deadline`;
  `Clock` pauses, resumes and takes one extension.
- Minute limits: `MinuteRule` → `compute_due_at` → `DueAt`, real elapsed time on aware datetimes;
  `is_passed` and `minutes_late` say whether and by how much a moment missed it.
- Daily cut-offs: `CutoffRule` (times every day or each working day), layered for special periods
  by `CutoffPlan`; `cutoffs_on`, `cutoffs_between`, `next_cutoff`, `cutoff_for_report`.
- A rule with `window=True` bounds someone's option (e.g. the petitioner's review request): it
  lapses, and is never late nor a staff deadline.
- `describe` gives any rule in one line of Chinese; `explain` details a day deadline.
"""

from .clock import Clock, clock_extend, clock_pause, clock_resume, clock_start
from .compute import Deadline, compute_deadline
from .cutoff_rules import CutoffDays, CutoffLayer, CutoffPlan, CutoffRule
from .cutoffs import (
    LOCAL_ZONE,
    Cutoff,
    CutoffSchedule,
    cutoff_for_report,
    cutoffs_between,
    cutoffs_on,
    next_cutoff,
)
from .describe import describe
from .errors import ClockError, MissingScheduleError, ScheduleError
from .explain import MAX_EXPLAIN_DAYS, DayNote, Explanation, explain
from .minutes import DueAt, MinuteRule, compute_due_at, is_passed, minutes_late
from .rules import DEFAULT_RULES, DayKind, DeadlineRule
from .schedule import YearSchedule, schedules_from_chinesecalendar
from .working_calendar import WorkingCalendar

__all__ = [
    "DEFAULT_RULES",
    "LOCAL_ZONE",
    "MAX_EXPLAIN_DAYS",
    "Clock",
    "ClockError",
    "Cutoff",
    "CutoffDays",
    "CutoffLayer",
    "CutoffPlan",
    "CutoffRule",
    "CutoffSchedule",
    "DayKind",
    "DayNote",
    "Deadline",
    "DeadlineRule",
    "DueAt",
    "Explanation",
    "MinuteRule",
    "MissingScheduleError",
    "ScheduleError",
    "WorkingCalendar",
    "YearSchedule",
    "clock_extend",
    "clock_pause",
    "clock_resume",
    "clock_start",
    "compute_deadline",
    "compute_due_at",
    "cutoff_for_report",
    "cutoffs_between",
    "cutoffs_on",
    "describe",
    "explain",
    "is_passed",
    "minutes_late",
    "next_cutoff",
    "schedules_from_chinesecalendar",
]
