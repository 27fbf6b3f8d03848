"""What the duty module plugs into the shared machinery at start: its intake sources (the duty
log and leader receptions), the portal's reception provider and its state-machine pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huajie.workflow.engine import Workflow


def connect() -> None:
    from huajie.common import intake
    from huajie.common.publish import register_reception_provider
    from huajie.workflow.registry import StateMachinePage, register_page

    from .services import log, people
    from .states import Actor

    intake.register_source(
        intake.IntakeSource(kind=log.SOURCE, load=log.intake_load, link=log.intake_link)
    )
    intake.register_source(
        intake.IntakeSource(
            kind=people.RECEPTION_SOURCE,
            load=people.reception_intake_load,
            link=people.reception_intake_link,
        )
    )
    register_reception_provider(people.published_receptions)

    def actors() -> dict[str, str]:
        return {a.value: a.label for a in Actor}

    initial = {
        "duty-roster": "draft",
        "duty-swap": "requested",
        "duty-leave": "pending",
        "duty-handover": "written",
    }
    for name, first in initial.items():
        register_page(
            StateMachinePage(name=name, workflow=_workflow(name), actors=actors, initial=first)
        )


def _workflow(name: str) -> Callable[[], Workflow]:
    def get() -> Workflow:
        from .services.workflow import WORKFLOWS

        return WORKFLOWS[name]

    return get
