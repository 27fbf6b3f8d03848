"""The run records in the admin, newest first, with each job's last run and next due time above
the list. Read-only: runs are written by the runner and deleted only by `jobs.prune_runs`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

from huajie.accounts.admin import AdminReadOnly

from .models import JobRun
from .selectors import job_status_list


@admin.register(JobRun)
class JobRunAdmin(AdminReadOnly, admin.ModelAdmin):
    list_display = ["started_at", "job", "outcome", "trigger", "duration", "short_result"]
    list_filter = ["job", "outcome", "trigger"]
    fields = ("job", "trigger", "slot", "started_at", "finished_at", "outcome", "result", "error")
    readonly_fields = fields

    @admin.display(description="耗时")
    def duration(self, obj: JobRun) -> str:
        if obj.finished_at is None:
            return "—"
        return f"{(obj.finished_at - obj.started_at).total_seconds():.1f} 秒"

    @admin.display(description="摘要")
    def short_result(self, obj: JobRun) -> str:
        lines = (obj.result or obj.error).strip().splitlines()
        return lines[-1][:80] if lines else ""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        context = {"job_statuses": job_status_list(), **(extra_context or {})}
        return super().changelist_view(request, context)  # type: ignore[return-value]
