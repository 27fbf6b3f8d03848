"""The state machines that have a page in docs/state-machines/: each module adds its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .engine import Workflow


@dataclass(frozen=True)
class StateMachinePage:
    name: str  # docs/state-machines/<name>.md
    workflow: Callable[[], Workflow]
    actors: Callable[[], dict[str, str]]
    initial: str


PAGES: dict[str, StateMachinePage] = {}


def register_page(page: StateMachinePage) -> None:
    PAGES[page.name] = page
