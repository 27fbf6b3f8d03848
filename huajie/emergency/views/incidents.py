"""Incident screens: the commander's board, the list, 接报 (new incident, also from the duty log
with ?from=), the incident page with the forms of its actions (`actions.INCIDENT_ACTIONS`, the
list the API's action paths are built from), and the responder's phone page (收到 / 到达)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huajie.common import intake
from huajie.common.errors import ApplicationError, Conflict, PermissionDenied
from huajie.documents.registry import kinds_of
from huajie.workflow.forms import ActionForm, build_form

from .. import rules, selectors
from ..actions import INCIDENT_ACTIONS
from ..forms import LOCAL_DT, IncidentForm
from ..models import EventKind, IncidentResponder, IncidentStatus
from ..services import incidents as svc
from .common import acting_user, denied, run, visible


@login_required
def board(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    now = timezone.now()
    return render(request, "emergency/board.html", {
        "rows": selectors.board_rows(user=user, now=now),
        "reported": selectors.incident_list_for_user(user=user, status=IncidentStatus.REPORTED),
        "callouts": selectors.callouts_for_user(user=user),
        "may_report": rules.may_report(user),
        "now": now,
    })  # fmt: skip


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    status = request.GET.get("status", "open")
    if status not in {"open", "", *IncidentStatus.values}:
        status = "open"
    rows = selectors.incident_list_for_user(user=user, status=status)
    return render(request, "emergency/incidents.html", {
        "rows": rows[:200], "count": rows.count(), "status": status,
        "statuses": IncidentStatus.choices,
    })  # fmt: skip


@login_required
def incident_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not rules.may_report(user):
        return denied(request, "只有值班员、应急指挥或领导可以登记突发事件。")
    types = svc.types_for_user(user)
    source_label, error = "", ""
    if request.method == "POST":
        form = IncidentForm(request.POST, types=types)
        token = request.POST.get("source_token", "")
        drill = _drill(user, request.POST.get("drill", ""))
        if form.is_valid():
            d = form.cleaned_data
            data = svc.IncidentInput(
                incident_type=d["incident_type"], title=d["title"], place=d["place"],
                description=d["description"], received_at=d["received_at"], source=d["source"],
                source_note=d["source_note"], people_count=d["people_count"] or 0,
                deaths=d["deaths"] or 0, injured=d["injured"] or 0,
                is_exercise=d["is_exercise"],
            )  # fmt: skip
            try:
                incident = svc.incident_register(
                    data=data, acting_user=user, intake_token=token, drill=drill
                )
            except ApplicationError as exc:
                if exc.field and exc.field in form.fields:
                    form.add_error(exc.field, exc.message)
                else:
                    error = exc.message
            else:
                messages.success(request, f"已登记突发事件 {incident.reg_no}，已通知指挥。")
                return redirect(reverse("emergency:incident", args=[incident.pk]))
        return _new_page(request, form, types, error or "请按提示修改后再提交。", source_label, 400)
    initial: dict[str, Any] = {"received_at": timezone.localtime().strftime(LOCAL_DT)}
    drill = _drill(user, request.GET.get("drill", ""))
    if drill is not None:
        initial.update(
            is_exercise=True,
            drill=drill.pk,
            title=f"【演练】{drill.scenario}"[:100],
            description=drill.scenario,
            source_note=f"演练：{drill.plan}"[:200],
        )
    token = request.GET.get("from", "")
    if token:
        try:
            draft = intake.intake_draft(token, user)
            initial.update(
                source_token=token,
                received_at=timezone.localtime(draft.received_at).strftime(LOCAL_DT),
                title=(draft.title or draft.content)[:100], description=draft.content,
                place=draft.place, source="duty", source_note=str(draft.label)[:200],
                people_count=draft.people_count or 0,
            )  # fmt: skip
            source_label = str(draft.label)
        except ApplicationError as exc:
            error = exc.message
    return _new_page(request, IncidentForm(initial=initial, types=types), types, error,
                     source_label, 200)  # fmt: skip


def _drill(user: Any, raw: str) -> Any:
    """A scheduled drill of the user's units (run through the real activation flow)."""
    from huajie.common.scoping import visible_to

    from ..models import Drill

    if not raw.isdigit():
        return None
    return (
        visible_to(Drill.objects.select_related("plan"), user)
        .filter(pk=int(raw), held_on__isnull=True, incident__isnull=True)
        .first()
    )


def _new_page(request: HttpRequest, form: IncidentForm, types: list[Any], error: str,
              source_label: str, status: int) -> HttpResponse:  # fmt: skip
    return render(request, "emergency/incident_new.html", {
        "form": form, "error": error, "source_label": source_label, "has_types": bool(types),
    }, status=status)  # fmt: skip


def _forms(incident: Any, user: Any, bound: ActionForm | None) -> dict[str, tuple[Any, Any]]:
    """The registry's actions this user may take now, each with its form (by name)."""
    return {
        a.name: (a, bound if bound is not None and bound.prefix == a.name
                 else build_form(a, incident, namespace="emergency"))
        for a in INCIDENT_ACTIONS.available(user, incident)
    }  # fmt: skip


def _page(request: HttpRequest, incident: Any, *, bound: ActionForm | None = None,
          status: int = 200) -> HttpResponse:  # fmt: skip
    user = acting_user(request)
    now = timezone.now()
    responders = list(incident.responders.all())
    clocks = list(incident.clocks.all())
    by_responder: dict[int, dict[str, Any]] = {}
    for c in clocks:
        if c.responder_id:
            by_responder.setdefault(c.responder_id, {})[c.kind] = c
    groups: dict[str, list[tuple[IncidentResponder, dict[str, Any]]]] = {}
    for r in responders:
        groups.setdefault(r.group_name, []).append((r, by_responder.get(r.pk, {})))
    task_clock = {c.task_id: c for c in clocks if c.task_id}
    report_clocks = [c for c in clocks if c.kind.startswith("report_")]
    events = list(
        incident.events.select_related("actor").prefetch_related("attachments").order_by("at", "id")
    )
    linked = {e.changes.get("demand") for e in events if e.kind == EventKind.LINK}
    demand_targets = intake.targets_for(user, exclude=svc.TARGET)
    demands = [
        (e, [(t.label, intake.intake_url(t.code, intake.token(svc.DEMAND_SOURCE, e.pk)))
             for t in demand_targets] if e.pk not in linked else [])
        for e in events if e.kind == EventKind.DEMAND
    ]  # fmt: skip
    return render(request, "emergency/incident.html", {
        "incident": incident, "now": now, "commands": rules.commands(user, incident),
        "forms": _forms(incident, user, bound),
        "groups": groups, "tasks": [(t, task_clock.get(t.pk)) for t in incident.tasks.all()],
        "report_clocks": report_clocks, "events": events, "demands": demands,
        "criteria": list(incident.incident_type.criteria.all()),
        "mine": [r for r in responders if r.user_id == user.pk],
        "documents": kinds_of("incident"),
        "files_base": reverse("emergency:incident", args=[incident.pk]) + "files/",
    }, status=status)  # fmt: skip


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = visible(selectors.incident_get_for_user, user=acting_user(request), pk=pk)
    return _page(request, incident)


@login_required
@require_POST
def incident_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """An action of the registry (`actions.INCIDENT_ACTIONS`) from its form on the incident
    page; the service decides, its refusal is shown as its sentence above the form as typed."""
    user = acting_user(request)
    incident = visible(selectors.incident_get_for_user, user=user, pk=pk)
    entry = INCIDENT_ACTIONS.get(action)
    if entry is None:
        raise Http404("没有这项操作，请从事件页面的按钮办理。")
    form = build_form(entry, incident, data=request.POST, files=request.FILES,
                      namespace="emergency")  # fmt: skip
    if not form.is_valid():
        messages.error(request, "请按提示修改后再提交。")
        return _page(request, incident, bound=form, status=400)
    back = reverse("emergency:incident", args=[pk])
    try:
        entry.run(incident, user, form.cleaned_data.get("version"), form.inputs_data())
    except Conflict as exc:  # someone acted first: the fresh page, with the sentence
        messages.error(request, exc.message)
        return redirect(back)
    except ApplicationError as exc:  # the form stays as typed (a report written on a phone)
        messages.error(request, exc.message)
        if exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        code = 403 if isinstance(exc, PermissionDenied) else 400
        return _page(request, incident, bound=form, status=code)
    messages.success(request, entry.text(incident, "done"))
    return redirect(back)


@login_required
def callout(request: HttpRequest, pk: int) -> HttpResponse:
    """The responder's page (phone first): the call-out, the group's duties, 收到 and 到达."""
    user = acting_user(request)
    incident = visible(selectors.incident_get_for_user, user=user, pk=pk)
    mine = [r for r in incident.responders.all() if r.user_id == user.pk]
    clocks = {(c.responder_id, c.kind): c for c in incident.clocks.all() if c.responder_id}
    rows = [(r, clocks.get((r.pk, "ack")), clocks.get((r.pk, "arrive"))) for r in mine]
    duties = {g.name: g.duties for g in incident.plan_version.groups.all()}
    return render(request, "emergency/callout.html", {
        "incident": incident, "rows": rows, "duties": duties, "now": timezone.now(),
        "tasks": [t for t in incident.tasks.all() if t.owner_id == user.pk],
    })  # fmt: skip


@login_required
@require_POST
def responder_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = acting_user(request)
    responder = get_object_or_404(IncidentResponder.objects.select_related("incident"), pk=pk,
                                  user=user)  # fmt: skip
    back = reverse("emergency:callout", args=[responder.incident_id])
    if action == "ack":
        return run(
            request,
            back,
            lambda: svc.responder_ack(responder=responder, acting_user=user),
            "已确认收到。",
        )
    return run(
        request,
        back,
        lambda: svc.responder_arrive(responder=responder, acting_user=user),
        "已报到达现场。",
    )
