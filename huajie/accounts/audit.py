"""The security audit trail as a hash chain (等保 2.0 三级 安全审计: records protected against
unexpected deletion, modification or overwriting).

Each `SecurityEvent` stores `prev_hash`, the `row_hash` of the row before it, and `row_hash`,
an HMAC-SHA256 over `prev_hash` and the row's content, keyed by a secret derived from
SECRET_KEY (or AUDIT_CHAIN_KEY): someone who can edit the table cannot recompute the chain
without it. The database already refuses UPDATE (and DELETE on PostgreSQL); the chain finds what
got past it — an edited, deleted or inserted row — when `manage.py verify_audit` walks it. Rows
written before the chain existed have no hash and are reported as such.

Appends are serialised so that two processes never chain onto the same row: a transaction-level
advisory lock on PostgreSQL, SQLite's single writer (transactions begin IMMEDIATE) there.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.db import connection

from .models import SecurityEvent

CHAIN_LOCK = 7201_0001  # pg_advisory_xact_lock key of the audit chain


def _key() -> bytes:
    secret = getattr(settings, "AUDIT_CHAIN_KEY", "") or settings.SECRET_KEY
    return hashlib.sha256(f"huajie-audit-chain:{secret}".encode()).digest()


def _ip(value: str | None) -> str:
    return str(SecurityEvent._meta.get_field("ip_address").get_prep_value(value) or "")


def row_hash(event: SecurityEvent) -> str:
    content = [
        event.prev_hash,
        event.kind,
        event.user_id,
        event.username,
        event.occurred_at.astimezone(UTC).isoformat(),
        _ip(event.ip_address),
        event.user_agent,
    ]
    if event.actor_id is not None:  # rows from before the column keep their hash
        content.append(event.actor_id)
    message = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def chain(event: SecurityEvent) -> None:
    """Link an unsaved event to the chain (call inside the transaction that saves it)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
    last = (
        SecurityEvent.objects.exclude(row_hash="")
        .order_by("-id")
        .values_list("row_hash", flat=True)
        .first()
    )
    event.prev_hash = last or ""
    event.row_hash = row_hash(event)


@dataclass
class Verdict:
    rows: int = 0
    unchained: int = 0  # written before the chain existed
    broken: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken


def verify() -> Verdict:
    """Walk the trail in order. A row whose hash does not match its content was edited; a row
    whose `prev_hash` is not the row before it means rows were deleted or inserted between."""
    verdict = Verdict()
    previous = ""
    started = False
    for event in SecurityEvent.objects.order_by("id").iterator(chunk_size=2000):
        verdict.rows += 1
        if not event.row_hash:
            if started:
                verdict.broken.append(f"第 {event.pk} 条没有校验值（在链开始之后写入，或被改动）。")
            else:
                verdict.unchained += 1
            continue
        if event.prev_hash != previous:
            verdict.broken.append(
                f"第 {event.pk} 条之前的记录被删除、插入或改动（链接不上一条）。"
                if started
                else f"第 {event.pk} 条是链的第一条，却指向一条不存在的记录（之前的记录被删除）。"
            )
        if not hmac.compare_digest(event.row_hash, row_hash(event)):
            verdict.broken.append(f"第 {event.pk} 条的内容与其校验值不符（记录被改动）。")
        previous, started = event.row_hash, True
    return verdict
