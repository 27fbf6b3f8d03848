"""The dispute page (一案一档): header, clocks, parties, sessions, agreement, visits, timeline and
the actions this user may take (from `mediation.actions.ACTIONS`, which the API is built from)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST

from huajie.common import intake
from huajie.common.errors import ApplicationError, Conflict, PermissionDenied
from huajie.common.identity import mask_id_number, mask_phone
from huajie.common.widgets import FAST_RENDERER
from huajie.orgs.models import Unit, UnitKind
from huajie.workflow.actions import Action
from huajie.workflow.engine import STALE
from huajie.workflow.forms import ActionForm, build_form, needs_units
from huajie.workflow.panels import action_panels, shown_panel

from .. import rules, selectors, services
from ..actions import ACTIONS, multi_choice
from ..intake import handoff_allowed
from ..models import Dispute, EventKind, FailureReason, Level
from ..services.records import NOT_HERE
from .common import acting_user, get_dispute
from .presenters import STATUS_STYLE, badge


def _units(dispute: Dispute) -> list[Unit]:
    """The committees a dispute may be handed up to: those beside or above its own."""
    town_path = dispute.unit.path.rstrip("/").rsplit("/", 1)[0] + "/"
    above = [p for p in dispute.unit.path.strip("/").split("/") if p]
    return list(
        Unit.objects.filter(is_active=True)
        .filter(Q(path__startswith=town_path) | Q(pk__in=above))
        .exclude(pk=dispute.unit_id)
        .exclude(kind=UnitKind.VILLAGE)
        .order_by("path")
    )


def _form(action: Action, dispute: Dispute, data: Any = None) -> ActionForm:
    form = build_form(
        action, dispute, data=data, units=_units(dispute) if needs_units(action) else None,
        namespace="mediation",
    )  # fmt: skip
    form.renderer = FAST_RENDERER  # the page renders every action's form, collapsed or not
    if action.name == "escalate" and "level" in form.fields:
        above = Level.values[Level.values.index(dispute.level) + 1 :]
        form.fields["level"].choices = [  # type: ignore[attr-defined]
            (v, label) for v, label in Level.choices if v in above
        ]
    spec = multi_choice(action)
    if spec is not None:
        form.fields[spec.name] = forms.MultipleChoiceField(
            label=spec.label,
            choices=FailureReason.choices,
            widget=forms.CheckboxSelectMultiple,
            required=True,
            error_messages={"required": "请至少选择一项调解不成的原因。"},
        )
    return form


def _parties(dispute: Dispute, revealed: int | None) -> list[dict[str, Any]]:
    rows = []
    for party in dispute.parties.all():
        full = party.pk == revealed
        rows.append(
            {
                "pk": party.pk,
                "side": party.get_side_display(),
                "kind": party.get_kind_display(),
                "name": party.name,
                "address": party.address,
                "org_code": party.org_code,
                "representative": party.representative,
                "details": " · ".join(
                    x
                    for x in (
                        party.get_gender_display(),
                        f"{party.birth_date:%Y}年生" if party.birth_date else "",
                        party.ethnicity,
                        party.occupation,
                        party.representative_title,
                    )
                    if x
                ),
                "id_number": party.id_number if full else mask_id_number(party.id_number),
                "phone": party.phone if full else mask_phone(party.phone),
                "revealed": full,
                "has_private": bool(party.id_number or party.phone),
            }
        )
    return rows


def _ladder(dispute: Dispute) -> list[dict[str, Any]]:
    """The escalation ladder (小事不出村、大事不出镇) with the dispute's rung and each step up."""
    steps = {
        e.changes.get("level"): e for e in dispute.events.all() if e.kind == EventKind.ESCALATION
    }
    now = Level.values.index(dispute.level)
    return [
        {"label": label, "state": "now" if n == now else "done" if n < now else "",
         "event": steps.get(value)}
        for n, (value, label) in enumerate(Level.choices)
    ]  # fmt: skip


def render_case(
    request: HttpRequest,
    dispute: Dispute,
    *,
    status: int = 200,
    bound: tuple[str, ActionForm] | None = None,
    error: str = "",
    revealed: int | None = None,
) -> HttpResponse:
    user = acting_user(request)
    today: date = timezone.localdate()
    status_panels, other_panels = action_panels(
        ACTIONS.available(user, dispute),
        dispute,
        lambda action: _form(action, dispute),
        bound=bound,
        shown=shown_panel(request),
    )
    agreement = selectors.agreement_of(dispute)
    handoffs = []
    if handoff_allowed(dispute) and rules.works_here(user, dispute):
        source = intake.token("dispute", dispute.pk)
        handoffs = [(t, intake.intake_url(t.code, source))
                    for t in intake.targets_for(user, exclude="dispute")]  # fmt: skip
    context = {
        "dispute": dispute,
        "today": today,
        "status_style": STATUS_STYLE.get(dispute.status, "secondary"),  # type: ignore[call-overload]
        "clocks": [badge(c, today) for c in dispute.clocks.all()],
        "parties": _parties(dispute, revealed),
        "may_reveal": rules.may_view_full(user, dispute),
        "may_upload": rules.works_here(user, dispute),
        "overseeing": rules.oversees_only(user, dispute),
        "sessions": list(dispute.sessions.all()),
        "agreement": agreement,
        "items": list(agreement.items.all()) if agreement else [],
        "visits": list(dispute.visits.all()),
        "events": list(dispute.events.all()),
        "ladder": _ladder(dispute),
        "missing_details": [
            p.name
            for p in dispute.parties.all()
            if p.kind == "person" and not (p.gender and p.birth_date and p.occupation)
        ],
        "failure_labels": [FailureReason(r).label for r in dispute.failure_reasons or []],
        "handoffs": handoffs,
        "status_panels": status_panels,
        "other_panels": other_panels,
        "error": error,
    }
    response = render(request, "mediation/case.html", context, status=status)
    if revealed is not None:
        patch_cache_control(response, no_store=True, private=True)
    return response


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_case(request, get_dispute(acting_user(request), pk))


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    entry = ACTIONS.get(action)
    if entry is None:
        raise Http404("没有这个操作。")
    user = acting_user(request)
    dispute = get_dispute(user, pk)
    form = _form(entry, dispute, request.POST)
    if not entry.available(user, dispute):
        if request.POST.get(form.add_prefix("version")) not in ("", None, str(dispute.version)):
            return render_case(request, dispute, status=409, error=STALE)
        return render_case(
            request, dispute, status=403,
            error=f"您现在不能对该纠纷执行“{entry.text(dispute, 'label')}”。"
            "如需办理，请联系该纠纷所在的调解委员会。",
        )  # fmt: skip
    if not form.is_valid():
        return render_case(
            request, dispute, status=400, bound=(action, form), error="请按提示修改后再提交。"
        )
    done = entry.text(dispute, "done")
    try:
        entry.run(dispute, user, form.cleaned_data.get("version"), form.inputs_data())
    except ApplicationError as exc:
        return _refused(request, pk, entry, exc)
    messages.success(request, done)
    return redirect(reverse("mediation:detail", args=[pk]))


def _refused(request: HttpRequest, pk: int, entry: Action, exc: ApplicationError) -> HttpResponse:
    user = acting_user(request)
    dispute = get_dispute(user, pk)
    stale = isinstance(exc, Conflict) or exc.code == "invalid_transition"
    status = 409 if stale else 403 if isinstance(exc, PermissionDenied) else 400
    if not entry.available(user, dispute):
        return render_case(request, dispute, status=status, error=exc.message)
    data = request.POST.copy()
    data[f"{entry.name}-version"] = str(dispute.version)
    again = _form(entry, dispute, data)
    again.is_valid()
    error = exc.message
    if exc.field and exc.field in again.fields and not stale:
        again.add_error(exc.field, exc.message)
        error = "请按提示修改后再提交。"
    return render_case(request, dispute, status=status, bound=(entry.name, again), error=error)


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """查看完整信息: one party's full ID and phone number, shown once and logged."""
    user = acting_user(request)
    dispute = get_dispute(user, pk)
    party = next((p for p in dispute.parties.all() if str(p.pk) == request.POST.get("party")), None)
    if party is None:
        raise Http404("没有这名当事人。")
    try:
        services.full_view_logged(
            dispute=dispute,
            actor=user,
            what=f"查看当事人{party.name}的完整身份证号和联系电话",
            request=request,
        )
    except ApplicationError as exc:
        return render_case(request, dispute, status=403, error=exc.message)
    return render_case(request, get_dispute(user, pk), revealed=party.pk)


@login_required
@require_POST
def scan_upload(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    user = acting_user(request)
    dispute = get_dispute(user, pk)
    session = next((s for s in dispute.sessions.all() if s.pk == session_pk), None)
    upload = request.FILES.get("file")
    if session is None:
        raise Http404("没有这次调解笔录。")
    if not rules.works_here(user, dispute):  # read through assignment or oversight
        return render_case(request, dispute, status=403, error=NOT_HERE.format(what="上传签名笔录"))
    if upload is None:
        return render_case(
            request, dispute, status=400, error="请选择签名笔录的扫描件（图片或PDF）。"
        )
    try:
        services.session_attach_scan(
            dispute=dispute, session=session, acting_user=user, upload=upload
        )
    except ApplicationError as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 400
        return render_case(request, get_dispute(user, pk), status=status, error=exc.message)
    messages.success(request, "签名笔录扫描件已上传。")
    return redirect(reverse("mediation:detail", args=[pk]) + "#sessions")


@login_required
@require_GET
def scan_file(request: HttpRequest, pk: int, session_pk: int) -> FileResponse:
    dispute = get_dispute(acting_user(request), pk)
    session = next((s for s in dispute.sessions.all() if s.pk == session_pk and s.scan), None)
    if session is None:
        raise Http404("没有这份扫描件。")
    response = FileResponse(
        session.scan.open("rb"), as_attachment=True, filename=session.scan_name or "笔录",
        content_type=session.scan_mime,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response
