"""manage.py verify_audit: walk the security audit trail's hash chain (accounts/audit.py) and
say whether any row was edited, deleted or inserted. Exit status 1 when it was; run it daily
(cron) and after every restore."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from huajie.accounts.audit import verify


class Command(BaseCommand):
    help = "校验安全审计记录的哈希链（Verify the security audit trail's hash chain）"

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify()
        chained = verdict.rows - verdict.unchained
        summary = f"共 {verdict.rows} 条审计记录，{chained} 条在哈希链中"
        if verdict.unchained:
            summary += f"，{verdict.unchained} 条早于哈希链（无校验值）"
        if verdict.ok:
            self.stdout.write(f"{summary}。校验通过，未发现改动或删除。")
            return
        for line in verdict.broken:
            self.stderr.write(line)
        raise CommandError(f"{summary}。发现 {len(verdict.broken)} 处异常，见上。")
