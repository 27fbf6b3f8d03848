from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from huajie.workflow.engine import Workflow


class MediationConfig(AppConfig):
    name = "huajie.mediation"
    verbose_name = "矛盾纠纷调解"

    def ready(self) -> None:
        from huajie.workflow.registry import StateMachinePage, register_page

        from . import clocks, intake  # noqa: F401 - registers the rules and the intake target

        def workflow() -> Workflow:
            from .services.workflow import WORKFLOW

            return WORKFLOW

        def actors() -> dict[str, str]:
            from .states import Actor

            return {a.value: a.label for a in Actor}

        register_page(
            StateMachinePage(name="dispute", workflow=workflow, actors=actors, initial="registered")
        )
