"""Timeline events and notifications. Events are written in the caller's transaction; e-mails are
sent after commit, so a failed send never rolls back a case."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from huajie.orgs.models import User

from ..models import Notification, Petition, PetitionEvent

log = logging.getLogger(__name__)


def event_add(
    *,
    petition: Petition,
    kind: str,
    actor: User | None,
    text: str = "",
    action: str = "",
    from_status: str = "",
    to_status: str = "",
    changes: dict[str, Any] | None = None,
) -> PetitionEvent:
    return PetitionEvent.objects.create(
        petition=petition,
        kind=kind,
        actor=actor,
        text=text,
        action=action,
        from_status=from_status,
        to_status=to_status,
        changes=changes or {},
    )


_suppressed: ContextVar[bool] = ContextVar("notifications_suppressed", default=False)


@contextmanager
def notifications_suppressed() -> Iterator[None]:
    """No notices inside the block: a bulk import of historical cases must not tell the
    importing leader, thousands of times, about work finished years ago."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def notify(
    *,
    users: Iterable[User | None],
    petition: Petition | None,
    message: str,
    actor: User | None = None,
) -> None:
    """An in-app notice now (same transaction), an e-mail copy after commit. Nobody is told
    about what they did themselves (`actor`)."""
    if _suppressed.get():
        return
    recipients = {
        u.pk: u
        for u in users
        if u is not None and u.is_active and (actor is None or u.pk != actor.pk)
    }
    Notification.objects.bulk_create(
        Notification(user=u, petition=petition, message=message) for u in recipients.values()
    )
    emails = [u.email for u in recipients.values() if u.email]
    if emails:
        transaction.on_commit(lambda: _send_mail(emails, message))


def _send_mail(emails: list[str], message: str) -> None:
    try:
        send_mail(
            subject=f"【化解】{message[:40]}",
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=emails,
        )
    except Exception:  # a failed send must never break the request that caused it
        log.exception("notification e-mail failed for %s", emails)
