from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from huajie.workflow.engine import Workflow


class PetitionsConfig(AppConfig):
    name = "huajie.petitions"
    verbose_name = "信访事项"

    def ready(self) -> None:
        from huajie.workflow.registry import StateMachinePage, register_page

        def workflow() -> Workflow:
            from .services.workflow import WORKFLOW

            return WORKFLOW

        def actors() -> dict[str, str]:
            from .states import Actor

            return {a.value: a.label for a in Actor}

        from . import handoffs

        handoffs.register()
        register_page(
            StateMachinePage(
                name="petition", workflow=workflow, actors=actors, initial="registered"
            )
        )
