"""The workflow engine every module's status table runs on.

A module's `states.py` lists its statuses and a table of `Transition`s: the action, the statuses
it leaves from, the status it reaches, who may take it (an *actor* rule relative to the record,
plus roles) and its clock effects. `Workflow.transition()` is the only function that changes a
record's status: it checks the optimistic version, the table and the actor rule, applies the
clock effects, writes the record **once** (status, version, the step's fields and the nearest
running staff limit in one `UPDATE … WHERE version = n`), saves the clocks and writes the event —
all inside the caller's transaction. `Workflow.record_change()` is the same path for a change that
is not a status change (an extension, a note): it bumps the version so a second clerk acting on a
stale page is told to reload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone

from huajie.common.errors import ApplicationError, Conflict, PermissionDenied
from huajie.orgs.models import User
from huajie.timelimits.plan import ClockEffect, ClockPlan, ClockSet

ActorRule = Callable[[User, Any], bool]

STALE = "该事项刚刚已被他人办理或修改，您的操作未保存。请刷新页面查看最新情况后重试。"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # the button: says what it does
    sources: frozenset[str]
    target: str
    actor: str
    roles: frozenset[str]
    effects: tuple[ClockEffect, ...] = ()


def step(
    action: str,
    label: str,
    sources: Iterable[str],
    target: str,
    actor: str,
    roles: Iterable[str],
    *effects: ClockEffect | tuple[ClockEffect, ...],
) -> Transition:
    """A table row: `step("accept", "受理", {REGISTERED}, ACCEPTED, OWNER, FRONT, *stops(...))`."""
    flat: list[ClockEffect] = []
    for effect in effects:
        flat.extend(effect if isinstance(effect, tuple) else (effect,))
    return Transition(
        action, label, frozenset(sources), target, actor, frozenset(roles), tuple(flat)
    )


def stale() -> Conflict:
    return Conflict(STALE, code="stale_version")


@dataclass(frozen=True)
class Timeline:
    """Where a module writes its events: the event model and its foreign key to the record."""

    model: type[models.Model]
    owner_field: str
    transition_kind: str = "transition"


class Workflow:
    def __init__(
        self,
        *,
        model: type[models.Model],
        statuses: type[models.TextChoices],
        transitions: Iterable[Transition],
        actors: Mapping[str, ActorRule],
        timeline: Timeline,
        clocks: ClockSet | None = None,
        next_due_field: str | None = None,
    ) -> None:
        self.model, self.statuses = model, statuses
        self.table: dict[str, Transition] = {t.action: t for t in transitions}
        self.actors, self.timeline, self.clocks = dict(actors), timeline, clocks
        self.next_due_field = next_due_field
        self._check()

    def _check(self) -> None:
        known = set(self.statuses.values)
        for t in self.table.values():
            unknown = (set(t.sources) | {t.target}) - known
            if unknown:
                raise ValueError(f"{t.action}: unknown statuses {sorted(unknown)}")
            if t.actor not in self.actors:
                raise ValueError(f"{t.action}: no rule for actor {t.actor!r}")
            if t.effects and self.clocks is None:
                raise ValueError(f"{t.action}: clock effects need a ClockSet")
            for effect in t.effects:
                if self.clocks and effect.kind not in self.clocks.rule_codes:
                    raise ValueError(f"{t.action}: unknown clock kind {effect.kind!r}")

    # -- reading ---------------------------------------------------------------------------
    def get(self, action: str) -> Transition:
        return self.table[action]

    def from_status(self, status: str) -> list[Transition]:
        return [t for t in self.table.values() if status in t.sources]

    def may_take(self, user: User, record: Any, transition: Transition) -> bool:
        """May `user` take `transition` on `record`? Roles first, then the actor rule."""
        if user.is_superuser:
            return True
        if not user.is_active or user.unit_id is None or not (transition.roles & user.role_codes):
            return False
        return self.actors[transition.actor](user, record)

    def available(self, user: User, record: Any) -> list[Transition]:
        """The transitions this user may take now, in the table's order."""
        return [t for t in self.from_status(record.status) if self.may_take(user, record, t)]

    def plan(self, record: Any, rows: Iterable[Any] | None = None) -> ClockPlan:
        if self.clocks is None:
            raise ValueError(f"{self.model.__name__} has no clocks")
        return ClockPlan(self.clocks, record, rows)

    # -- writing ---------------------------------------------------------------------------
    def transition(
        self,
        *,
        record: Any,
        action: str,
        acting_user: User,
        expected_version: int | None,
        on: date,
        fields: dict[str, Any] | None = None,
        text: str = "",
        changes: dict[str, Any] | None = None,
        plan: ClockPlan | None = None,
    ) -> Any:
        """Move `record` along `action` if the table allows it from its status and the user may
        act. Must run inside the caller's transaction (every service is atomic)."""
        t = self.table[action]
        if expected_version is not None and expected_version != record.version:
            raise stale()
        if record.status not in t.sources:
            raise ApplicationError(
                f"该事项当前状态为“{self.statuses(record.status).label}”，不能执行“{t.label}”。"
                "请刷新页面查看最新状态。",
                code="invalid_transition",
            )
        if not self.may_take(acting_user, record, t):
            raise PermissionDenied(
                f"您无权对该事项执行“{t.label}”。如需办理，请联系承办单位或领导。"
            )
        old = record.status
        self._commit(
            record,
            expected_version,
            fields={"status": t.target, **(fields or {})},
            effects=t.effects,
            on=on,
            plan=plan,
        )
        self._event(
            record,
            kind=self.timeline.transition_kind,
            action=action,
            actor=acting_user,
            from_status=old,
            to_status=t.target,
            text=text,
            changes=changes,
        )
        return record

    def record_change(
        self,
        *,
        record: Any,
        acting_user: User | None,
        expected_version: int | None,
        kind: str,
        text: str = "",
        action: str = "",
        changes: dict[str, Any] | None = None,
        fields: dict[str, Any] | None = None,
        plan: ClockPlan | None = None,
        on: date | None = None,
    ) -> Any:
        """A change that is not a status change: the fields, the clocks changed in `plan`, one
        version bump and one event of `kind`."""
        self._commit(record, expected_version, fields=fields or {}, effects=(), on=on, plan=plan)
        self._event(record, kind=kind, action=action, actor=acting_user, text=text, changes=changes)
        return record

    def _commit(
        self,
        record: Any,
        expected_version: int | None,
        *,
        fields: dict[str, Any],
        effects: tuple[ClockEffect, ...],
        on: date | None,
        plan: ClockPlan | None,
    ) -> None:
        for name, value in fields.items():  # effects' conditions read the record after the step
            setattr(record, name, value)
        if effects:
            plan = plan or self.plan(record)
            assert on is not None  # noqa: S101 - a step with clock effects has a date
            plan.apply(effects, record=record, on=on)
        updates = dict(fields)
        if plan is not None and self.next_due_field:
            updates[self.next_due_field] = plan.next_due()
        version = record.version if expected_version is None else expected_version
        if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
            updates["updated_at"] = timezone.now()
        written = self.model._default_manager.filter(pk=record.pk, version=version).update(
            version=F("version") + 1, **updates
        )
        if written != 1:
            raise stale()
        for name, value in updates.items():
            setattr(record, name, value)
        record.version = version + 1
        if plan is not None:
            plan.save()

    def _event(self, record: Any, **values: Any) -> Any:
        values["changes"] = values.get("changes") or {}
        return self.timeline.model._default_manager.create(
            **{self.timeline.owner_field: record}, **values
        )
