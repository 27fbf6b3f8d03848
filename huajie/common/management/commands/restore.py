"""manage.py restore <archive> [--yes] [--force-keys]: replace the database and the uploaded
files with a backup's (huajie/common/backup.py). Stop the web server and the scheduler first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huajie.common.backup import backup_restore
from huajie.common.errors import ApplicationError


class Command(BaseCommand):
    help = "从备份恢复数据库和上传的文件（Restore the database and files from a backup）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="manage.py backup 生成的 .tar.gz 文件")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接覆盖当前数据")
        parser.add_argument(
            "--force-keys",
            action="store_true",
            help="即使当前密钥中没有备份时的密钥也恢复（加密字段将无法解密）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            answer = input("恢复将覆盖当前数据库和全部上传文件。确定吗？输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，未做任何改动。")
        try:
            done = backup_restore(source=options["archive"], force=options["force_keys"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        made, vendor, files = done["created"], done["vendor"], done["files"]
        self.stdout.write(f"已恢复 Restored: {made} 的备份（{vendor}，文件 {files} 个）")
