"""manage.py backup [--folder var/backups]: the database and the uploaded files in one archive
(huajie/common/backup.py). Schedule it daily (README, "Backups")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from huajie.common.backup import backup_create
from huajie.common.errors import ApplicationError


class Command(BaseCommand):
    help = "备份数据库和上传的文件（Back up the database and the uploaded files）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--folder",
            type=Path,
            default=Path(settings.VAR_DIR) / "backups",
            help="备份存放的文件夹（默认 var/backups）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(folder=options["folder"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"已备份 Backup written: {result.path}（数据库 {result.database_bytes:,} 字节，"
            f"文件 {result.files} 个 {result.media_bytes:,} 字节）"
        )
