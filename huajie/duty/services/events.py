"""Writing the duty timeline outside a status change."""

from __future__ import annotations

from typing import Any

from huajie.orgs.models import User

from ..models import DutyEvent


def event(
    *,
    kind: str,
    actor: User | None,
    text: str = "",
    changes: dict[str, Any] | None = None,
    **record: Any,
) -> DutyEvent:
    return DutyEvent.objects.create(
        kind=kind, actor=actor, text=text, changes=changes or {}, **record
    )
