"""One list of the actions a module offers on its records, shared by the screens and the API.

An `Action` is one entry: its name (the API path and the HTML slug), its label, its inputs, the
service it calls and the rule that says when it is available to whom. The case page's buttons and
the API's `actions` list both come from `ActionRegistry.available`, and the service enforces the
same rule, so a view never re-derives a permission. The inputs are declared once (`Input`); the
HTML form (`workflow.forms`) and the API body (`workflow.api`) are generated from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from huajie.orgs.models import Unit, User

from .engine import Workflow

Choices = Sequence[tuple[Any, str]]  # (value, label); a value may be an int (a grade)


@dataclass(frozen=True)
class Input:
    """One field of an action. `type` is date, text, textarea, select, radio, int, unit, user,
    file or rows.

    `required` marks the form field (the service checks again with its own code; the API leaves
    text and choices optional so a blank value reaches the service and gets its sentence). A
    `user` input lists `people(unit)` for the unit chosen in the `people_of` input.

    A `select` with `options` offers what `options(record)` returns, `(object, label)` pairs
    (this incident's open steps, the people of its commanding unit), and cleans to the object;
    the API takes the object's key and refuses one the record does not offer. A `file` input
    is a list of uploaded files (`accept` as in HTML; the API body is multipart). A `rows` input
    is a list of rows of its `fields` (the screen shows `count` of them; blank rows are dropped),
    each built with `row_type(**values)` when given."""

    name: str
    label: str
    type: str = "text"
    required: bool = False
    message: str = ""
    choices: Choices = ()
    rows: int = 2
    today_default: bool = False
    min_value: int | None = None
    max_value: int | None = None
    max_length: int | None = None
    messages: Mapping[str, str] = field(default_factory=dict)
    people: Callable[[Unit | None], list[User]] | None = None
    people_of: str = ""
    api_help: str = ""
    initial: Any = None  # a value, or a callable of the record (e.g. the reply's request)
    screen: bool = True  # False: an API-only input (e.g. a back-dated `on` for most actions)
    options: Callable[[Any], Sequence[tuple[Any, str]]] | None = None
    accept: str = ""
    note: str = ""  # shown under the screen's field
    fields: tuple[Input, ...] = ()
    count: int = 3
    row_type: Callable[..., Any] | None = None

    @property
    def help(self) -> str:
        return self.api_help or self.label

    def offered(self, record: Any) -> dict[str, tuple[Any, str]]:
        """The options of this record by their key (a model's pk, else the value itself)."""
        if self.options is None or record is None:
            return {}
        return {option_key(obj): (obj, label) for obj, label in self.options(record)}


def option_key(obj: Any) -> str:
    return str(getattr(obj, "pk", obj))


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    service: Callable[..., object]
    record_arg: str
    available: Callable[[User, Any], bool]
    inputs: tuple[Input, ...] = ()
    fixed: Mapping[str, Any] = field(default_factory=dict)
    done: str = ""
    style: str = "secondary"
    hint: str = ""
    changes_status: bool = False
    by_status: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    versioned: bool = True  # False: an entry added beside the record (a log line), never stale

    @property
    def has_files(self) -> bool:
        return any(spec.type == "file" for spec in self.inputs)

    def text(self, record: Any, key: str) -> str:
        """The label, done message or hint for this record's status."""
        override = self.by_status.get(getattr(record, "status", ""), {})
        return override[key] if key in override else str(getattr(self, key))

    def run(
        self, record: Any, user: User, expected_version: int | None, data: dict[str, Any]
    ) -> object:
        version = {"expected_version": expected_version} if self.versioned else {}
        return self.service(
            **{self.record_arg: record}, acting_user=user, **version, **self.fixed, **data
        )


def transitions_allow(
    workflow: Workflow, *actions: str, also: Callable[[User, Any], bool] | None = None
) -> Callable[[User, Any], bool]:
    """Available when the user may take one of these transitions now (and `also` holds)."""

    def rule(user: User, record: Any) -> bool:
        if not any(t.action in actions for t in workflow.available(user, record)):
            return False
        return also is None or also(user, record)

    return rule


class ActionRegistry:
    def __init__(self, actions: Iterable[Action]) -> None:
        self._actions: dict[str, Action] = {}
        for action in actions:
            if action.name in self._actions:
                raise ValueError(f"Action {action.name!r} is listed twice.")
            self._actions[action.name] = action

    def add(self, action: Action) -> None:
        """An action another app contributes (from its AppConfig.ready), e.g. mediation's
        "refer to mediation" on a petition: the owning module imports nothing from that app."""
        if action.name in self._actions and self._actions[action.name] != action:
            raise ValueError(f"Action {action.name!r} is listed twice.")
        self._actions[action.name] = action

    def __iter__(self) -> Iterator[Action]:
        return iter(self._actions.values())

    def __contains__(self, name: object) -> bool:
        return name in self._actions

    def __getitem__(self, name: str) -> Action:
        return self._actions[name]

    def get(self, name: str) -> Action | None:
        return self._actions.get(name)

    def names(self) -> list[str]:
        return list(self._actions)

    def available(self, user: User, record: Any) -> list[Action]:
        """What this user may do on this record now: status changes first, then the others."""
        found = [a for a in self._actions.values() if a.available(user, record)]
        return [a for a in found if a.changes_status] + [a for a in found if not a.changes_status]
