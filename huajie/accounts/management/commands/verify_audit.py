"""manage.py verify_audit [--archive FILE ...]: walk the security audit trail's hash chain
(accounts/audit.py) and say whether any row was edited, deleted or inserted; with archive files
(accounts/archive.py), check each file's checksum, signature and rows, and whether the table
continues where the latest of them ends. Exit status 1 when anything is wrong; run it daily
(cron) and after every restore."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huajie.accounts.archive import archive_verify
from huajie.accounts.audit import verify


class Command(BaseCommand):
    help = "校验安全审计记录的哈希链（Verify the security audit trail's hash chain）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--archive", type=Path, nargs="*", default=[], help="同时校验这些审计归档文件"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify()
        broken = list(verdict.broken)
        chained = verdict.rows - verdict.unchained
        summary = f"共 {verdict.rows} 条审计记录，{chained} 条在哈希链中"
        if verdict.unchained:
            summary += f"，{verdict.unchained} 条早于哈希链（无校验值）"
        if verdict.start:
            summary += f"，链接续最近一次归档（末条校验值 {verdict.start[:12]}…）"
        for path in options["archive"]:
            checked = archive_verify(path)
            broken += checked.broken
            if checked.ok:
                joined = "，表内记录由此接续" if checked.last_hash == verdict.start else ""
                self.stdout.write(f"归档 {path.name}：{checked.rows} 条，校验通过{joined}。")
        if not broken:
            self.stdout.write(f"{summary}。校验通过，未发现改动或删除。")
            return
        for line in broken:
            self.stderr.write(line)
        raise CommandError(f"{summary}。发现 {len(broken)} 处异常，见上。")
