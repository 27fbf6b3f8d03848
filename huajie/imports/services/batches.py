"""An uploaded file's way in: stored, checked under a mapping, then imported (in the background
when it is large) with its progress and its report kept on the batch row."""

from __future__ import annotations

import io
import logging
import threading
import uuid
from dataclasses import asdict
from typing import Any

from django.core.files.base import File
from django.db import connections, transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.common.scoping import require_writable
from huajie.common.uploads import check_upload
from huajie.orgs.models import RoleCode, Unit, User

from ..mapping import PRESETS, Mapping
from ..models import BatchStatus, ImportBatch, ImportMapping
from ..sheets import open_workbook
from .liveness import worker_alive, worker_lock
from .progress import ProgressPublisher
from .runner import Prepared, Progress, Report, import_prepare, import_write

log = logging.getLogger(__name__)

MAX_LISTED_ERRORS = 500


def may_import(user: User, unit: Unit) -> bool:
    """Importing registers petitions: the unit's front desk (clerks and leaders) may."""
    return user.is_active and (
        user.is_superuser
        or (user.unit_id == unit.pk and user.has_role(RoleCode.CLERK, RoleCode.LEADER))
    )


def _require_import(user: User, unit: Unit) -> None:
    if not may_import(user, unit):
        raise PermissionDenied(
            f"只有{unit.name}的登记人员或领导可以导入信访台账。如需导入，请联系本单位领导。"
        )


def batch_create(*, unit: Unit, upload: File[Any], acting_user: User) -> ImportBatch:
    """Store an uploaded workbook (checked by its content, kept under a generated name)."""
    _require_import(acting_user, unit)
    info = check_upload(upload)
    if info.extension != "xlsx":
        raise ApplicationError(
            "请上传 Excel 工作簿（.xlsx）。旧版 .xls 文件请先在 Excel 或 WPS 中“另存为” .xlsx。",
            code="not_xlsx",
            field="file",
        )
    try:
        with open_workbook(upload) as workbook:
            has_sheets = bool(workbook.sheetnames)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ApplicationError(
            "无法读取该 Excel 文件，可能已损坏。请在 Excel 或 WPS 中打开并重新保存后再上传。",
            code="unreadable_xlsx",
            field="file",
        ) from exc
    if not has_sheets:
        raise ApplicationError("该文件中没有工作表。", code="empty_xlsx", field="file")
    upload.seek(0)
    batch = ImportBatch(
        unit=unit, created_by=acting_user, original_name=(upload.name or "import.xlsx")[-200:]
    )
    batch.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
    batch.save()
    return batch


def batch_check(
    *, batch: ImportBatch, sheet: str | None, mapping: Mapping | None, acting_user: User
) -> Report:
    """The validation step: plan every row under `mapping`, keep the report; writes no
    petition."""
    require_writable(acting_user, batch)
    if batch.status in (BatchStatus.RUNNING, BatchStatus.DONE):
        raise ApplicationError("该文件正在导入或已经导入，请查看导入结果。", code="batch_closed")
    try:
        prepared = _prepare(batch, sheet, mapping, acting_user)
    except ApplicationError as exc:  # the file as a whole: no such sheet, a taxonomy sheet
        batch.status, batch.message = BatchStatus.INVALID, exc.message[:300]
        batch.save(update_fields=["status", "message", "updated_at"])
        raise
    status = BatchStatus.READY if prepared.report.ok else BatchStatus.INVALID
    _store(batch, prepared, status)
    return prepared.report


def batch_start(
    *,
    batch: ImportBatch,
    acting_user: User,
    background: bool,
    dry_run: bool = False,
    on_progress: Progress | None = None,
) -> Report | None:
    """Claim a checked batch and import it: in a thread when `background` (the page then polls
    the batch row for progress and this returns None), else here, returning the report."""
    require_writable(acting_user, batch)
    batch_recover(batch=batch)
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.READY).update(
        status=BatchStatus.RUNNING, processed=0, started_at=timezone.now(), finished_at=None
    )
    if claimed != 1:
        raise ApplicationError(
            "只能导入已核对无误、尚未导入的文件。请先核对，或查看导入结果。", code="batch_not_ready"
        )
    batch.refresh_from_db()
    if not background:
        return batch_run(
            batch=batch, acting_user=acting_user, dry_run=dry_run, on_progress=on_progress
        )
    thread = threading.Thread(
        target=_run_in_background,
        args=(batch.pk, acting_user.pk),
        name=f"import-batch-{batch.pk}",
        daemon=True,
    )
    thread.start()
    return None


INTERRUPTED = "上次导入意外中断（服务器重启或进程被终止），未写入任何数据。请核对后重新导入。"


def batch_recover(*, batch: ImportBatch) -> bool:
    """Put a RUNNING batch whose worker has died back to READY (its import transaction was
    rolled back, so nothing of it was written). True when it did."""
    if batch.status != BatchStatus.RUNNING or worker_alive(batch.pk):
        return False
    recovered = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).update(
        status=BatchStatus.READY, processed=0, message=INTERRUPTED, updated_at=timezone.now()
    )
    batch.refresh_from_db()
    return recovered == 1


def _run_in_background(batch_id: int, user_id: int) -> None:
    try:
        batch_run(
            batch=ImportBatch.objects.get(pk=batch_id),
            acting_user=User.objects.get(pk=user_id),
        )
    except Exception:
        log.exception("import batch %s failed", batch_id)
    finally:
        connections.close_all()  # this thread's connections only


def batch_run(
    *,
    batch: ImportBatch,
    acting_user: User,
    dry_run: bool = False,
    on_progress: Progress | None = None,
) -> Report:
    """Import the batch's sheet under its stored mapping, all or nothing. A dry run goes through
    every service and rolls back: it finds every refusal without writing."""
    require_writable(acting_user, batch)
    prepared = _prepare(batch, batch.sheet or None, _stored_mapping(batch), acting_user)
    if not prepared.report.ok:
        _store(batch, prepared, BatchStatus.INVALID)
        return prepared.report
    batch.status, batch.total, batch.processed = BatchStatus.RUNNING, len(prepared.plans), 0
    batch.started_at = batch.started_at or timezone.now()
    batch.save(update_fields=["status", "total", "processed", "started_at", "updated_at"])
    try:
        with worker_lock(batch.pk), ProgressPublisher(batch.pk) as publish:

            def progress(done: int, total: int) -> None:
                publish(done, total)
                if on_progress is not None:
                    on_progress(done, total)

            report = import_write(
                prepared=prepared,
                unit=batch.unit,
                acting_user=acting_user,
                batch=batch,
                dry_run=dry_run,
                on_progress=progress,
            )
    except Exception:
        batch.status, batch.finished_at = BatchStatus.FAILED, timezone.now()
        batch.message = "导入时发生意外错误，未写入任何数据。请稍后重试；如仍失败，请联系管理员。"
        batch.save(update_fields=["status", "finished_at", "message", "updated_at"])
        raise
    if dry_run:
        status = BatchStatus.READY if report.ok else BatchStatus.INVALID
    else:
        status = BatchStatus.DONE if report.ok else BatchStatus.FAILED
    _store(batch, prepared, status)
    return report


def _prepare(
    batch: ImportBatch, sheet: str | None, mapping: Mapping | None, user: User
) -> Prepared:
    with batch.file.open("rb") as handle:
        source = io.BytesIO(handle.read())
    return import_prepare(
        source=source, sheet_name=sheet, mapping=mapping, unit=batch.unit, acting_user=user
    )


def _stored_mapping(batch: ImportBatch) -> Mapping | None:
    return Mapping.from_json(batch.mapping) if batch.mapping else None


def _store(batch: ImportBatch, prepared: Prepared, status: str) -> None:
    report = prepared.report
    batch.status, batch.sheet = status, report.sheet
    if report.mapping is not None:
        batch.mapping = report.mapping.as_json()
    batch.row_count, batch.total = report.total, len(prepared.plans)
    batch.processed = batch.total if status == BatchStatus.DONE else 0
    batch.created_count = report.created if status == BatchStatus.DONE else 0
    batch.skipped_count, batch.duplicate_count = report.existing, report.duplicates
    batch.error_count = report.error_rows
    batch.report = [asdict(issue) for issue in report.errors[:MAX_LISTED_ERRORS]]
    batch.warnings = [asdict(tally) for tally in report.warnings.values()]
    batch.states = {
        "closed": report.closed,
        "history": report.history,
        "open_work": report.open_work,
        "overdue_if_open": report.overdue_if_open,
    }
    batch.message = _message(report, status)
    if status in (BatchStatus.DONE, BatchStatus.FAILED):
        batch.finished_at = timezone.now()
    batch.save()


def _message(report: Report, status: str) -> str:
    if status == BatchStatus.DONE:
        parts = [
            f"{label} {n:,} 件"
            for label, n in (
                ("已答复办结", report.closed),
                ("历史记录", report.history),
                ("待办事项", report.open_work),
            )
            if n
        ]
        detail = f"（{'、'.join(parts)}）" if parts and report.created else ""
        return f"已导入 {report.created:,} 件信访事项{detail}。"
    if status == BatchStatus.FAILED:
        more = "（错误较多，已停止检查其余各行）" if report.stopped_early else ""
        return (
            f"有 {report.error_rows:,} 行未通过办理规则检查{more}，未写入任何数据。"
            "请按报告修改后重新导入。"
        )
    if status == BatchStatus.INVALID:
        return f"有 {report.error_rows:,} 处需要修改，未写入任何数据。"
    return ""


@transaction.atomic
def mapping_save(*, unit: Unit, name: str, mapping: Mapping, acting_user: User) -> ImportMapping:
    """Save (or overwrite) a named column mapping of the unit, to reuse for sheets of the same
    shape."""
    _require_import(acting_user, unit)
    name = " ".join(name.split())
    if not name:
        raise ApplicationError(
            "请为列对应起一个名称，例如“留言板导出”。", code="name_required", field="name"
        )
    if len(name) > 60:
        raise ApplicationError("名称最多60个字。", code="name_too_long", field="name")
    reserved = {key for key in PRESETS} | {label for label, _columns in PRESETS.values()}
    if name in reserved or name == "auto":
        raise ApplicationError(
            f"“{name}”是系统内置的列对应名称，请换一个名称。", code="name_reserved", field="name"
        )
    saved, _created = ImportMapping.objects.update_or_create(
        unit=unit,
        name=name,
        defaults={"mapping": mapping.as_json(), "created_by": acting_user},
    )
    return saved
