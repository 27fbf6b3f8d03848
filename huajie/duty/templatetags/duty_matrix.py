"""The report matrix's rows as one string each. 300 units x 70 days is 21,000 cells: the
template language renders them in seconds (a `for` and four lookups per mark), and a title and
a badge per cell made a 3 MB page. Here each distinct cell (status, cut-off, minutes late) is
built once and reused for every unit that has it, and a cell is its status class and a short
word (the date is the column's, the cut-off times the legend's): ~25 bytes. The row around the
cells (序号, the unit, the rate) is built here too: 300 rows of template nodes were a third of
the page's time."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..selectors import Mark, MatrixRow

register = template.Library()

SHORT = {"reported": "已报", "zero": "零报", "late": "迟报", "missing": "未报", "pending": "待报"}
CLASS = {"reported": "mr", "zero": "mz", "late": "ml", "missing": "mm", "pending": "mp"}
EMPTY = "<td>—</td>"


def _cell(cell: tuple[Mark, ...]) -> str:
    """One mark: the cell is the mark (`<td class="mz">零报</td>`); two (09:30 and 17:30):
    a mark each, with its cut-off time as the title. Every part is a fixed word, a number or a
    formatted time: nothing to escape."""
    parts = []
    for m in cell:
        late = f" {m.minutes_late}′" if m.minutes_late else ""
        parts.append((CLASS[m.status], f"{SHORT[m.status]}{late}", m.when))
    if len(parts) == 1:
        cls, text, when = parts[0]
        title = f' title="{when}"' if cell[0].minutes_late else ""
        return f'<td class="{cls}"{title}>{text}</td>'
    marks = "".join(f'<i class="{cls}" title="{when}">{text}</i>' for cls, text, when in parts)
    return f"<td>{marks}</td>"


@register.simple_tag(takes_context=True)
def matrix_row(context: template.Context, row: MatrixRow, number: int) -> SafeString:
    """The row: 序号, the unit (escaped), its day cells from a cache kept on the rendering
    context, and its rate (reported ÷ due, rounded as `widthratio` does; "—" with nothing due)."""
    store: Any = context.render_context
    # Keyed by the marks themselves: the selector shares one Mark per distinct value.
    cells: dict[Any, str] = store.setdefault("duty_matrix_cells", {})
    out = [f'<tr><td>{number}</td><th scope="row" class="fw-normal text-nowrap">'
           f"{escape(row.unit.short_name or row.unit.name)}</th>"]  # fmt: skip
    for cell in row.cells:
        if not cell:
            out.append(EMPTY)
            continue
        key = id(cell[0]) if len(cell) == 1 else tuple(id(m) for m in cell)
        html = cells.get(key)
        if html is None:
            html = cells[key] = _cell(cell)
        out.append(html)
    rate = f"{round(row.reported * 100 / row.due)}%" if row.due else "—"
    out.append(f'<td class="text-end">{rate}</td></tr>')
    return mark_safe("".join(out))  # noqa: S308 - fixed words, numbers and the escaped name
