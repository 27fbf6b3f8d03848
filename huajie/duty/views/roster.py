"""Rosters: the months of a unit (and those filed with it), generation, the month grid, overrides,
publish / revise, the printable A4 table and the xlsx export."""

from __future__ import annotations

import calendar as pycal
from datetime import date
from io import BytesIO

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from huajie.common.errors import ApplicationError
from huajie.common.scoping import can_write
from huajie.orgs.models import RoleCode, User

from .. import selectors
from ..models import DayKind, DutyRole, RosterMonth, Rotation, ShiftKind, ShiftPattern
from ..services import generation
from ..services import roster as services
from .common import acting_user, page, run

COLUMNS = ("日期", "星期", "班次", "带班领导", "值班人员", "电话")


def _month_param(value: str | None) -> date | None:
    try:
        year, month = (int(p) for p in (value or "").split("-")[:2])
        return date(year, month, 1)
    except ValueError:
        return None


@page
def rosters(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    staff = (
        User.objects.filter(unit=user.unit, is_active=True).order_by("id")
        if user.unit
        else User.objects.none()
    )
    if request.method == "POST" and user.unit is not None:
        month = _month_param(request.POST.get("month"))
        ids = [int(i) for i in request.POST.getlist("officers") if i.isdigit()]
        leader_ids = [int(i) for i in request.POST.getlist("leaders") if i.isdigit()]
        officers = sorted(staff.filter(pk__in=ids), key=lambda u: ids.index(u.pk))
        leaders = sorted(staff.filter(pk__in=leader_ids), key=lambda u: leader_ids.index(u.pk))
        if month is None:
            return run(request, _refuse("请选择要排班的月份。"), "", reverse("duty:rosters"))
        kind = request.POST.get("kind", ShiftKind.FULL_DAY)
        pattern = None
        if kind.startswith("p") and kind[1:].isdigit():
            pattern = selectors.patterns_for_unit(user=user).filter(pk=int(kind[1:])).first()
            if pattern is None:
                return run(
                    request, _refuse("请选择本单位的班次模式。"), "", reverse("duty:rosters")
                )
        try:
            roster = generation.setup_and_generate(
                unit=user.unit,
                month=month,
                kind=kind,
                officers=officers,
                leaders=leaders,
                acting_user=user,
                pattern=pattern,
            )
        except ApplicationError as exc:
            return run(request, _refuse(exc.message), "", reverse("duty:rosters"))
        return redirect("duty:roster", pk=roster.pk)
    months = list(selectors.rosters_for_user(user=user)[:60])
    gaps = selectors.roster_gap_counts(roster_ids=[r.pk for r in months])
    today = timezone.localdate()
    nxt = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    context = {
        "rosters": [(r, gaps.get(r.pk, 0)) for r in months],
        "officers": staff.filter(roles__code=RoleCode.DUTY_OFFICER).distinct(),
        "leaders": staff.filter(roles__code=RoleCode.LEADER).distinct(),
        "month": nxt.strftime("%Y-%m"),
        "kinds": _kinds(user),
        "rotations": Rotation.objects.filter(unit=user.unit).order_by("-id")[:6]
        if user.unit
        else [],
    }
    return render(request, "duty/rosters.html", context)


def _kinds(user: User) -> list[tuple[str, str]]:
    """The generation form's choices: the unit's saved patterns ("p<id>"), then each standard
    kind the unit has no pattern of yet (created on first use)."""
    saved = list(selectors.patterns_for_unit(user=user))
    have = {p.kind for p in saved}
    standard = (ShiftKind.FULL_DAY, ShiftKind.DAY_NIGHT, ShiftKind.WEEKLY)
    return [(f"p{p.pk}", _label(p)) for p in saved] + [
        (k, ShiftKind(k).label) for k in standard if k not in have
    ]


def _label(pattern: ShiftPattern) -> str:
    kind = pattern.get_kind_display()
    return pattern.name if pattern.name == kind else f"{pattern.name}（{kind}）"


def _refuse(message: str):
    def work() -> None:
        raise ApplicationError(message)

    return work


def _weeks(roster: RosterMonth, rows: list[dict]) -> list[list[dict | None]]:
    by_day: dict[str, list[dict]] = {}
    for row in rows:
        by_day.setdefault(row["day"], []).append(row)
    weeks = []
    for week in pycal.Calendar(firstweekday=0).monthdatescalendar(
        roster.month.year, roster.month.month
    ):
        weeks.append(
            [
                {
                    "day": d,
                    "rows": by_day.get(d.isoformat(), []),
                    "kind": (by_day.get(d.isoformat()) or [{}])[0].get("day_kind", ""),
                }
                if d.month == roster.month.month
                else None
                for d in week
            ]
        )
    return weeks


@page
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    month = selectors.roster_get(user=user, pk=pk)
    back = reverse("duty:roster", args=[pk])
    if request.method == "POST":
        do = request.POST.get("do")
        if do == "publish":
            return run(
                request,
                lambda: services.roster_publish(
                    roster=month, note=request.POST.get("note", ""), acting_user=user
                ),
                "值班表已发布并报备。",
                back,
            )
        if do == "revise":
            return run(
                request,
                lambda: services.roster_revise(
                    roster=month, reason=request.POST.get("reason", ""), acting_user=user
                ),
                "值班表已解锁修订，改好后请重新发布。",
                back,
            )
        if do == "assign":
            slot = selectors.slot_get(user=user, pk=int(request.POST.get("slot") or 0))
            person = get_object_or_404(User, pk=request.POST.get("user"), is_active=True)
            return run(
                request,
                lambda: services.slot_assign(
                    slot=slot,
                    user=person,
                    role=request.POST.get("role", DutyRole.OFFICER),
                    acting_user=user,
                ),
                "已调整。",
                back,
            )
        if do == "unassign":
            slot = selectors.slot_get(user=user, pk=int(request.POST.get("slot") or 0))
            assignment = get_object_or_404(slot.assignments, pk=request.POST.get("assignment"))
            return run(
                request,
                lambda: services.slot_unassign(assignment=assignment, acting_user=user),
                "已撤下。",
                back,
            )
    rows = services.roster_rows(month)
    context = {
        "roster": month,
        "rows": rows,
        "weeks": _weeks(month, rows),
        "gaps": sum(1 for r in rows if r["gap"]),
        "writable": can_write(user, month),
        "slots": month.slots.prefetch_related("assignments__user").order_by("starts_at"),
        "people": User.objects.filter(unit=month.unit, is_active=True).order_by("id"),
        "editions": month.editions.select_related("published_by").order_by("-edition"),
        "events": month.events.select_related("actor").order_by("-at", "-id")[:20],
        "DayKind": DayKind,
    }
    return render(request, "duty/roster.html", context)


@page
def roster_print(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    month = selectors.roster_get(user=user, pk=pk)
    return render(
        request, "duty/roster_print.html", {"roster": month, "rows": services.roster_rows(month)}
    )


@page
def roster_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    month = selectors.roster_get(user=user, pk=pk)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = f"{month.month.month}月值班表"
    sheet.append([f"{month.unit.name}{month.month.year}年{month.month.month}月值班表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(list(COLUMNS))
    red = PatternFill("solid", fgColor="F8D7DA")
    for row in services.roster_rows(month):
        sheet.append(
            [
                row["day"],
                row["weekday"],
                row["shift"],
                row["leader"] or "（缺）",
                row["officers"] or "（缺）",
                row["phones"],
            ]
        )
        if row["gap"]:
            for cell in sheet[sheet.max_row]:
                cell.fill = red
    for col, width in zip("ABCDEF", (12, 8, 8, 14, 20, 30), strict=True):
        sheet.column_dimensions[col].width = width
    out = BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"roster-{month.unit.code}-{month.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
