"""The state-machine pages in docs/state-machines/ are generated from each module's table.

`render(workflow, actors=...)` writes the Mermaid diagram and the table of steps (who may take each
and which clocks it opens and stops); `manage.py state_docs` rewrites the block between the
markers of each page, and a test fails when a page and its table disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from django.conf import settings

from huajie.timelimits.plan import Op

from .engine import Workflow

BEGIN = "<!-- generated from the transition table: manage.py state_docs -->"
END = "<!-- end of generated part -->"
_OPS = {Op.OPEN: "opens", Op.STOP: "stops", Op.SUPERSEDE: "replaces", Op.PAUSE: "pauses",
        Op.RESUME: "resumes"}  # fmt: skip


def render(workflow: Workflow, *, actors: Mapping[str, str], initial: str) -> str:
    lines = ["```mermaid", "stateDiagram-v2", f"    [*] --> {initial}"]
    for t in workflow.table.values():
        for source in sorted(t.sources):
            lines.append(f"    {source} --> {t.target}: {t.label} {t.action}")
    lines += [
        "```",
        "",
        "| step | button | from | to | who | clocks |",
        "|---|---|---|---|---|---|",
    ]
    for t in workflow.table.values():
        roles = ", ".join(sorted(str(r) for r in t.roles))
        clocks = "; ".join(
            f"{_OPS[e.op]} {e.kind}" + (f" ({e.note})" if e.note else "") for e in t.effects
        )
        sources = ", ".join(sorted(t.sources))
        who = f"{actors.get(t.actor, t.actor)} ({roles})"
        lines.append(f"| `{t.action}` | {t.label} | {sources} | {t.target} | {who} | {clocks} |")
    return "\n".join(lines)


def page_path(name: str) -> Path:
    return Path(settings.BASE_DIR) / "docs" / "state-machines" / f"{name}.md"


def with_block(text: str, block: str) -> str:
    """`text` with the generated block replaced (or appended when the page has none)."""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        return f"{head}{BEGIN}\n{block}\n{END}{tail}"
    return f"{text.rstrip()}\n\n{BEGIN}\n{block}\n{END}\n"
