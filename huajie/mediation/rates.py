"""The plan's targets computed from stored outcomes, by committee and month: 参调率 (≥98%),
调解成功率 (≥98%), 满意率 (≥96%), plus on-time settlement, performance and return-visit completion.
Each rate carries its numerator and denominator so a committee with two cases is read as such."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from huajie.common.scoping import visible_to
from huajie.orgs.models import Unit, UnitKind, User

from .clocks import ClockKind
from .models import Dispute, DisputeClock, ReturnVisit, Satisfaction
from .states import Status

TARGETS = {"participation": 98.0, "success": 98.0, "satisfaction": 96.0}
MIN_COUNT = 5  # fewer cases than this: shown, never ranked
# Mediation ended without agreement: failed now, or archived after failing (a declined dispute
# keeps its reason, a referred one never ended here).
FAILED = Q(status=Status.FAILED) | Q(
    status=Status.ARCHIVED, agreement_form="", declined_reason="", ended_on__isnull=False
)


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    num: int
    den: int
    target: float | None = None

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.num / self.den, 1) if self.den else None

    @property
    def small(self) -> bool:
        return self.den < MIN_COUNT

    @property
    def below_target(self) -> bool:
        return self.target is not None and self.percent is not None and self.percent < self.target


@dataclass(frozen=True)
class RateRow:
    label: str
    rates: list[Rate]
    rank: int | None = None  # by 调解成功率, among rows with enough cases; None: not ranked

    @property
    def success(self) -> Rate:
        return next(r for r in self.rates if r.key == "success")


GROUPS = {"unit": "调解组织", "town": "乡镇（街道）", "month": "月份"}


def _rates(disputes: QuerySet[Dispute]) -> list[Rate]:
    counts = disputes.aggregate(
        found=Count("id"),
        mediated=Count("id", filter=Q(accepted_on__isnull=False)),
        agreed=Count("id", filter=~Q(agreement_form="")),
        failed=Count("id", filter=FAILED),
        performed=Count("id", filter=Q(performance="performed")),
        not_performed=Count("id", filter=Q(performance="not")),
    )
    clocks = DisputeClock.objects.filter(dispute__in=disputes)
    settle = clocks.filter(kind=ClockKind.SETTLE).aggregate(
        on_time=Count("id", filter=Q(outcome="on_time")),
        ended=Count("id", filter=~Q(outcome="")),
    )
    visits = clocks.filter(kind__startswith="visit").aggregate(
        done=Count("id", filter=Q(stopped_on__isnull=False)),
        due=Count("id", filter=Q(stopped_on__isnull=False) | Q(due__lt=timezone.localdate())),
    )
    sat = ReturnVisit.objects.filter(dispute__in=disputes).aggregate(
        ok=Count("id", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASIC])),
        all=Count("id"),
    )
    return [
        Rate("participation", "参调率", counts["mediated"], counts["found"],
             TARGETS["participation"]),
        Rate("success", "调解成功率", counts["agreed"], counts["agreed"] + counts["failed"],
             TARGETS["success"]),
        Rate("on_time", "按期调结率", settle["on_time"], settle["ended"]),
        Rate("performance", "协议履行率", counts["performed"],
             counts["performed"] + counts["not_performed"]),
        Rate("visits", "回访完成率", visits["done"], visits["due"]),
        Rate("satisfaction", "满意率", sat["ok"], sat["all"], TARGETS["satisfaction"]),
    ]  # fmt: skip


def rates_for_user(
    *, user: User, start: date | None = None, end: date | None = None, by: str = "unit"
) -> tuple[list[Rate], list[RateRow]]:
    """The rates over what the user may see (received in [start, end]), overall and by
    committee, by town (the committees and villages under each town together) or by month of
    receipt. Committees and towns are ranked by success rate; one with fewer than `MIN_COUNT`
    ended mediations is shown but not ranked. Months are in order, never ranked."""
    disputes = visible_to(Dispute.objects.all(), user)
    if start:
        disputes = disputes.filter(received_on__gte=start)
    if end:
        disputes = disputes.filter(received_on__lte=end)
    if by == "month":
        months = (
            disputes.annotate(m=TruncMonth("received_on")).values_list("m", flat=True)
            .distinct().order_by("m")
        )  # fmt: skip
        rows = [
            RateRow(f"{m:%Y年%-m月}", _rates(disputes.filter(received_on__year=m.year,
                                                            received_on__month=m.month)))
            for m in months
        ]  # fmt: skip
        return _rates(disputes), rows
    groups = _towns(disputes) if by == "town" else _units(disputes)
    rows = [RateRow(label, _rates(disputes.filter(unit_id__in=ids))) for label, ids in groups]
    return _rates(disputes), _ranked(rows)


def _units(disputes: QuerySet[Dispute]) -> list[tuple[str, list[int]]]:
    units = disputes.values("unit", "unit__name").annotate(n=Count("id")).order_by("unit__name")
    return [(u["unit__name"], [u["unit"]]) for u in units]


def _towns(disputes: QuerySet[Dispute]) -> list[tuple[str, list[int]]]:
    """Each committee under the town it belongs to (the nearest town above it, or itself)."""
    units = Unit.objects.filter(pk__in=disputes.values("unit").distinct()).only("id", "path")
    ancestor_ids = {int(p) for u in units for p in u.path.strip("/").split("/") if p}
    towns = {t.pk: t for t in Unit.objects.filter(pk__in=ancestor_ids, kind=UnitKind.TOWN)}
    grouped: dict[str, list[int]] = {}
    for u in units:
        path = [int(p) for p in u.path.strip("/").split("/") if p]
        town = next((towns[p] for p in reversed(path) if p in towns), None)
        grouped.setdefault(town.name if town else "县级及其他", []).append(u.pk)
    return sorted(grouped.items())


def _ranked(rows: list[RateRow]) -> list[RateRow]:
    ranked = sorted(
        (r for r in rows if not r.success.small),
        key=lambda r: (-(r.success.percent or 0.0), -r.success.den, r.label),
    )
    out = [RateRow(r.label, r.rates, n) for n, r in enumerate(ranked, 1)]
    return out + [r for r in rows if r.success.small]
