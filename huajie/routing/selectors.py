"""Reads of the routing app: proposals for a user at intake, a case's recorded suggestion, the
model's status and the acceptance rates for the admin."""

from __future__ import annotations

from collections import defaultdict
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
from .training import handled_filter

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
    month: str
    unit: str
    cases: int = 0
    category_first: int = 0
    category_any: int = 0
    handled: int = 0
    unit_first: int = 0
    unit_any: int = 0
    sources: set[str] = field(default_factory=set)

    @staticmethod
    def pct(part: int, whole: int) -> str:
        return f"{100 * part / whole:.0f}%" if whole else "—"

    @property
    def category_first_pct(self) -> str:
        return self.pct(self.category_first, self.cases)

    @property
    def category_any_pct(self) -> str:
        return self.pct(self.category_any, self.cases)

    @property
    def unit_first_pct(self) -> str:
        return self.pct(self.unit_first, self.handled)

    @property
    def unit_any_pct(self) -> str:
        return self.pct(self.unit_any, self.handled)


def acceptance_rates(*, months: int = 12) -> list[Rate]:
    """Per month and registering unit: of the cases that got a proposal, how often the first
    category was the one recorded and how often any of the three was; of those since handled,
    the same for the unit that handled them."""
    since = timezone.now() - timedelta(days=31 * months)
    handled = Petition.objects.filter(handled_filter())
    rows = (
        Suggestion.objects.filter(created_at__gte=since)
        .exclude(source=Source.NONE)
        .values_list("created_at", "source", "category_rank", "units", "petition_id")
        .order_by()
    )
    info = dict(
        (pk, (unit, handling))
        for pk, unit, handling in Petition.objects.filter(pk__in=[r[4] for r in rows]).values_list(
            "pk", "unit__name", "handling_unit_id"
        )
    )
    handled_ids = set(handled.filter(pk__in=[r[4] for r in rows]).values_list("pk", flat=True))
    table: dict[tuple[str, str], Rate] = {}
    totals: dict[str, Rate] = defaultdict(lambda: Rate("", "合计"))
    for at, source, rank, units, petition_id in rows:
        unit_name, handling_unit = info.get(petition_id, ("", None))
        month = timezone.localtime(at).strftime("%Y-%m")
        for rate in (table.setdefault((month, unit_name), Rate(month, unit_name)), totals[month]):
            rate.month = month
            rate.sources.add(source)
            rate.cases += 1
            rate.category_first += rank == 1
            rate.category_any += rank is not None
            if petition_id in handled_ids:
                ids = [u["id"] for u in units]
                rate.handled += 1
                rate.unit_first += bool(ids) and ids[0] == handling_unit
                rate.unit_any += handling_unit in ids
    out: list[Rate] = []
    for month in sorted(totals, reverse=True):
        out.append(totals[month])
        out += sorted((r for (m, _), r in table.items() if m == month), key=lambda r: r.unit)
    return out
