"""Incident screens: the commander's board, the list, 接报 (new incident, also from the duty log
with ?from=), the incident page with its forms, and the responder's phone page (收到 / 到达)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huajie.common import intake
from huajie.common.errors import ApplicationError
from huajie.documents.registry import kinds_of

from .. import rules, selectors
from ..forms import (
    LOCAL_DT,
    ActivateForm,
    IncidentForm,
    LogForm,
    RegradeForm,
    ReportForm,
    ResolutionForm,
    ReviewForm,
    people_of,
)
from ..models import GRADE_SHORT, EventKind, IncidentResponder, IncidentStatus, ReportKind
from ..services import incidents as svc
from .common import acting_user, denied, run, version_arg, visible


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


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    incident = visible(selectors.incident_get_for_user, user=user, pk=pk)
    now = timezone.now()
    commands = rules.commands(user, incident)
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
    activate = ActivateForm(initial={"grade": incident.suggested_grade})
    report_kind = _next_report(incident)
    report_form = ReportForm(initial={
        "kind": report_kind, "recipient": _recipient(incident, report_kind),
        "casualties": f"死亡{incident.deaths}人，受伤{incident.injured}人",
    })  # fmt: skip
    return render(request, "emergency/incident.html", {
        "incident": incident, "now": now, "commands": commands,
        "may_log": rules.may_log(user, incident),
        "may_report_upward": rules.may_report_upward(user, incident),
        "groups": groups, "tasks": [(t, task_clock.get(t.pk)) for t in incident.tasks.all()],
        "report_clocks": report_clocks, "events": events, "demands": demands,
        "criteria": list(incident.incident_type.criteria.all()),
        "suggested": GRADE_SHORT.get(incident.suggested_grade or 0, ""),
        "activate_form": activate, "regrade_form": RegradeForm(initial={"grade": incident.grade}),
        "report_form": report_form, "log_form": LogForm(), "resolution_form": ResolutionForm(),
        "review_form": ReviewForm(people=people_of(incident.command_unit)),
        "mine": [r for r in responders if r.user_id == user.pk],
        "documents": kinds_of("incident"),
        "files_base": reverse("emergency:incident", args=[incident.pk]) + "files/",
    })  # fmt: skip


def _next_report(incident: Any) -> str:
    kinds = {r.kind for r in incident.reports.all()}
    if incident.status == IncidentStatus.STOOD_DOWN:
        return ReportKind.FINAL
    return ReportKind.CONTINUED if ReportKind.FIRST in kinds else ReportKind.FIRST


def _recipient(incident: Any, kind: str) -> str:
    row = next((r for r in incident.plan_version.reports.all() if r.kind == kind), None)
    return row.recipient if row else ""


@login_required
@require_POST
def incident_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = acting_user(request)
    incident = visible(selectors.incident_get_for_user, user=user, pk=pk)
    back = reverse("emergency:incident", args=[pk])
    expected = version_arg(request)
    post = request.POST
    if action == "activate":
        form = ActivateForm(post)
        if not form.is_valid():
            messages.error(request, "请选择响应级别。")
            return redirect(back)
        return run(request, back, lambda: svc.incident_activate(
            incident=incident, grade=form.cleaned_data["grade"], acting_user=user,
            grade_reason=form.cleaned_data["grade_reason"], expected_version=expected,
        ), "已启动预案，已通知各工作组成员。")  # fmt: skip
    if action == "regrade":
        raw = post.get("grade", "")
        return run(request, back, lambda: svc.incident_regrade(
            incident=incident, grade=int(raw) if raw.isdigit() else 0,
            reason=post.get("grade_reason", ""), acting_user=user, expected_version=expected,
        ), "已调整响应级别。")  # fmt: skip
    if action == "report":
        data = svc.ReportInput(
            **{
                k: post.get(k, "")
                for k in ("kind", "recipient", "happened", "casualties", "measures", "next_steps")
            }
        )
        if data.kind not in ReportKind.values:
            messages.error(request, "请选择报告类别。")
            return redirect(back)
        return run(request, back, lambda: svc.report_file(
            incident=incident, data=data, acting_user=user), "已报送。")  # fmt: skip
    if action == "log":
        raw = post.get("people", "")
        return run(request, back, lambda: svc.log_add(
            incident=incident, kind=post.get("kind", ""), text=post.get("text", ""),
            acting_user=user, people=int(raw) if raw.isdigit() else None,
            files=request.FILES.getlist("files"),
        ), "已记录。")  # fmt: skip
    if action == "task":
        task = get_object_or_404(incident.tasks, pk=post.get("task") or 0)
        return run(request, back, lambda: svc.task_done(
            task=task, acting_user=user, note=post.get("note", "")), "")  # fmt: skip
    if action in ("stand_down", "dismiss"):
        service = svc.incident_stand_down if action == "stand_down" else svc.incident_dismiss
        return run(request, back, lambda: service(
            incident=incident, resolution=post.get("resolution", ""), acting_user=user,
            expected_version=expected), "已办理。")  # fmt: skip
    if action == "review":
        review = ReviewForm(post, people=people_of(incident.command_unit))
        if not review.is_valid():
            first = next(iter(review.errors.values()))[0]
            messages.error(request, f"总结评估未保存：{first}")
            return redirect(back)
        d = review.cleaned_data
        acts = [svc.ActionInput(t, o, due) for t, o, due in review.actions]
        return run(request, back, lambda: svc.incident_review(
            incident=incident, summary=d["summary"], went_well=d["went_well"],
            to_improve=d["to_improve"], actions=acts, acting_user=user,
            expected_version=expected,
        ), "总结评估已保存，事件已归档。请出具总结评估报告。")  # fmt: skip
    messages.error(request, "没有这项操作，请从事件页面的按钮办理。")
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
