"""Reads of the routing app: proposals for a user at intake, a case's recorded suggestion, the
model's status and the acceptance rates for the admin."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from huajie.common.scoping import get_visible
from huajie.orgs.models import RoleCode, Unit, User
from huajie.petitions.models import Petition

from . import store
from .models import Source, Suggestion, TrainingOutcome, TrainingRun
from .suggest import Proposal, propose

INTAKE_ROLES = (RoleCode.CLERK, RoleCode.LEADER, RoleCode.HANDLER, RoleCode.DUTY_OFFICER)


def may_ask(user: User) -> bool:
    """Who may ask for proposals: staff with a unit who register or route cases."""
    return bool(user.is_active and user.unit is not None and user.has_role(*INTAKE_ROLES))


def proposal_for_user(
    *, user: User, title: str, content: str, accused_unit_id: int | None = None
) -> Proposal:
    accused = Unit.objects.filter(pk=accused_unit_id).first() if accused_unit_id else None
    return propose(title=title, content=content).without_accused(accused)


def suggestion_for_petition(*, user: User, pk: int) -> Suggestion | None:
    """The suggestion recorded with a case the user may see (another unit's case is 404)."""
    petition = get_visible(Petition.objects.all(), user, pk=pk)
    return Suggestion.objects.filter(petition=petition).first()


def proposed_unit(petition: Petition) -> int | None:
    """`petitions.extensions`: the unit chosen for this case (accepted at registration, or
    the last hand-off's), pre-selected on its 转送 and 交办 forms — never the accused unit nor
    a unit under it, nor a unit no longer active."""
    suggestion = (
        Suggestion.objects.filter(petition=petition, chosen_unit__is_active=True)
        .select_related("chosen_unit")
        .first()
    )
    unit = suggestion.chosen_unit if suggestion is not None else None
    accused = petition.accused_unit if petition.accused_unit_id else None
    if unit is None or (accused is not None and unit.is_within(accused)):
        return None
    return unit.pk


@dataclass
class ModelStatus:
    source: str
    version: int | None
    file: str
    warning: str
    report: dict[str, Any] | None
    versions: list[int]
    last_run: TrainingRun | None


def model_status() -> ModelStatus:
    loaded = store.current()
    return ModelStatus(
        source=Source.MODEL if loaded.router is not None else Source.RULES,
        version=loaded.version,
        file=loaded.file,
        warning=loaded.warning,
        report=loaded.router.report if loaded.router is not None else None,
        versions=store.versions(),
        last_run=TrainingRun.objects.exclude(outcome=TrainingOutcome.SKIPPED).first()
        or TrainingRun.objects.first(),
    )


@dataclass
class Rate:
    """Of `cases` with a proposal, how often the recorded category was the first proposed or
    any of the three; of those `routed` (a unit chosen: accepted on the form, or the last
    转送/交办), the same for the unit. Every share is shown with its count."""

    month: str
    unit: str
    cases: int = 0
    category_first: int = 0
    category_any: int = 0
    routed: int = 0
    unit_first: int = 0
    unit_any: int = 0
    sources: set[str] = field(default_factory=set)

    @staticmethod
    def pct(part: int, whole: int) -> str:
        return f"{part}/{whole}（{100 * part / whole:.0f}%）" if whole else "—"

    @property
    def category_first_pct(self) -> str:
        return self.pct(self.category_first, self.cases)

    @property
    def category_any_pct(self) -> str:
        return self.pct(self.category_any, self.cases)

    @property
    def unit_first_pct(self) -> str:
        return self.pct(self.unit_first, self.routed)

    @property
    def unit_any_pct(self) -> str:
        return self.pct(self.unit_any, self.routed)

    def add(
        self, source: str, category_rank: int | None, unit_id: int | None, unit_rank: int | None
    ) -> None:
        self.sources.add(source)
        self.cases += 1
        self.category_first += category_rank == 1
        self.category_any += category_rank is not None
        if unit_id is not None:
            self.routed += 1
            self.unit_first += unit_rank == 1
            self.unit_any += unit_rank is not None


@dataclass
class Acceptance:
    months: list[Rate]  # per month: the month's total, then its registering units
    units: list[Rate]  # per registering unit over the whole period, then the total


def acceptance_rates(*, months: int = 12) -> Acceptance:
    """Per month and per registering unit (and both), of the cases that got a proposal: how
    often the first category was the one recorded and how often any of the three was; of those
    given a unit, the same for the unit chosen."""
    since = timezone.now() - timedelta(days=31 * months)
    rows = (
        Suggestion.objects.filter(created_at__gte=since)
        .exclude(source=Source.NONE)
        .values_list(
            "created_at", "source", "category_rank", "chosen_unit_id", "unit_rank",
            "petition__unit__name",
        )
        .order_by()
    )  # fmt: skip
    table: dict[tuple[str, str], Rate] = {}
    totals: dict[str, Rate] = {}
    per_unit: dict[str, Rate] = {}
    overall = Rate("", "合计")
    for at, source, rank, unit_id, unit_rank, unit_name in rows:
        month = timezone.localtime(at).strftime("%Y-%m")
        for rate in (
            table.setdefault((month, unit_name), Rate(month, unit_name)),
            totals.setdefault(month, Rate(month, "合计")),
            per_unit.setdefault(unit_name, Rate("", unit_name)),
            overall,
        ):
            rate.add(source, rank, unit_id, unit_rank)
    out: list[Rate] = []
    for month in sorted(totals, reverse=True):
        out.append(totals[month])
        out += sorted((r for (m, _), r in table.items() if m == month), key=lambda r: r.unit)
    by_unit = sorted(per_unit.values(), key=lambda r: r.unit)
    return Acceptance(months=out, units=[*by_unit, overall] if by_unit else [])
