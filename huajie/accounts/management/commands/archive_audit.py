"""manage.py archive_audit --before DATE: move the security audit rows written before DATE to a
signed archive file (accounts/archive.py) and remove them from the table, keeping the chain
verifiable. Rows of the last AUDIT_RETENTION_DAYS (at least 180) days are never archived. The
monthly job `accounts.archive_audit` does the same for the month that just left the retention."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huajie.accounts.archive import archive_dir, audit_archive, latest_allowed
from huajie.common.errors import ApplicationError


class Command(BaseCommand):
    help = "归档并移出某日期之前的安全审计记录（Archive the audit rows written before a date）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", required=True, help="日期 YYYY-MM-DD：归档此日之前的记录")
        parser.add_argument(
            "--dir", type=Path, default=None, help="归档目录（默认 AUDIT_ARCHIVE_DIR）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            before = date.fromisoformat(options["before"])
        except ValueError:
            raise CommandError(
                f"--before 应为 YYYY-MM-DD 格式的日期，例如 {latest_allowed():%Y-%m-%d}。"
            ) from None
        try:
            archive = audit_archive(before=before, directory=options["dir"] or archive_dir())
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        if archive is None:
            self.stdout.write(f"{before:%Y-%m-%d} 之前没有审计记录，无需归档。")
            return
        self.stdout.write(
            f"已归档第 {archive.first_id}–{archive.last_id} 条共 {archive.rows} 条审计记录至 "
            f"{archive.path}，并从表中移出；末条校验值 {archive.last_hash or '（无）'}。"
            "请把归档文件与备份一同保存。"
        )
