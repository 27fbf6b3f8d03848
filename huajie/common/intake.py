"""Hand-offs between modules at intake: one module's record becomes another module's new record.

The duty room's log entry (值班记录) becomes a petition registration, a dispute or an incident; an
incident's demands become a petition; a portal submission becomes a petition. No module imports
another for this: the module that *holds* the record registers a **source**, the module that
*creates* the new record registers a **target**, both here, from their apps' ``ready()``.

The hand-off travels as a token ``"<source kind>:<record id>"`` in the query string of the target's
create form (``?from=duty-log:42``):

1. the source module links to ``intake_url(target_code, token)`` from the record's page;
2. the target's create view calls ``intake_draft(token, user)`` to prefill its form (what was
   received, when, from whom — the target decides which fields it takes) and keeps the token in a
   hidden field;
3. in the same transaction as the new record, the target calls ``intake_done(token, user, obj)``:
   the source records the link (its timeline says "登记为信访件 QHX-XFJ-2026-00017").

A token that names no record, or one the user may not see, gives ``ApplicationError`` — a sentence,
never another unit's data. A source refuses a second hand-off of the same record to the same target
if it wants to (the duty log does).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urlencode

from django.db.models import Model
from django.urls import reverse
from django.utils.functional import Promise

from .errors import ApplicationError

Label = str | Promise


@dataclass(frozen=True)
class IntakeDraft:
    """What a source hands over. Counts, never a person's movements (DOMAIN.md)."""

    token: str
    label: Label  # what the source record is, e.g. "值班记录 2026-12-02 09:14 来电"
    unit_id: int  # the unit that received it
    received_at: datetime  # starts every clock of the new record
    content: str
    channel: str = ""  # visit / call / letter / online / … in the petitions vocabulary
    title: str = ""
    caller_name: str = ""
    caller_phone: str = ""
    place: str = ""
    region_code: str = ""  # orgs.Region's 12-digit code
    people_count: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class SourceLoader(Protocol):
    def __call__(self, record_id: str, user: Any) -> IntakeDraft: ...


class SourceLinker(Protocol):
    def __call__(self, record_id: str, user: Any, target: str, obj: Model) -> None: ...


class SourceOutcome(Protocol):
    def __call__(self, record_id: str, target: str, obj: Model, text: str, actor: Any) -> None: ...


@dataclass(frozen=True)
class IntakeSource:
    """`outcome`, when given, hears how the record it became ended (a dispute's agreement ends
    the petition it came from, 《信访工作条例》第三十三条): the source writes it on its own record's
    timeline. It is told as a fact of the other record, so it does not check the actor's access."""

    kind: str  # "duty-log", "incident", …
    load: SourceLoader
    link: SourceLinker
    outcome: SourceOutcome | None = None


@dataclass(frozen=True)
class IntakeTarget:
    """`route`: the name of the create form's URL (it takes ``?from=<token>``); `may_create`:
    whether this user may create such a record at all (the link is hidden otherwise)."""

    code: str  # "petition", "dispute", "incident"
    label: Label  # the button: "登记为信访件"
    route: str
    icon: str = "bi-box-arrow-in-right"
    may_create: Callable[[Any], bool] = lambda user: True


_sources: dict[str, IntakeSource] = {}
_targets: dict[str, IntakeTarget] = {}


def register_source(source: IntakeSource) -> None:
    _sources[source.kind] = source


def register_target(target: IntakeTarget) -> None:
    _targets[target.code] = target


def targets() -> list[IntakeTarget]:
    return list(_targets.values())


def targets_for(user: Any, *, exclude: str = "") -> list[IntakeTarget]:
    return [t for t in _targets.values() if t.code != exclude and t.may_create(user)]


def target(code: str) -> IntakeTarget:
    try:
        return _targets[code]
    except KeyError:
        raise ApplicationError(
            "没有这种登记去向，请从记录页面上的按钮重新选择。", code="intake_target_unknown"
        ) from None


def token(kind: str, record_id: object) -> str:
    return f"{kind}:{record_id}"


def intake_url(target_code: str, source_token: str) -> str:
    return f"{reverse(target(target_code).route)}?{urlencode({'from': source_token})}"


def _split(source_token: str) -> tuple[IntakeSource, str]:
    kind, _, record_id = (source_token or "").partition(":")
    source = _sources.get(kind)
    if source is None or not record_id:
        raise ApplicationError(
            "找不到要转登记的原始记录，请回到原记录页面重新点击转登记。",
            code="intake_source_unknown",
            field="from",
        )
    return source, record_id


def intake_draft(source_token: str, user: Any) -> IntakeDraft:
    """The source record's draft for the target's form; ApplicationError when the token names
    nothing this user may see."""
    source, record_id = _split(source_token)
    return source.load(record_id, user)


def intake_done(source_token: str, user: Any, target_code: str, obj: Model) -> None:
    """Call in the transaction that created `obj`: the source records the link."""
    source, record_id = _split(source_token)
    source.link(record_id, user, target_code, obj)


def intake_outcome(
    source_token: str, target_code: str, obj: Model, text: str, *, actor: Any = None
) -> bool:
    """Call in the transaction that ended `obj` (made from `source_token`): the source hears how
    it ended. False when the source has no outcome hook or no longer exists."""
    kind, _, record_id = (source_token or "").partition(":")
    source = _sources.get(kind)
    if source is None or source.outcome is None or not record_id:
        return False
    source.outcome(record_id, target_code, obj, text, actor)
    return True
