"""A statutory clock of a petition (`timelimits.DayClock`: stored with the rule and calendar that
produced its due date). "Due soon" and "overdue" are computed in selectors from `due` and today;
only the frozen on-time/late outcome of a finished stage is stored."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from huajie.timelimits.models import DayClock

from ..clocks import ClockKind
from .case import Petition


class PetitionClock(DayClock):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField("时限", max_length=20, choices=ClockKind.choices)

    class Meta(DayClock.Meta):
        verbose_name = verbose_name_plural = "办理时限"
        constraints = [
            models.UniqueConstraint(fields=["petition", "kind", "round"], name="clock_unique"),
            models.CheckConstraint(condition=Q(extension_days__lte=30), name="clock_ext_max"),
            models.CheckConstraint(
                condition=Q(extension_days=0) | ~Q(extension_reason=""), name="clock_ext_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["stopped_on", "due"], name="clock_open_due"),
            # Running clocks only (about one in ten): what the overdue and due-soon lists and the
            # next-due column read, index-only, in due-date order. `kind` is in the index so the
            # windows are skipped without visiting the table.
            models.Index(
                fields=["due", "petition", "kind"],
                name="clock_running_due",
                condition=Q(stopped_on__isnull=True, due__isnull=False),
            ),
            # Cases that missed a limit (closed late / on time filters).
            models.Index(fields=["petition"], name="clock_late", condition=Q(outcome="late")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"
