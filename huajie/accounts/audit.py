"""The security audit trail as a hash chain (等保 2.0 三级 安全审计: records protected against
unexpected deletion, modification or overwriting).

Each `SecurityEvent` stores `prev_hash`, the `row_hash` of the row before it, and `row_hash`,
an HMAC-SHA256 over `prev_hash` and the row's content, keyed by a secret derived from
SECRET_KEY (or AUDIT_CHAIN_KEY): someone who can edit the table cannot recompute the chain
without it. The database already refuses UPDATE (and DELETE on PostgreSQL); the chain finds what
got past it — an edited, deleted or inserted row — when `manage.py verify_audit` walks it. Rows
written before the chain existed have no hash and are reported as such.

Records past their retention leave through `manage.py archive_audit` (accounts/archive.py), which
cuts the chain's head off into a signed file and appends an AUDIT_ARCHIVED row naming the last
hash it removed ("末条校验值 …"). The walk then starts from that hash: the first row left must link
to it, so rows removed without an archive, or beyond its cut, are still found.

Appends are serialised so that two processes never chain onto the same row: a transaction-level
advisory lock on PostgreSQL, SQLite's single writer (transactions begin IMMEDIATE) there.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.db import connection

from .models import SecurityEvent, SecurityEventKind

CHAIN_LOCK = 7201_0001  # pg_advisory_xact_lock key of the audit chain
ANCHOR = re.compile(r"末条校验值 ([0-9a-f]{64}|（无）)")


def key() -> bytes:
    """The chain's HMAC key; archive files are signed with it too."""
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
    if event.detail:  # rows from before the field existed hash as they always did
        content.append(event.detail)
    if event.actor_id is not None:  # rows from before the column keep their hash
        content.append(event.actor_id)
    message = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(key(), message, hashlib.sha256).hexdigest()


def lock() -> None:
    """Serialise writers of the chain until the end of the transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def chain(event: SecurityEvent) -> None:
    """Link an unsaved event to the chain (call inside the transaction that saves it)."""
    lock()
    last = (
        SecurityEvent.objects.exclude(row_hash="")
        .order_by("-id")
        .values_list("row_hash", flat=True)
        .first()
    )
    event.prev_hash = last or ""
    event.row_hash = row_hash(event)


def anchor_text(last_hash: str) -> str:
    return f"末条校验值 {last_hash or '（无）'}"


def anchor() -> str:
    """Where the chain left in the table starts: the last hash the latest archiving removed
    ("" when nothing was ever archived, or only rows from before the chain)."""
    latest = (
        SecurityEvent.objects.filter(kind=SecurityEventKind.AUDIT_ARCHIVED)
        .order_by("-id")
        .values_list("detail", flat=True)
        .first()
    )
    found = ANCHOR.search(latest or "")
    return found.group(1) if found and found.group(1) != "（无）" else ""


@dataclass
class Verdict:
    rows: int = 0
    unchained: int = 0  # written before the chain existed
    broken: list[str] = field(default_factory=list)
    start: str = ""  # the hash the first row links to: "" or an archive's last hash

    @property
    def ok(self) -> bool:
        return not self.broken


def verify() -> Verdict:
    """Walk the trail in order. A row whose hash does not match its content was edited; a row
    whose `prev_hash` is not the row before it means rows were deleted or inserted between."""
    verdict = Verdict(start=anchor())
    previous = verdict.start
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
                else f"第 {event.pk} 条是链的第一条，却接不上最近一次归档的末条（另有记录被删）。"
                if previous
                else f"第 {event.pk} 条是链的第一条，却指向一条不存在的记录（之前的记录被删除）。"
            )
        if not hmac.compare_digest(event.row_hash, row_hash(event)):
            verdict.broken.append(f"第 {event.pk} 条的内容与其校验值不符（记录被改动）。")
        previous, started = event.row_hash, True
    return verdict
