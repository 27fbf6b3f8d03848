"""The duty module's screens (thin: services write, selectors read)."""

from .home import desk, index, now
from .log import log_close, log_detail, log_list, log_new
from .patterns import patterns
from .people import directory, handover, ical, ical_link, leave, receptions, spot_checks, swaps
from .reports import matrix, reports, summary
from .roster import roster, roster_print, roster_xlsx, rosters
from .rota import rota
from .setup import definition_edit, definition_new, definitions, period_edit, period_new, periods

__all__ = [
    "definition_edit",
    "definition_new",
    "definitions",
    "desk",
    "directory",
    "handover",
    "ical",
    "ical_link",
    "index",
    "leave",
    "log_close",
    "log_detail",
    "log_list",
    "log_new",
    "matrix",
    "now",
    "patterns",
    "period_edit",
    "period_new",
    "periods",
    "receptions",
    "reports",
    "roster",
    "roster_print",
    "roster_xlsx",
    "rosters",
    "rota",
    "spot_checks",
    "summary",
    "swaps",
]
