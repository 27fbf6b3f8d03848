"""Errors raised by the statutory calendar.

Messages are English sentences for logs and developers; the Django side translates them for users.
"""

from __future__ import annotations


class ScheduleError(ValueError):
    """A year's holiday schedule is inconsistent, or a calendar cannot answer a question."""


class MissingScheduleError(ScheduleError):
    """A deadline needs a year for which no working-day schedule has been entered."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"No working-day schedule for {year}: enter the State Council holiday notice "
            f"for {year} in the admin"
        )

    def __reduce__(self) -> tuple[type[MissingScheduleError], tuple[int]]:
        return (type(self), (self.year,))


class ClockError(ValueError):
    """A clock operation (pause, resume, extend) is not allowed in the clock's current state."""
