"""Import and export screens. Views parse input, call a service or selector, and render."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from huajie.common.errors import ApplicationError, NotFound
from huajie.orgs.models import User
from huajie.petitions.forms import (
    LedgerFilterForm,
    ledger_params,
    reference_categories,
    reference_regions,
    reference_units,
)

from . import selectors
from .export import ledger_export
from .forms import MappingForm, UploadForm
from .mapping import PRESETS, TARGETS, Mapping
from .models import BatchStatus, ImportBatch
from .services import (
    batch_check,
    batch_create,
    batch_recover,
    batch_start,
    mapping_save,
    may_import,
)

# Larger files are imported in a background thread while the page polls for progress.
SYNC_MAX_ROWS = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    try:
        return selectors.batch_get_for_user(user=_user(request), pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Upload a workbook; the unit's recent imports and saved mappings."""
    user = _user(request)
    allowed = user.unit is not None and may_import(user, user.unit)
    form = UploadForm()
    if request.method == "POST" and allowed and user.unit is not None:
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                batch = batch_create(
                    unit=user.unit, upload=form.cleaned_data["file"], acting_user=user
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect("imports:batch", pk=batch.pk)
    context = {
        "form": form,
        "allowed": allowed,
        "batches": selectors.batch_list_for_user(user=user),
        "mappings": selectors.mappings_for_unit(unit=user.unit) if user.unit else [],
    }
    return render(request, "imports/index.html", context, status=400 if form.errors else 200)


@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """One uploaded file: the mapping and check step, its progress, or its result."""
    item = _batch(request, pk)
    batch_recover(batch=item)  # a worker that died mid-import leaves the batch ready again
    if item.status == BatchStatus.RUNNING:
        return render(request, "imports/running.html", _progress_context(item))
    if item.status in (BatchStatus.DONE, BatchStatus.FAILED):
        return render(request, "imports/result.html", _result_context(request, item))
    return _mapping_step(request, item)


def _mapping_step(request: HttpRequest, item: ImportBatch) -> HttpResponse:
    asked = request.POST.get("sheet") or request.GET.get("sheet") or item.sheet or None
    overview = selectors.batch_overview(batch=item, sheet=asked)
    same_sheet = item.sheet == overview.sheet
    source = ""
    if request.method == "POST":
        form = MappingForm(request.POST, columns=overview.columns)
        if form.is_valid() and _check(request, item, overview.sheet, form):
            return redirect("imports:batch", pk=item.pk)
        status = 400
    else:
        mapping, source = _initial_mapping(request, item, overview, same_sheet)
        form = MappingForm(initial=MappingForm.initial_for(mapping), columns=overview.columns)
        status = 200
    context = {
        "batch": item,
        "overview": overview,
        "form": form,
        "source": source,
        "mappings": selectors.mappings_for_unit(unit=item.unit),
        "presets": [(key, label) for key, (label, _cols) in PRESETS.items()],
        "show_report": same_sheet and item.status in (BatchStatus.READY, BatchStatus.INVALID),
        "sync_max": SYNC_MAX_ROWS,
        **_report_context(item),
    }
    return render(request, "imports/batch.html", context, status=status)


def _initial_mapping(
    request: HttpRequest, item: ImportBatch, overview: selectors.Overview, same_sheet: bool
) -> tuple[Mapping, str]:
    """A mapping the user picked, else the one last checked on this sheet, else recognised."""
    name = request.GET.get("mapping", "")
    if name:
        chosen = selectors.mapping_by_name(unit=item.unit, name=name)
        if chosen is not None:
            return chosen, f"已载入列对应“{name}”"
        messages.warning(request, f"找不到名为“{name}”的列对应，已按表头自动识别。")
    if same_sheet and item.mapping:
        return Mapping.from_json(item.mapping), "上次核对时的列对应"
    detected = overview.detected
    if detected.preset in PRESETS:
        return detected, f"已识别为“{PRESETS[detected.preset][0]}”格式"
    return detected, "按表头自动识别"


def _check(request: HttpRequest, item: ImportBatch, sheet: str, form: MappingForm) -> bool:
    user = _user(request)
    mapping = form.mapping()
    try:
        name = form.cleaned_data.get("save_as", "")
        if name:
            saved = mapping_save(unit=item.unit, name=name, mapping=mapping, acting_user=user)
            messages.success(request, f"列对应已保存为“{saved.name}”，下次导入可直接选用。")
        batch_check(batch=item, sheet=sheet, mapping=mapping, acting_user=user)
    except ApplicationError as exc:
        form.add_error("save_as" if exc.field == "name" else None, exc.message)
        return False
    return True


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    item = _batch(request, pk)
    try:
        batch_start(batch=item, acting_user=_user(request), background=item.total > SYNC_MAX_ROWS)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("imports:batch", pk=item.pk)


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx; once the import has finished the page reloads itself
    to show the result."""
    item = _batch(request, pk)
    batch_recover(batch=item)
    if item.status != BatchStatus.RUNNING:
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return render(request, "imports/includes/progress.html", _progress_context(item))


def _progress_context(item: ImportBatch) -> dict[str, Any]:
    progress = selectors.batch_progress(batch=item)
    return {"batch": item, "progress": progress, "stale": progress.stale}


def _result_context(request: HttpRequest, item: ImportBatch) -> dict[str, Any]:
    done = item.status == BatchStatus.DONE
    return {
        "batch": item,
        "petitions": selectors.batch_petitions(user=_user(request), batch=item) if done else [],
        **_report_context(item),
    }


def _report_context(item: ImportBatch) -> dict[str, Any]:
    return {
        "errors": item.report,
        "warnings": item.warnings,
        "targets": TARGETS,
        "mapped": _mapped_pairs(item),
    }


def _mapped_pairs(item: ImportBatch) -> list[tuple[str, str]]:
    columns = (item.mapping or {}).get("columns", {})
    return [(t.label, columns[t.key]) for t in TARGETS if t.key in columns]


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse | FileResponse:
    """The ledger with the ledger's own filter parameters, as .xlsx, streamed from a temporary
    file."""
    form = LedgerFilterForm(
        ledger_params(request) or None,
        units=reference_units(),
        categories=reference_categories(),
        regions=reference_regions(),
    )
    if form.is_bound and not form.is_valid():
        return render(request, "imports/export_invalid.html", {"form": form}, status=400)
    out = ledger_export(user=_user(request), filters=form.filters())
    name = f"信访台账_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)
