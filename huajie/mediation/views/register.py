"""The new-dispute form. `?from=<token>` (a hand-off from the duty log or a petition, see
`common.intake`) prefills it from the source's draft; the token rides in a hidden field and the
registration records the link back in the same transaction."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from huajie.common import intake
from huajie.common.errors import ApplicationError, PermissionDenied

from .. import rules, services
from ..forms import DisputeForm
from ..models import Source
from .common import acting_user

SOURCE_FOR_KIND = {"petition": Source.PETITION, "duty-log": Source.DUTY}


def _prefill(token: str, user: Any) -> tuple[dict[str, Any], str]:
    draft = intake.intake_draft(token, user)
    kind = token.partition(":")[0]
    initial: dict[str, Any] = {
        "source_token": token,
        "received_on": timezone.localtime(draft.received_at).date(),
        "summary": draft.content,
        "title": (draft.title or draft.content)[:100],
        "place": draft.place,
        "source": SOURCE_FOR_KIND.get(kind, Source.WALK_IN),
        "source_note": str(draft.label)[:200],
        "p0_name": draft.caller_name,
        "p0_phone": draft.caller_phone,
    }
    if draft.region_code:
        initial["region"] = draft.region_code
    return initial, str(draft.label)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not rules.may_register(user):
        return render(
            request, "mediation/denied.html",
            {"message": "只有人民调解员或领导可以登记矛盾纠纷。如需登记，请联系所在调解委员会。"},
            status=403,
        )  # fmt: skip
    source_label, error = "", ""
    if request.method == "POST":
        form = DisputeForm(request.POST, user=user)
        token = request.POST.get("source_token", "")
        if form.is_valid():
            try:
                dispute = services.dispute_register(
                    data=form.to_input(), acting_user=user, intake_token=token
                )
            except ApplicationError as exc:
                status = 403 if isinstance(exc, PermissionDenied) else 400
                if exc.field and exc.field in form.fields:
                    form.add_error(exc.field, exc.message)
                    error = "请按提示修改后再提交。"
                else:
                    error = exc.message
                return _page(request, form, error, source_label, status)
            messages.success(request, f"已登记纠纷 {dispute.reg_no}。")
            return redirect(reverse("mediation:detail", args=[dispute.pk]))
        return _page(request, form, "请按提示修改后再提交。", source_label, 400)
    initial: dict[str, Any] = {"received_on": timezone.localdate()}
    found = DisputeForm(user=user).round_of(_int(request.GET.get("round")))
    if found is not None:
        initial.update(screening_round=found.pk, source=Source.SCREENING, unit=str(found.unit_id))
        source_label = (
            f"{found.unit.name}{found.period_start:%-m月%-d日}–{found.period_end:%-m月%-d日}排查"
        )
    token = request.GET.get("from", "")
    if token:
        try:
            more, source_label = _prefill(token, user)
            initial.update(more)
        except ApplicationError as exc:
            error = exc.message
    return _page(request, DisputeForm(initial=initial, user=user), error, source_label, 200)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _page(
    request: HttpRequest, form: DisputeForm, error: str, source_label: str, status: int
) -> HttpResponse:
    return render(
        request, "mediation/register.html",
        {"form": form, "error": error, "source_label": source_label},
        status=status,
    )  # fmt: skip
