"""Rewrite the generated part of every state-machine page from its transition table."""

from typing import Any

from django.core.management.base import BaseCommand

from ...docs import page_path, render, with_block
from ...registry import PAGES


class Command(BaseCommand):
    help = "Regenerate docs/state-machines/*.md from the transition tables."

    def handle(self, *args: Any, **options: Any) -> None:
        for page in PAGES.values():
            path = page_path(page.name)
            block = render(page.workflow(), actors=page.actors(), initial=page.initial)
            path.write_text(with_block(path.read_text(encoding="utf-8"), block), encoding="utf-8")
            self.stdout.write(f"{path}")
