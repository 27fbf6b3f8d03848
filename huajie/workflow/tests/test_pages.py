"""Each state-machine page in docs/state-machines/ shows its module's transition table as it is."""

from __future__ import annotations

import pytest

from huajie.workflow.docs import BEGIN, END, page_path, render
from huajie.workflow.registry import PAGES


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_state_machine_page_matches_its_table(name):
    page = PAGES[name]
    text = page_path(name).read_text(encoding="utf-8")
    assert BEGIN in text and END in text, f"{name}.md lacks the generated block"
    shown = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    wanted = render(page.workflow(), actors=page.actors(), initial=page.initial)
    assert shown == wanted, f"docs/state-machines/{name}.md is stale: run manage.py state_docs"


def test_every_module_with_a_state_table_has_a_page():
    assert "petition" in PAGES
