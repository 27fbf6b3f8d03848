"""Retention of the security audit trail: rows are kept at least AUDIT_RETENTION_DAYS (180, 等保
2.0 三级 and 网络安全法 Art. 21 ask for six months); older ones move to a signed archive file.

`audit_archive(before=…)` takes the chain's head — every row before the first one written on or
after `before` (a prefix by id, so the cut is clean) — and, in one transaction holding the chain's
lock:

1. writes it to `AUDIT_ARCHIVE_DIR/audit-<first>-<last>-before-<date>.jsonl.gz` (mode 0600): a
   header line, one line per row with every field, and a closing line with the SHA-256 of all
   lines before it and an HMAC of that under the chain's key (`audit.key()`), synced to disk;
2. deletes those rows (on PostgreSQL with the append-only trigger disabled for this transaction
   only: ALTER TABLE is transactional there, and it locks the table until commit);
3. appends an AUDIT_ARCHIVED row naming the file, the count and the last hash it removed, which
   `audit.verify()` then takes as the chain's start.

If anything fails the transaction rolls back and the file is removed. `archive_verify(path)`
checks a file by itself: its checksum and signature, every row's hash and link.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError

from . import audit
from .models import SecurityEvent, SecurityEventKind
from .services import security_event_record

FORMAT = "huajie-audit-archive/1"
MIN_RETENTION_DAYS = 180
TABLE = SecurityEvent._meta.db_table
FIELDS = ["id", "kind", "user_id", "username", "occurred_at", "ip_address", "user_agent"]
FIELDS += ["detail", "prev_hash", "row_hash"]


def retention_days() -> int:
    return max(MIN_RETENTION_DAYS, int(getattr(settings, "AUDIT_RETENTION_DAYS", 0)))


def latest_allowed(today: date | None = None) -> date:
    """The latest `before` the retention allows: rows of the last 180 days always stay."""
    return (today or timezone.localdate()) - timedelta(days=retention_days())


def archive_dir() -> Path:
    return Path(getattr(settings, "AUDIT_ARCHIVE_DIR", settings.VAR_DIR / "audit-archive"))


@dataclass(frozen=True)
class Archive:
    path: Path
    rows: int
    first_id: int
    last_id: int
    last_hash: str


def audit_archive(*, before: date, directory: Path | None = None) -> Archive | None:
    """Move every row written before `before` (local midnight) to an archive file; None when
    there is none. Refuses a date inside the retention period."""
    if before > latest_allowed():
        raise ApplicationError(
            f"审计记录至少保留 {retention_days()} 天，只能归档 {latest_allowed():%Y-%m-%d} "
            "（含）之前的日期之前的记录。请改用更早的日期。",
            field="before",
        )
    directory = directory or archive_dir()
    cutoff = datetime.combine(before, time(0), tzinfo=timezone.get_default_timezone())
    with transaction.atomic():
        audit.lock()
        first_kept = SecurityEvent.objects.filter(occurred_at__gte=cutoff).order_by("id").first()
        head = SecurityEvent.objects.order_by("id")
        if first_kept is not None:
            head = head.filter(id__lt=first_kept.pk)
        rows = list(head.values(*FIELDS))
        if not rows:
            return None
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"audit-{rows[0]['id']}-{rows[-1]['id']}-before-{before:%Y%m%d}.jsonl.gz"
        _write(path, before, rows)
        try:
            _delete_through(rows[-1]["id"])
            archive = Archive(path, len(rows), rows[0]["id"], rows[-1]["id"], rows[-1]["row_hash"])
            audit_archived_record(archive)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    return archive


def audit_archived_record(archive: Archive) -> None:
    detail = (
        f"归档第 {archive.first_id}–{archive.last_id} 条共 {archive.rows} 条至 "
        f"{archive.path.name}；{audit.anchor_text(archive.last_hash)}"
    )
    security_event_record(kind=SecurityEventKind.AUDIT_ARCHIVED, request=None, detail=detail)


def _line(value: dict[str, Any]) -> bytes:
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode() + b"\n"
    )


def _write(path: Path, before: date, rows: list[dict[str, Any]]) -> None:
    header = {
        "format": FORMAT,
        "before": before.isoformat(),
        "created_at": timezone.now().astimezone(UTC).isoformat(),
        "rows": len(rows),
        "first_id": rows[0]["id"],
        "last_id": rows[-1]["id"],
        "first_prev_hash": rows[0]["prev_hash"],
        "last_hash": rows[-1]["row_hash"],
    }
    digest = hashlib.sha256()
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        for value in (header, *({**r, "occurred_at": _utc(r["occurred_at"])} for r in rows)):
            line = _line(value)
            digest.update(line)
            out.write(line)
        sha = digest.hexdigest()
        out.write(_line({"sha256": sha, "signature": _sign(sha)}))
        out.flush()
        raw.flush()
        os.fsync(raw.fileno())
    os.replace(partial, path)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _sign(sha: str) -> str:
    return hmac.new(audit.key(), f"{FORMAT}:{sha}".encode(), hashlib.sha256).hexdigest()


def _delete_through(last_id: int) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            trigger = f"{TABLE}_append_only"
            # ALTER TABLE refuses to run while deferred foreign-key checks of rows written
            # earlier in the transaction are pending: run them now, then defer again (Django's
            # constraints are INITIALLY DEFERRED).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {trigger}")
            cursor.execute(f"DELETE FROM {TABLE} WHERE id <= %s", [last_id])  # noqa: S608
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {trigger}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id <= %s", [last_id])  # noqa: S608


@dataclass
class FileVerdict:
    rows: int = 0
    last_hash: str = ""
    broken: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken


def archive_verify(path: Path) -> FileVerdict:
    """Check an archive file on its own: checksum, signature, each row's hash and link."""
    try:
        with gzip.open(path, "rb") as stream:
            lines = stream.read().splitlines(keepends=True)
        header, *body, closing = [json.loads(line) for line in lines]
    except (OSError, ValueError, EOFError):
        return FileVerdict(broken=[f"{path.name} 不是完整的审计归档文件（无法读取或已截断）。"])
    verdict = FileVerdict(rows=len(body), last_hash=header.get("last_hash", ""))
    sha = hashlib.sha256(b"".join(lines[:-1])).hexdigest()
    if header.get("format") != FORMAT or closing.get("sha256") != sha:
        verdict.broken = [f"{path.name} 的校验和不符：文件被改动或截断。"]
        return verdict
    if not hmac.compare_digest(closing.get("signature", ""), _sign(sha)):
        verdict.broken.append(f"{path.name} 的签名不符：不是用本系统的密钥写出的。")
    previous = header["first_prev_hash"]
    for row in body:
        event = SecurityEvent(**{**row, "occurred_at": datetime.fromisoformat(row["occurred_at"])})
        if event.row_hash and event.prev_hash != previous:
            verdict.broken.append(f"{path.name} 第 {event.pk} 条接不上前一条。")
        if event.row_hash and not hmac.compare_digest(event.row_hash, audit.row_hash(event)):
            verdict.broken.append(f"{path.name} 第 {event.pk} 条的内容与其校验值不符。")
        previous = event.row_hash or previous
    if len(body) != header["rows"] or (body and body[-1]["row_hash"] != header["last_hash"]):
        verdict.broken.append(f"{path.name} 的记录条数或末条校验值与文件头不符。")
    return verdict
