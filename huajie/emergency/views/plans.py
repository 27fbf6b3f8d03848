"""The plan library, a plan's versions, a version's page (structured; a draft has its editing
forms), the header form, row add/delete, putting a draft in force and opening a revision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from huajie.common.errors import ApplicationError

from .. import rules, selectors
from ..forms import SECTIONS, PlanNewForm, VersionForm, section_form
from ..models import PlanStatus
from ..services import plans as svc
from .common import acting_user, denied, run, visible


@login_required
def library(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    plans = list(selectors.plan_list_for_user(user=user))
    rows = []
    for p in plans:
        versions = list(p.versions.all())
        current = next((v for v in versions if v.status == PlanStatus.IN_FORCE), None)
        draft = next((v for v in versions if v.status == PlanStatus.DRAFT), None)
        rows.append((p, current, draft))
    return render(request, "emergency/plans.html", {
        "rows": rows, "may_create": rules.may_create_plan(user),
        "drills": {d.version.plan_id: d for d in selectors.drills_due(user=user)},
    })  # fmt: skip


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not rules.may_create_plan(user) or user.unit is None:
        return denied(request, "只有应急指挥、领导或管理员可以新建预案。")
    form = PlanNewForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = svc.plan_create(unit=user.unit, area_unit=d["area_unit"], name=d["title"],
                                   header=d, acting_user=user)  # fmt: skip
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, "已新建预案。请逐项补充工作组、事件类型、分级标准和处置步骤。"
            )
            return redirect(reverse("emergency:version", args=[plan.versions.get().pk]))
    return render(request, "emergency/version_form.html", {"form": form, "new": True})


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = visible(selectors.version_get_for_user, user=user, pk=pk)
    editable = version.is_editable and rules.may_edit_plan(user, version.plan)
    forms = {name: section_form(name, version) for name in SECTIONS} if editable else {}
    return render(request, "emergency/version.html", {
        "version": version, "editable": editable, "forms": forms,
        "may_edit": rules.may_edit_plan(user, version.plan),
        "versions": version.plan.versions.order_by("-number"),
    })  # fmt: skip


@login_required
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = visible(selectors.version_get_for_user, user=user, pk=pk)
    back = reverse("emergency:version", args=[pk])
    if not rules.may_edit_plan(user, version.plan):
        return denied(request, "只有预案编制单位的应急指挥、领导或管理员可以编制和修订预案。")
    if not version.is_editable:
        messages.error(request, "现行有效或已被修订的预案版本不能修改，请先点击“修订预案”。")
        return redirect(back)
    form = VersionForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            svc.version_update(version=version, data=form.cleaned_data, acting_user=user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存。")
            return redirect(back)
    return render(request, "emergency/version_form.html", {"form": form, "version": version})


@login_required
@require_POST
def row_add(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    user = acting_user(request)
    version = visible(selectors.version_get_for_user, user=user, pk=pk)
    if section not in SECTIONS:
        raise Http404("没有这一栏。")
    back = reverse("emergency:version", args=[pk]) + f"#{section}"
    form = section_form(section, version, request.POST)
    if not form.is_valid():
        errors = "；".join(f"{form.fields[f].label if f in form.fields else ''}{e[0]}"
                          for f, e in form.errors.items())  # fmt: skip
        messages.error(request, f"{SECTIONS[section][1]}未保存：{errors}")
        return redirect(back)
    row = form.save(commit=False)
    if hasattr(row, "version_id") and section in {"group", "type", "report", "resource"}:
        row.version = version
    return run(request, back, lambda: svc.draft_row_save(row=row, acting_user=user), "已添加。")


@login_required
@require_POST
def row_delete(request: HttpRequest, pk: int, section: str, row_pk: int) -> HttpResponse:
    user = acting_user(request)
    version = visible(selectors.version_get_for_user, user=user, pk=pk)
    if section not in SECTIONS:
        raise Http404("没有这一栏。")
    model = SECTIONS[section][0]._meta.model
    row = model._default_manager.filter(pk=row_pk).first()
    if row is None or svc.version_of(row).pk != version.pk:
        raise Http404("未找到该记录。")
    back = reverse("emergency:version", args=[pk]) + f"#{section}"
    return run(request, back, lambda: svc.draft_row_delete(row=row, acting_user=user), "已删除。")


@login_required
@require_POST
def version_in_force(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = visible(selectors.version_get_for_user, user=user, pk=pk)
    back = reverse("emergency:version", args=[pk])
    return run(request, back, lambda: svc.version_put_in_force(version=version, acting_user=user),
               "已发布施行。原版本已标记为“已被修订”。")  # fmt: skip


@login_required
@require_POST
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    plan = visible(selectors.plan_get_for_user, user=user, pk=pk)
    try:
        draft = svc.plan_revise(plan=plan, acting_user=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("emergency:plans"))
    messages.success(request, "已生成修订稿。修改后填写修订说明并发布施行。")
    return redirect(reverse("emergency:version", args=[draft.pk]))
