"""Small helpers shared by the emergency services."""

from __future__ import annotations

from datetime import datetime

from huajie.common.errors import ApplicationError


def required_text(value: str | None, message: str, field: str) -> str:
    if not value or not value.strip():
        raise ApplicationError(message, code=f"{field}_required", field=field)
    return value.strip()


def minutes_text(start: datetime, end: datetime) -> str:
    return f"{max(0, int((end - start).total_seconds() // 60))}分钟"


def duration(minutes: int) -> str:
    """A limit as people say it: 90 → "90分钟", 120 → "2小时", 1440 → "24小时"."""
    return f"{minutes // 60}小时" if minutes >= 60 and minutes % 60 == 0 else f"{minutes}分钟"
