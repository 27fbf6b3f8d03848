"""A record page's action panels: one button and one form per action the user may take.

The page lists the actions that change the status first, then the others; each button opens its
panel in place (Bootstrap's collapse) or, with JavaScript off, is a link `?panel=<action>` that
the view answers with that panel open (`shown_panel`). A refused form comes back bound, with
what was typed and its errors, and open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from .actions import Action
from .forms import ActionForm


@dataclass
class Panel:
    key: str
    label: str
    hint: str
    style: str
    form: ActionForm
    open: bool = False


def shown_panel(request: HttpRequest) -> str:
    """The panel a no-JavaScript link asked for (`?panel=`): only on a plain page view."""
    return request.GET.get("panel", "") if request.method == "GET" else ""


def action_panels(
    available: Sequence[Action],
    record: Any,
    form_for: Callable[[Action], ActionForm],
    *,
    bound: tuple[str, ActionForm] | None = None,
    shown: str = "",
) -> tuple[list[Panel], list[Panel]]:
    """(status-changing panels, other panels) for `available`; `form_for` builds an action's
    empty form; the `bound` one (a refused form) or else the `shown` one is open."""

    def panel(action: Action) -> Panel:
        is_bound = bound is not None and bound[0] == action.name
        form = bound[1] if bound is not None and is_bound else form_for(action)
        return Panel(
            key=action.name,
            label=action.text(record, "label"),
            hint=action.text(record, "hint"),
            style=action.style,
            form=form,
            open=is_bound or (bound is None and action.name == shown),
        )

    return (
        [panel(a) for a in available if a.changes_status],
        [panel(a) for a in available if not a.changes_status],
    )
