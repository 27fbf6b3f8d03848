"""Every write of the imports app. Each takes the acting user; petitions are only ever written
through the petition services."""

from .batches import (
    batch_check,
    batch_create,
    batch_recover,
    batch_run,
    batch_start,
    mapping_save,
    may_import,
)
from .closed import may_import_closed, petition_import_closed
from .runner import Prepared, Report, import_prepare, import_write

__all__ = [
    "Prepared",
    "Report",
    "batch_check",
    "batch_create",
    "batch_recover",
    "batch_run",
    "batch_start",
    "import_prepare",
    "import_write",
    "mapping_save",
    "may_import",
    "may_import_closed",
    "petition_import_closed",
]
