"""Handover, swaps, leave, spot checks, the contact directory, leader receptions, iCal."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.core import signing
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from huajie.common import intake
from huajie.common.identity import mask_phone
from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import Unit, User, WorkGroupMember

from .. import rules, selectors
from ..forms import LeaveForm, ReceptionForm
from ..models import (
    DutyAssignment,
    DutyLogEntry,
    DutyPost,
    Handover,
    HandoverStatus,
    LeaveRequest,
    LogStatus,
    Reception,
    SpotCheck,
    SwapRequest,
)
from ..services import people as services
from ..services.workflow import LEAVE, SWAP
from .common import acting_user, day_param, page, run

ICAL_SALT = "duty.ical"


@page
def handover(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    back = reverse("duty:handover")
    unit = user.unit
    if request.method == "POST" and unit is not None:
        if request.POST.get("do") == "accept":
            h = get_visible(Handover.objects.all(), user, pk=int(request.POST.get("handover") or 0))
            return run(
                request,
                lambda: services.handover_accept(handover=h, acting_user=user),
                "已接班。",
                back,
            )
        incoming = User.objects.filter(pk=request.POST.get("incoming") or 0, unit=user.unit).first()
        notes = request.POST.get("notes", "")
        return run(
            request,
            lambda: services.handover_write(
                unit=unit, notes=notes, incoming=incoming, acting_user=user
            ),
            "交班记录已保存，请接班人确认。",
            back,
        )
    context = {
        "handovers": visible_to(
            Handover.objects.select_related("outgoing", "incoming", "unit"), user
        ).prefetch_related("open_items")[:20],
        "open_items": DutyLogEntry.objects.filter(unit=user.unit, status=LogStatus.OPEN)
        if user.unit
        else [],
        "colleagues": User.objects.filter(unit=user.unit, is_active=True).exclude(pk=user.pk)
        if user.unit
        else [],
        "WRITTEN": HandoverStatus.WRITTEN,
    }
    return render(request, "duty/handover.html", context)


@page
def swaps(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    back = reverse("duty:swaps")
    if request.method == "POST":
        do = request.POST.get("do", "")
        if do == "request":
            slot = selectors.slot_get(user=user, pk=int(request.POST.get("slot") or 0))
            other = get_object_or_404(User, pk=request.POST.get("counterpart"), is_active=True)
            return run(
                request,
                lambda: services.swap_request(
                    slot=slot,
                    counterpart=other,
                    reason=request.POST.get("reason", ""),
                    acting_user=user,
                ),
                "换班申请已发给对方。",
                back,
            )
        swap = get_object_or_404(
            SwapRequest.objects.select_related("slot", "unit"),
            Q(requester=user)
            | Q(counterpart=user)
            | Q(unit__path__startswith=user.unit.path if user.unit else "-"),
            pk=request.POST.get("swap") or 0,
        )
        if do == "accept":
            return run(
                request,
                lambda: services.swap_accept(swap=swap, acting_user=user),
                "已同意替班。",
                back,
            )
        if do == "approve":
            return run(
                request,
                lambda: services.swap_approve(swap=swap, acting_user=user),
                "已批准换班。",
                back,
            )
        return run(
            request,
            lambda: services.swap_decide(swap=swap, action=do, acting_user=user),
            "已处理。",
            back,
        )
    today = timezone.localdate()
    mine = (
        DutyAssignment.objects.filter(user=user, slot__day__gte=today)
        .select_related("slot")
        .order_by("slot__starts_at")[:20]
    )
    rows = visible_to(
        SwapRequest.objects.select_related("slot", "requester", "counterpart"), user
    ).order_by("-created_at")[:30]
    items = [(s, [t for t in SWAP.available(user, s)]) for s in rows]
    colleagues = (
        User.objects.filter(unit=user.unit, is_active=True).exclude(pk=user.pk) if user.unit else []
    )
    return render(
        request, "duty/swaps.html", {"mine": mine, "items": items, "colleagues": colleagues}
    )


@page
def leave(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    back = reverse("duty:leave")
    form = LeaveForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("do") in ("approve", "refuse"):
            item = get_visible(
                LeaveRequest.objects.select_related("period"),
                user,
                pk=int(request.POST.get("leave") or 0),
            )
            approve = request.POST["do"] == "approve"
            return run(
                request,
                lambda: services.leave_decide(
                    leave=item, approve=approve, note=request.POST.get("note", ""), acting_user=user
                ),
                "已审批。",
                back,
            )
        if form.is_valid():
            return run(
                request,
                lambda: services.leave_request(acting_user=user, **form.cleaned_data),
                "申请已提交，等待审批。",
                back,
            )
    rows = list(
        LeaveRequest.objects.filter(
            Q(user=user)
            | Q(period__leader=user)
            | Q(pk__in=visible_to(LeaveRequest.objects.all(), user).values("pk"))
        )
        .select_related("user", "period", "decided_by")
        .order_by("-created_at")[:40]
    )
    items = [(r, LEAVE.available(user, r), services.leave_conflicts(leave=r)) for r in rows]
    context = {
        "form": form,
        "items": items,
        "periods": selectors.periods_now(unit=user.unit) if user.unit else [],
    }
    return render(request, "duty/leave.html", context)


@page
def spot_checks(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    back = reverse("duty:spot_checks")
    below = (
        Unit.objects.filter(path__startswith=user.unit.path)
        .exclude(pk=user.unit.pk)
        .filter(duty_post__isnull=False)
        if user.unit
        else Unit.objects.none()
    )
    if request.method == "POST":
        unit = get_object_or_404(below, pk=request.POST.get("unit") or 0)
        answered = request.POST.get("answered") == "yes"
        return run(
            request,
            lambda: services.spot_check_record(
                unit=unit,
                answered=answered,
                answered_by=request.POST.get("answered_by", ""),
                note=request.POST.get("note", ""),
                acting_user=user,
            ),
            "查岗情况已记录。",
            back,
        )
    checks = visible_to(SpotCheck.objects.select_related("unit", "checked_by"), user)[:50]
    posts = DutyPost.objects.filter(unit__in=below).select_related("unit").order_by("unit__path")
    return render(request, "duty/spot_checks.html", {"checks": checks, "posts": posts})


@page
def directory(request: HttpRequest) -> HttpResponse:
    """通讯录: duty phones, leaders, leading/work-group members; personal mobiles masked except
    to duty staff."""
    user = acting_user(request)
    q = request.GET.get("q", "").strip()
    full = rules.is_duty_staff(user)
    units = (
        visible_to(Unit.objects.filter(is_active=True), user)
        .select_related("duty_post")
        .order_by("path")
    )
    people = (
        User.objects.filter(is_active=True, unit__in=units)
        .exclude(phone="")
        .select_related("unit")
        .order_by("unit__path", "id")
    )
    members = (
        WorkGroupMember.objects.filter(group__unit__in=units)
        .select_related("group")
        .order_by("group__name", "order")
    )
    if q:
        units = units.filter(Q(name__contains=q) | Q(short_name__contains=q))
        people = people.filter(
            Q(full_name__contains=q) | Q(title__contains=q) | Q(unit__name__contains=q)
        )
        members = members.filter(
            Q(name__contains=q) | Q(group__name__contains=q) | Q(post__contains=q)
        )

    def shown(phone: str) -> str:
        return phone if full else mask_phone(phone)

    context = {
        "q": q,
        "full": full,
        "units": [(u, getattr(u, "duty_post", None)) for u in units[:300]],
        "people": [(p, shown(p.phone)) for p in people[:300]],
        "members": [(m, shown(m.phone) if m.phone else "") for m in members[:300]],
    }
    return render(request, "duty/directory.html", context)


@page
def receptions(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    back = reverse("duty:receptions")
    form = ReceptionForm(request.POST or None)
    unit = user.unit
    if request.method == "POST" and form.is_valid() and unit is not None:
        return run(
            request,
            lambda: services.reception_save(unit=unit, acting_user=user, **form.cleaned_data),
            "接访安排已保存。",
            back,
        )
    today = timezone.localdate()
    first = day_param(request.GET.get("from"), today - timedelta(days=7))
    rows = visible_to(
        Reception.objects.filter(starts_at__date__gte=first).select_related("unit"), user
    )[:60]
    targets = intake.targets_for(user)
    items = [
        (
            r,
            [
                (t.label, intake.intake_url(t.code, intake.token(services.RECEPTION_SOURCE, r.pk)))
                for t in targets
                if t.code == "petition"
            ],
        )
        for r in rows
    ]
    return render(request, "duty/receptions.html", {"form": form, "items": items})


def ical_token(user: User) -> str:
    return signing.dumps(user.pk, salt=ICAL_SALT)


@page
def ical_link(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    url = request.build_absolute_uri(reverse("duty:ical", args=[ical_token(user)]))
    return render(request, "duty/ical.html", {"url": url})


def ical(request: HttpRequest, token: str) -> HttpResponse:
    """The person's shifts as an iCalendar feed; the signed token in the address is the key."""
    try:
        pk = signing.loads(token, salt=ICAL_SALT)
    except signing.BadSignature:
        raise Http404("链接无效") from None
    user = get_object_or_404(User, pk=pk, is_active=True)
    today = timezone.localdate()
    rows = selectors.shifts_for_user(
        user=user, first=today - timedelta(days=31), last=today + timedelta(days=92)
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Huajie//Duty//ZH",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:我的值班",
    ]
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    for a in rows:
        start = a.slot.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        end = a.slot.ends_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        lines += [
            "BEGIN:VEVENT",
            f"UID:duty-{a.pk}@huajie",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start}",
            f"DTEND:{end}",
            f"SUMMARY:{a.slot.unit.short_name or a.slot.unit.name} {a.slot.label} "
            f"{a.get_role_display()}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")
