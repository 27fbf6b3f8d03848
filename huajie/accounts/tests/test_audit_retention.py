"""Retention of the security audit trail: rows of the last 180 days always stay; older ones move
to a signed archive file (`manage.py archive_audit --before DATE`, and a monthly job), the table's
chain then starts from the archive's last hash, and `verify_audit` still finds any tampering —
in the table, beyond the archive's cut, or in the file."""

from __future__ import annotations

import gzip
import json
import stat
from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from huajie.accounts.archive import archive_verify
from huajie.accounts.models import SecurityEvent, SecurityEventKind
from huajie.accounts.services import security_event_record
from huajie.accounts.tests.test_audit_chain import past_the_triggers
from huajie.jobs.registry import get_job
from huajie.jobs.schedule import schedule_label
from huajie.orgs.tests.factories import make_user

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 12, 3, 10, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _archive_dir(settings, tmp_path: Path) -> Path:
    settings.AUDIT_ARCHIVE_DIR = tmp_path / "audit-archive"
    return settings.AUDIT_ARCHIVE_DIR


def trail() -> list[SecurityEvent]:
    """Two sign-ins 300 and 250 days ago, one 100 days ago, one today."""
    user = make_user(None, username="wangli")
    events = []
    for days in (300, 250, 100, 0):
        with time_machine.travel(TODAY - timedelta(days=days), tick=False):
            event = security_event_record(kind=SecurityEventKind.LOGIN, request=None, user=user)
        events.append(event)
    return events


def run(*args: str) -> str:
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_archiving_moves_the_old_rows_to_a_signed_file_and_the_chain_still_verifies(
    _archive_dir: Path,
) -> None:
    events = trail()
    said = run("archive_audit", "--before", "2026-05-01")  # 216 days before today
    (path,) = _archive_dir.iterdir()
    assert f"共 2 条审计记录至 {path}" in said
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    left = list(SecurityEvent.objects.order_by("id"))
    assert [e.pk for e in left[:2]] == [events[2].pk, events[3].pk]
    (cut,) = [e for e in left if e.kind == SecurityEventKind.AUDIT_ARCHIVED]
    assert f"末条校验值 {events[1].row_hash}" in cut.detail and path.name in cut.detail

    assert "校验通过" in run("verify_audit")
    checked = run("verify_audit", "--archive", str(path))
    assert f"归档 {path.name}：2 条，校验通过，表内记录由此接续" in checked
    verdict = archive_verify(path)
    assert verdict.ok and verdict.rows == 2 and verdict.last_hash == events[1].row_hash
    rows = [json.loads(line) for line in gzip.open(path).read().splitlines()[1:-1]]
    assert [r["id"] for r in rows] == [events[0].pk, events[1].pk]


def test_rows_of_the_last_180_days_are_never_archived() -> None:
    trail()
    with pytest.raises(CommandError, match="至少保留 180 天.*2026-06-06"):
        run("archive_audit", "--before", "2026-06-07")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("archive_audit", "--before", "last year")
    assert SecurityEvent.objects.count() == 4
    assert "没有审计记录，无需归档" in run("archive_audit", "--before", "2025-01-01")


def test_a_row_deleted_beyond_the_archives_cut_is_found(_archive_dir: Path) -> None:
    events = trail()
    run("archive_audit", "--before", "2026-05-01")
    with past_the_triggers(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_securityevent WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError):
        run("verify_audit")
    out = StringIO()
    with pytest.raises(CommandError), time_machine.travel(TODAY, tick=False):
        call_command("verify_audit", stdout=out, stderr=out)
    assert f"第 {events[3].pk} 条是链的第一条，却接不上最近一次归档的末条" in out.getvalue()


def test_an_edited_or_cut_archive_file_is_found(_archive_dir: Path) -> None:
    trail()
    run("archive_audit", "--before", "2026-05-01")
    (path,) = _archive_dir.iterdir()
    lines = gzip.open(path).read().splitlines(keepends=True)
    edited = lines[1].replace(b'"wangli"', b'"someone"')
    bad = _archive_dir / "edited.jsonl.gz"
    bad.write_bytes(gzip.compress(b"".join([lines[0], edited, *lines[2:]])))
    assert "校验和不符" in archive_verify(bad).broken[0]
    (cut := _archive_dir / "cut.jsonl.gz").write_bytes(gzip.compress(b"".join(lines[:-1])))
    assert not archive_verify(cut).ok
    with pytest.raises(CommandError, match="1 处异常"):
        run("verify_audit", "--archive", str(bad))


def test_the_monthly_job_archives_the_months_past_the_retention(_archive_dir: Path) -> None:
    job = get_job("accounts.archive_audit")
    assert schedule_label(job) == "每月 1 日 02:30"
    events = trail()
    with time_machine.travel(TODAY, tick=False):
        said = job.run()
    # today - 180 days = 2026-06-06: everything before 2026-06-01 leaves, nothing younger
    assert "归档 2 条（2026-06-01 之前）" in str(said)
    assert SecurityEvent.objects.filter(pk__in=[e.pk for e in events[:2]]).count() == 0
    assert "校验通过" in run("verify_audit")
    with time_machine.travel(TODAY, tick=False):
        assert "没有审计记录" in str(job.run())
    assert date(2026, 6, 1) <= (TODAY - timedelta(days=180)).date()
