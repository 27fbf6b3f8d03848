"""manage.py import_petitions FILE --unit CODE [--mapping NAME] [--sheet NAME] [--dry-run]"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from huajie.common.errors import ApplicationError
from huajie.imports.mapping import TARGET_LABELS, Mapping
from huajie.imports.models import ImportBatch
from huajie.imports.selectors import mapping_by_name, mappings_for_unit
from huajie.imports.services import Report, batch_check, batch_create, batch_start
from huajie.orgs.models import RoleCode, Unit, User

PROGRESS_EVERY = 500
LISTED_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Import a petition ledger (.xlsx) into a unit, all or nothing: every row is checked first "
        "and any refused row leaves the database untouched. Importing the same file again "
        "registers nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--unit", required=True, help="code of the importing unit")
        parser.add_argument(
            "--mapping",
            help='a saved column mapping of the unit, or a preset: "huajie export"; '
            "default: recognised from the header names",
        )
        parser.add_argument("--sheet", help="sheet name; default: the first sheet of petitions")
        parser.add_argument(
            "--user",
            help="username of the acting clerk or leader; default: the unit's first leader",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check every row through the petition services, then roll back",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}。")
        unit = Unit.objects.filter(code__iexact=options["unit"]).first()
        if unit is None:
            raise CommandError(f"找不到单位代码为 {options['unit']} 的单位。")
        user = self._user(unit, options.get("user"))
        mapping = self._mapping(unit, options.get("mapping"))
        self.stdout.write(f"导入单位：{unit.name}（{unit.code}）；操作人：{user}")
        try:
            with path.open("rb") as handle:
                batch = batch_create(
                    unit=unit, upload=File(handle, name=path.name), acting_user=user
                )
            report = batch_check(
                batch=batch, sheet=options.get("sheet"), mapping=mapping, acting_user=user
            )
            self._describe(report)
            if not report.ok:
                self._errors(report)
                raise CommandError("未写入任何数据。请按上面的报告修改后重新导入。")
            if batch.total == 0:
                self.stdout.write(self.style.SUCCESS("没有需要登记的新事项，未写入任何数据。"))
                return
            started = time.monotonic()
            result = batch_start(
                batch=batch,
                acting_user=user,
                background=False,
                dry_run=options["dry_run"],
                on_progress=self._progress,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        assert result is not None  # noqa: S101 - run in the foreground
        self._finish(batch, result, time.monotonic() - started, dry_run=options["dry_run"])

    def _user(self, unit: Unit, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"找不到用户 {username}。")
            return user
        staff = User.objects.filter(unit=unit, is_active=True).order_by("id")
        user = (
            staff.filter(roles__code=RoleCode.LEADER).first()
            or staff.filter(roles__code=RoleCode.CLERK).first()
        )
        if user is None:
            raise CommandError(f"{unit.name}没有登记人员或领导账号，请用 --user 指定操作人。")
        return user

    def _mapping(self, unit: Unit, name: str | None) -> Mapping | None:
        if not name:
            return None
        mapping = mapping_by_name(unit=unit, name=name)
        if mapping is None:
            saved = "、".join(m.name for m in mappings_for_unit(unit=unit)) or "（无）"
            raise CommandError(
                f"找不到名为“{name}”的列对应。本单位保存的有：{saved}；内置的有：huajie export。"
            )
        return mapping

    def _describe(self, report: Report) -> None:
        mapping = report.mapping
        self.stdout.write(f"工作表：{report.sheet}（数据 {report.total:,} 行）")
        if mapping is not None:
            source = "自动识别" if mapping.preset == "auto" else mapping.preset
            pairs = "；".join(
                f"{TARGET_LABELS[k]} ← {v}"
                for k, v in mapping.columns.items()
                if k in TARGET_LABELS
            )
            self.stdout.write(f"列对应（{source}）：{pairs}")
        self.stdout.write(
            f"已导入过 {report.existing:,} 行，文件内重复 {report.duplicates:,} 行，"
            f"其中作为已答复办结导入 {report.closed:,} 行。"
        )
        for tally in report.warnings.values():
            rows = "、".join(str(r) for r in tally.rows[:10])
            more = "等" if tally.count > len(tally.rows[:10]) else ""
            self.stdout.write(f"提示：{tally.reason}（{tally.count:,} 行：第 {rows} 行{more}）")

    def _errors(self, report: Report) -> None:
        self.stderr.write(f"发现 {len(report.errors):,} 处问题（行 · 列 · 原因）：")
        for issue in report.errors[:LISTED_ERRORS]:
            row = f"第 {issue.row} 行" if issue.row else "整表"
            self.stderr.write(f"  {row} · {issue.column} · {issue.reason}")
        if len(report.errors) > LISTED_ERRORS:
            self.stderr.write(f"  ……其余 {len(report.errors) - LISTED_ERRORS:,} 处见导入页面。")

    def _progress(self, done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            self.stdout.write(f"已处理 {done:,}/{total:,} 行")

    def _finish(self, batch: ImportBatch, report: Report, seconds: float, *, dry_run: bool) -> None:
        if not report.ok:
            self._errors(report)
            raise CommandError("有行被办理规则拒绝，全部回滚，未写入任何数据。")
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    f"试运行通过：{report.created:,} 行均可登记（用时 {seconds:.1f} 秒），"
                    "已回滚，未写入任何数据。"
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：新登记 {report.created:,} 件信访事项，用时 {seconds:.1f} 秒"
                f"（导入批次 {batch.pk}）。"
            )
        )
