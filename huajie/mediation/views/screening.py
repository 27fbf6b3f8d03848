"""Screening overview (排查), the round report form, the analysis meetings and their minutes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from huajie.common.errors import ApplicationError, NotFound, PermissionDenied
from huajie.common.forms import LenientDateField, text_field
from huajie.common.scoping import visible_to
from huajie.orgs.models import Unit

from .. import selectors
from ..models import Dispute
from ..services import screening as svc
from ..states import OPEN_STATUSES
from .common import acting_user


class ReportForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    period_start = LenientDateField(label="排查周期", widget=forms.HiddenInput)
    none_found = forms.BooleanField(label="本轮未发现矛盾纠纷（零报告）", required=False)
    findings = text_field("排查情况（发现的纠纷、苗头）", rows=3)
    disputes = forms.CharField(required=False, widget=forms.HiddenInput)


class MeetingForm(forms.Form):
    held_on = LenientDateField(label="会议日期", error_messages={"required": "请填写会议日期。"})
    chair = text_field("主持人", required=True, max_length=50)
    attendees = text_field("参会人员", required=True, rows=2)
    discussion = text_field("研判情况", required=True, rows=4)
    decisions = text_field("议定事项", required=True, rows=4)
    disputes = forms.MultipleChoiceField(
        label="研判的纠纷", required=False, widget=forms.CheckboxSelectMultiple
    )


def _open_disputes(request: HttpRequest) -> list[Dispute]:
    return list(
        visible_to(Dispute.objects.all(), acting_user(request))
        .filter(status__in=OPEN_STATUSES)
        .select_related("unit")
        .order_by("-received_on")[:50]
    )


def _overview(request: HttpRequest, *, status: int = 200, error: str = "") -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    units = svc.screening_overview(user=user, today=today)
    reportable = {u.unit.pk for u in units if svc.may_report(user, u.unit)}
    context = {
        "units": units,
        "today": today,
        "error": error,
        "mine": user.unit_id,
        "reportable": reportable,
        "missing": sum(u.missing for u in units),
        "late": sum(u.late for u in units),
        "unreported": [u for u in units if u.last_closed and u.last_closed.state == "missing"],
        "months": svc.meeting_months(
            user=user,
            today=today,
            last=3,
            since=min((u.schedule.starts_on for u in units), default=today),
        ),  # fmt: skip
        "disputes": _open_disputes(request) if reportable else [],
    }
    return render(request, "mediation/screening.html", context, status=status)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return _overview(request)


@login_required
@require_POST
def report(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _overview(request, status=400, error="排查报告未保存：请选择排查周期后重试。")
    unit = Unit.objects.filter(pk=form.cleaned_data["unit"]).first()
    if unit is None:
        raise Http404("没有这个单位。")
    picked = request.POST.getlist("dispute")
    disputes = list(
        visible_to(Dispute.objects.all(), user).filter(pk__in=[p for p in picked if p.isdigit()])
    )
    try:
        svc.screening_report(
            unit=unit, acting_user=user, period_start=form.cleaned_data["period_start"],
            none_found=form.cleaned_data["none_found"], findings=form.cleaned_data["findings"],
            disputes=disputes, reported_on=timezone.localdate(),
        )  # fmt: skip
    except ApplicationError as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 400
        return _overview(request, status=status, error=exc.message)
    messages.success(request, f"{unit.name}本轮排查报告已报送。")
    return redirect(reverse("mediation:screening"))


@login_required
@require_GET
def meetings(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    rows = selectors.meetings_for_user(user=user)[:100]
    return render(request, "mediation/meetings.html", {"meetings": rows})


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    choices = [(str(d.pk), f"{d.reg_no} {d.title}") for d in _open_disputes(request)]
    form = MeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    form.fields["disputes"].choices = choices  # type: ignore[attr-defined]
    error = ""
    if request.method == "POST" and form.is_valid():
        chosen = visible_to(Dispute.objects.all(), user).filter(
            pk__in=form.cleaned_data["disputes"]
        )
        try:
            if user.unit is None:
                raise PermissionDenied("您的账号未关联单位，不能记录研判例会。")
            meeting = svc.meeting_record(
                unit=user.unit, acting_user=user, held_on=form.cleaned_data["held_on"],
                chair=form.cleaned_data["chair"], attendees=form.cleaned_data["attendees"],
                discussion=form.cleaned_data["discussion"],
                decisions=form.cleaned_data["decisions"], disputes=chosen,
            )  # fmt: skip
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, "研判例会记录已保存。")
            return redirect(reverse("mediation:meeting", args=[meeting.pk]))
    elif request.method == "POST":
        error = "请按提示修改后再提交。"
    status = 400 if error else 200
    return render(request, "mediation/meeting_form.html", {"form": form, "error": error},
                  status=status)  # fmt: skip


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    try:
        meeting = selectors.meeting_get_for_user(user=user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "mediation/meeting.html", {"m": meeting})
