"""Every write to notices. A module tells people something with `notice_send` (or one
`notice_digest` for a list of things), and a unit's group chats with `notice_broadcast`.

The in-app rows are written in the caller's transaction; e-mail copies and robot posts are outbox
rows queued after commit (`outbox.py`). Inside `notifications_suppressed()` nothing is written.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.orgs.models import Unit, User

from .channels import absolute_url, email_payload, webhook_payload
from .models import DEDUPE_KEY_MAX, MESSAGE_MAX, Channel, Delivery, Notice, WebhookEndpoint
from .outbox import deliveries_queue

DIGEST_MAX_ITEMS = 100  # listed in the notice; the rest are behind its link

_suppressed: ContextVar[bool] = ContextVar("notifications_suppressed", default=False)


@contextmanager
def notifications_suppressed() -> Iterator[None]:
    """No notices, e-mails or robot posts inside the block: a bulk import of historical cases
    must not tell the importing leader, thousands of times, about work finished years ago."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def daily_key(name: str, day: date) -> str:
    """A de-duplication key good for one local day: `petitions.sweep:2025-12-09`."""
    return f"{name}:{day.isoformat()}"


@dataclass(frozen=True)
class DigestItem:
    text: str
    url: str = ""


def notice_send(
    *,
    recipients: Iterable[User | None],
    message: str,
    target: Model | None = None,
    url: str = "",
    body: str = "",
    actor: User | None = None,
    dedupe_key: str = "",
    ack_due_at: datetime | None = None,
    ack_required: bool = False,
    channels: Collection[str] = (Channel.EMAIL,),
) -> list[Notice]:
    """Tell each recipient `message` (≤300 characters; longer is cut with an ellipsis).

    Inactive users and `None` are skipped, duplicates collapse, and the `actor` is never told
    about what they did themselves. `url` is the page the notice opens, resolved by the caller.
    With a `dedupe_key`, a recipient who already has a notice with that key gets nothing. With
    `ack_due_at` (or `ack_required`) the recipient is asked to tap 收到 by that time.
    `channels` are the copies besides the in-app row, which is always written: e-mail (to users
    with an address) by default; pass `()` for in-app only. Group chats: `notice_broadcast`.
    Returns the notices written.
    """
    return _send(
        recipients=recipients,
        message=message,
        target=target,
        url=url,
        body=body,
        actor=actor,
        dedupe_key=dedupe_key,
        ack_due_at=ack_due_at,
        ack_required=ack_required or ack_due_at is not None,
        channels=channels,
        items=(),
    )


def notice_digest(
    *,
    recipient: User,
    title: str,
    items: Sequence[DigestItem],
    dedupe_key: str,
    url: str = "",
    actor: User | None = None,
    channels: Collection[str] = (Channel.EMAIL,),
) -> Notice | None:
    """ONE notice listing many things (each a text and the page it opens) in its body, instead
    of one notice each. `title` is the message (put the count in it); `url` opens the full list.
    The first `DIGEST_MAX_ITEMS` are listed, the rest are counted. Nothing is sent for an empty
    list or when the recipient already has `dedupe_key` (use `daily_key` for a daily digest)."""
    if not dedupe_key:
        raise ValueError("A digest needs a dedupe_key, e.g. daily_key('petitions.sweep', day).")
    if not items:
        return None
    shown = [{"text": item.text, "url": item.url} for item in items[:DIGEST_MAX_ITEMS]]
    rest = len(items) - len(shown)
    if rest:
        shown.append({"text": f"……另有 {rest} 项，请打开列表查看全部。", "url": url})
    lines = [
        f"{n}. {row['text']}" + (f"  {absolute_url(row['url'])}" if row["url"] else "")
        for n, row in enumerate(shown, start=1)
    ]
    sent = _send(
        recipients=[recipient],
        message=title,
        target=None,
        url=url,
        body="\n".join(lines),
        actor=actor,
        dedupe_key=dedupe_key,
        ack_due_at=None,
        ack_required=False,
        channels=channels,
        items=shown,
    )
    return sent[0] if sent else None


@transaction.atomic
def _send(
    *,
    recipients: Iterable[User | None],
    message: str,
    target: Model | None,
    url: str,
    body: str,
    actor: User | None,
    dedupe_key: str,
    ack_due_at: datetime | None,
    ack_required: bool,
    channels: Collection[str],
    items: Sequence[dict[str, str]],
) -> list[Notice]:
    unknown = set(channels) - {Channel.APP, Channel.EMAIL}
    if unknown:
        raise ValueError(f"Unknown channels {unknown}: group chats go through notice_broadcast.")
    if not message.strip():
        raise ValueError("A notice needs a message.")
    if len(dedupe_key) > DEDUPE_KEY_MAX:
        raise ValueError(f"dedupe_key is longer than {DEDUPE_KEY_MAX} characters: {dedupe_key!r}")
    if _suppressed.get():
        return []
    people = _people(recipients, actor=actor)
    if dedupe_key and people:
        already = set(
            Notice.objects.filter(recipient__in=people, dedupe_key=dedupe_key).values_list(
                "recipient_id", flat=True
            )
        )
        people = [u for u in people if u.pk not in already]
    rows = [
        Notice(
            recipient=user,
            target=target,
            message=_clip(message),
            body=body,
            items=list(items),
            url=url,
            dedupe_key=dedupe_key,
            ack_required=ack_required,
            ack_due_at=ack_due_at,
        )
        for user in people
    ]
    notices = _write_once(rows) if dedupe_key else Notice.objects.bulk_create(rows)
    if Channel.EMAIL in channels:
        _queue_email(notices)
    return notices


def _people(recipients: Iterable[User | None], *, actor: User | None) -> list[User]:
    seen: dict[int, User] = {}
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        seen[user.pk] = user
    return list(seen.values())


def _clip(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= MESSAGE_MAX else message[: MESSAGE_MAX - 1] + "…"


def _write_once(rows: list[Notice]) -> list[Notice]:
    """Keyed notices one by one, each in a savepoint: a concurrent sender that wrote the same
    key first wins, and this one is skipped instead of failing the caller's transaction."""
    written = []
    for row in rows:
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            continue
        written.append(row)
    return written


def _queue_email(notices: list[Notice]) -> None:
    deliveries_queue(
        [
            Delivery(
                channel=Channel.EMAIL,
                notice=n,
                destination=n.recipient.email,
                payload=email_payload(message=n.message, body=n.body, url=n.url),
            )
            for n in notices
            if n.recipient.email
        ]
    )


@transaction.atomic
def notice_broadcast(
    *, unit: Unit, message: str, target: Model | None = None, url: str = "", body: str = ""
) -> list[Delivery]:
    """Post `message` to each active group robot of `unit` (企业微信 / 钉钉 / generic), after
    commit. A unit without robots gets nothing. Returns the deliveries queued."""
    if _suppressed.get():
        return []
    endpoints = WebhookEndpoint.objects.filter(unit=unit, is_active=True).order_by("pk")
    return deliveries_queue(
        [
            Delivery(
                channel=Channel.WEBHOOK,
                endpoint=endpoint,
                destination=endpoint.name[:254],
                payload=webhook_payload(
                    flavour=endpoint.flavour,
                    message=_clip(message),
                    body=body,
                    url=url,
                    target=target,
                ),
            )
            for endpoint in endpoints
        ]
    )


@transaction.atomic
def notice_acknowledge(*, notice: Notice, acting_user: User) -> Notice:
    """收到: the recipient confirms they have the notice. Idempotent: the first tap's time is
    kept. Whether it was within `ack_due_at` is `notice.ack_on_time`."""
    if notice.recipient_id != acting_user.pk:
        raise PermissionDenied("只有通知的接收人可以确认收到。")
    if not notice.ack_required:
        raise ApplicationError("这条通知不需要确认收到，打开查看即可。", code="ack_not_required")
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.acknowledged_at is None:
        now = timezone.now()
        locked.acknowledged_at = now
        locked.read_at = locked.read_at or now
        locked.save(update_fields=["acknowledged_at", "read_at"])
    return locked


def notices_mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark one notice (or all of them) read. Only the user's own notices are touched.
    Returns how many changed (one UPDATE)."""
    qs = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())
