"""Permission-scoped reads: saved mappings, import batches and their progress, ledger rows for the
export (plain tuples, never model instances, so 100,000 rows stream in constant memory)."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import Unit, User
from huajie.petitions.selectors import (
    LedgerFilters,
    petition_base_for_user,
    petition_list_for_user,
)
from huajie.routing.suggest import propose

from .mapping import (
    PRESETS,
    Mapping,
    detect,
    first_ledger_sheet,
    is_known_header,
    is_taxonomy,
    preset,
)
from .models import BatchStatus, ImportBatch, ImportedRow, ImportMapping
from .services.progress import live_processed
from .sheets import clean_block, clean_line, data_rows, inspect_sheet, open_workbook

EXPORT_CHUNK = 2000
EXPORT_FIELDS = (
    "reg_no",
    "received_on",
    "channel",
    "petition_class",
    "category__full_name",
    "region__name",
    "title",
    "content",
    "unit__name",
    "handling_unit__name",
    "status",
    "accepted_on",
    "replied_on",
    "decision",
    "satisfaction",
    "closed_on",
    "next_due",
)


def ledger_export_rows(*, user: User, filters: LedgerFilters) -> Iterator[tuple[Any, ...]]:
    """The ledger as the user sees it with these filters and this order, one tuple per case."""
    qs = petition_list_for_user(user=user, filters=filters)
    return qs.values_list(*EXPORT_FIELDS).iterator(chunk_size=EXPORT_CHUNK)


def mappings_for_unit(*, unit: Unit) -> QuerySet[ImportMapping]:
    return ImportMapping.objects.filter(unit=unit).order_by("name")


def mapping_by_name(*, unit: Unit, name: str) -> Mapping | None:
    """A built-in preset (by key or by its Chinese name) or a mapping the unit saved."""
    for key, (label, _columns) in PRESETS.items():
        if name in (key, label):
            return preset(key)
    saved = ImportMapping.objects.filter(unit=unit, name=name).first()
    return Mapping.from_json(saved.mapping, preset=saved.name) if saved else None


def batch_petitions(*, user: User, batch: ImportBatch, limit: int = 20) -> list[Any]:
    """The first petitions a batch registered, for links from its result page."""
    imported = ImportedRow.objects.filter(batch=batch).values("petition_id")
    qs = petition_base_for_user(user=user).filter(pk__in=imported).order_by("id")
    return list(qs.values("pk", "reg_no", "title", "received_on")[:limit])


def batch_list_for_user(*, user: User, limit: int = 10) -> list[ImportBatch]:
    qs = visible_to(ImportBatch.objects.select_related("created_by", "unit"), user)
    return list(qs.order_by("-created_at", "-id")[:limit])


def batch_get_for_user(*, user: User, pk: int) -> ImportBatch:
    return get_visible(ImportBatch.objects.select_related("unit", "created_by"), user, pk=pk)


# An import still "running" after this long was cut off by a server restart: its transaction
# rolled back with the process, so nothing of it was written.
STALE_AFTER = timedelta(hours=2)


@dataclass(frozen=True)
class BatchProgress:
    status: str
    processed: int
    total: int
    stale: bool = False

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.processed * 100 // self.total)

    @property
    def running(self) -> bool:
        return self.status == BatchStatus.RUNNING


def batch_progress(*, batch: ImportBatch) -> BatchProgress:
    """The stored count, or the fresher one an import running in this process published."""
    processed, stale = batch.processed, False
    if batch.status == BatchStatus.RUNNING:
        live = live_processed(batch.pk)
        processed = max(processed, live or 0)
        started = batch.started_at or batch.updated_at
        stale = live is None and timezone.now() - started > STALE_AFTER
    return BatchProgress(status=batch.status, processed=processed, total=batch.total, stale=stale)


PREVIEW_ROWS = 3
PREVIEW_CHARS = 40
PRIVATE_TARGETS = ("id_number", "phone")


@dataclass(frozen=True)
class RowSuggestion:
    """The routing suggestion for a preview row that names no category: the likeliest
    category (its path), its confidence and where it came from (model or keyword rules)."""

    category: str
    confidence: float
    source: str

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


@dataclass(frozen=True)
class Overview:
    """What the mapping step shows of the uploaded workbook."""

    sheets: list[str]
    sheet: str
    columns: list[str]
    preview: list[list[str]]  # the first data rows, one cell per column, shortened
    detected: Mapping
    taxonomy: bool
    # Per preview row: "" when the row names its category, None when nothing is confident
    # enough to propose, else the suggestion.
    suggestions: list[RowSuggestion | str | None] = field(default_factory=list)

    @property
    def preview_rows(self) -> list[tuple[list[str], RowSuggestion | str | None]]:
        return list(zip(self.preview, self.suggestions, strict=True))


def batch_overview(*, batch: ImportBatch, sheet: str | None) -> Overview:
    """The sheets of the batch's file, the chosen sheet's columns and first rows, and the
    mapping recognised from its headers. `sheet` falls back to the first sheet of petitions."""
    with batch.file.open("rb") as handle:
        source = io.BytesIO(handle.read())
    with open_workbook(source) as workbook:
        names = list(workbook.sheetnames)
        name = sheet if sheet is not None and sheet in names else first_ledger_sheet(workbook)
        found = inspect_sheet(workbook, name, is_known_header)
        labels = found.labels()
        detected = detect(labels)
        private = {detected.columns.get(key) for key in PRIVATE_TARGETS}
        rows = [row for _number, row in islice(data_rows(workbook, found), PREVIEW_ROWS)]
        preview = [
            [
                _short(row[c.index] if c.index < len(row) else None, masked=c.label in private)
                for c in found.columns
            ]
            for row in rows
        ]
        at = {c.label: c.index for c in found.columns}

        def cell(row: Sequence[object], key: str) -> object:
            index = at.get(detected.columns.get(key, ""))
            return row[index] if index is not None and index < len(row) else None

        suggestions = [_suggestion(cell(r, "title"), cell(r, "content"), cell(r, "category"))
                       for r in rows]  # fmt: skip
    return Overview(
        sheets=names,
        sheet=name,
        columns=labels,
        preview=preview,
        detected=detected,
        taxonomy=is_taxonomy(labels),
        suggestions=suggestions,
    )


def _suggestion(title: object, content: object, category: object) -> RowSuggestion | str | None:
    """What routing proposes for a row without a category (the registration records the full
    proposal for every imported case in any event)."""
    if clean_line(category):
        return ""
    proposal = propose(title=clean_line(title), content=clean_block(content))
    if not proposal.categories:
        return None
    best = proposal.categories[0]
    return RowSuggestion(category=best.name, confidence=best.confidence, source=proposal.label)


def _short(value: object, *, masked: bool) -> str:
    """A preview cell: ID and phone numbers masked as on every other screen, long text cut."""
    text = clean_line(value)
    if masked and len(text) >= 8:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    return text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"
