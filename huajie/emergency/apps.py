from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from huajie.workflow.engine import Workflow


class EmergencyConfig(AppConfig):
    name = "huajie.emergency"
    verbose_name = "应急预案与突发事件"

    def ready(self) -> None:
        from huajie.workflow.registry import StateMachinePage, register_page

        from . import clocks, intake  # noqa: F401 - registers the rules, the target and source
        from .states import Actor

        def actors() -> dict[str, str]:
            return {a.value: a.label for a in Actor}

        for name, first in (("incident", "reported"), ("hazard", "open")):
            register_page(
                StateMachinePage(name=name, workflow=_workflow(name), actors=actors, initial=first)
            )


def _workflow(name: str) -> Callable[[], Workflow]:
    def get() -> Workflow:
        from .services.workflow import WORKFLOWS

        return WORKFLOWS[name]

    return get
