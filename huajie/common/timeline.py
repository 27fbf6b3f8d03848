"""The append-only timeline every module writes: one abstract model, one source marker.

Each app has its own event table (`PetitionEvent`, later `DisputeEvent` …) subclassing
`TimelineEvent` with a foreign key to its record and its own `kind` choices; no app adds kinds to
another app's table. Events are written in the transaction of the change they describe and are
never changed or deleted: the model and its queryset refuse, and the database refuses too
(`huajie.common.migration_ops.append_only`, one trigger helper for every such table).

Every event records where the change came from (`EventSource`): the web screens and the API are
told apart by the request middleware, imports and jobs set it around their work with
`event_source(...)`, and anything else (a shell, a management command) is "system".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from .errors import AppendOnlyError


class EventSource(models.TextChoices):
    WEB = "web", "网页"
    API = "api", "接口"
    IMPORT = "import", "导入"
    JOB = "job", "定时任务"
    PORTAL = "portal", "网上信访"
    SYSTEM = "system", "系统"


_source: ContextVar[str] = ContextVar("event_source", default=EventSource.SYSTEM)


def current_source() -> str:
    """Where the change being written comes from (the default of every event's `source`)."""
    return str(_source.get())


@contextmanager
def event_source(source: str) -> Iterator[None]:
    """Mark every event written inside the block as coming from `source`."""
    token = _source.set(EventSource(source))
    try:
        yield
    finally:
        _source.reset(token)


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """`update()` and `delete()` bypass the model's methods, so they refuse here too."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("记录只能追加，不能修改。")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("记录只能追加，不能删除。")


class AppendOnlyModel(models.Model):
    """A row that is written once: saving an existing row or deleting one refuses."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("记录只能追加，不能删除。")


class TimelineEvent(AppendOnlyModel):
    """One change of a record: what kind, by whom, when, from where, old and new values.

    Subclasses add the foreign key to their record and `kind` choices of their own."""

    kind = models.CharField("类型", max_length=20)
    action = models.CharField("操作", max_length=30, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    changes = models.JSONField("变更", default=dict, blank=True)
    text = models.TextField("说明", blank=True)
    source = models.CharField(
        "来源", max_length=10, choices=EventSource.choices, default=current_source
    )

    class Meta:
        abstract = True
        ordering = ["at", "id"]
