"""One row per run of a periodic job. The row is also the claim: the database admits one running
row per job and one row per scheduled slot, so two schedulers (or a scheduler and Celery beat)
never run the same job at the same time, nor the same 07:00 twice."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class JobOutcome(models.TextChoices):
    RUNNING = "running", "运行中"
    OK = "ok", "成功"
    FAILED = "failed", "失败"


class JobTrigger(models.TextChoices):
    SCHEDULER = "scheduler", "内置调度器"
    CELERY = "celery", "Celery beat"
    COMMAND = "command", "命令行"


class JobRun(models.Model):
    job = models.CharField("任务", max_length=100)
    trigger = models.CharField("触发方式", max_length=20, choices=JobTrigger.choices)
    slot = models.DateTimeField(
        "计划时间", null=True, blank=True, help_text="本次运行对应的计划时间；手动运行为空"
    )
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    outcome = models.CharField(
        "结果", max_length=10, choices=JobOutcome.choices, default=JobOutcome.RUNNING
    )
    result = models.CharField("运行摘要", max_length=500, blank=True)
    error = models.TextField("错误信息", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "定时任务运行记录"
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["job", "-started_at"], name="jobrun_job_latest"),
            models.Index(fields=["started_at"], name="jobrun_started"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["job"], condition=Q(outcome="running"), name="jobrun_one_running_per_job"
            ),
            # NULL slots (runs on demand) are distinct on SQLite and PostgreSQL alike.
            models.UniqueConstraint(fields=["job", "slot"], name="jobrun_once_per_slot"),
            models.CheckConstraint(
                condition=Q(outcome="running", finished_at__isnull=True)
                | (
                    ~Q(outcome="running")
                    & Q(finished_at__isnull=False, finished_at__gte=F("started_at"))
                ),
                name="jobrun_finished_when_done",
            ),
        ]

    def __str__(self) -> str:
        at = timezone.localtime(self.started_at)
        return f"{self.job} · {at:%Y-%m-%d %H:%M:%S} · {self.get_outcome_display()}"
