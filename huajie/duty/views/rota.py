"""值周: a school's week of weekly duty, each day's people and its record, printable."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.common.scoping import get_visible
from huajie.orgs.models import Unit

from ..forms import RotaRecordForm
from ..services import rota as services
from .common import acting_user, day_param, page

WEEKDAYS = "一二三四五六日"


@page
def rota(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    unit = user.unit
    if request.GET.get("unit", "").isdigit():
        unit = get_visible(Unit.objects.all(), user, pk=int(request.GET["unit"]))
    today = timezone.localdate()
    day = day_param(request.GET.get("day") or request.POST.get("day"), today)
    week = services.rota_week(unit=unit, day=day) if unit else []
    chosen = next((d for d in week if d.slot.day == day), None)
    if chosen is None:
        chosen = next((d for d in week if d.slot.day == today), week[0] if week else None)
    form = None
    if chosen is not None:
        record = chosen.record
        initial = (
            {name: getattr(record, name) for name in
             ("arrived", "safety", "order", "hygiene", "problems", "actions")}
            if record else {"arrived": timezone.localtime().time().replace(second=0, microsecond=0)}
        )  # fmt: skip
        form = RotaRecordForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.rota_record_save(slot=chosen.slot, acting_user=user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "值周记录已保存。")
                back = reverse("duty:rota") + f"?day={chosen.slot.day.isoformat()}"
                return redirect(back)
    first, last = services.week_of(day)
    context = {
        "unit": unit,
        "week": [(d, f"星期{WEEKDAYS[d.slot.day.weekday()]}") for d in week],
        "chosen": chosen,
        "form": form,
        "first": first,
        "last": last,
        "prev": (first - timedelta(days=7)).isoformat(),
        "next": (first + timedelta(days=7)).isoformat(),
        "today": today,
        "keeps_rota": services.keeps_rota(unit),
    }
    return render(request, "duty/rota.html", context, status=400 if form and form.errors else 200)
