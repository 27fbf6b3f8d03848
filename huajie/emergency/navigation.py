"""The emergency module in the left navigation, its pages and the home cards: the commander's
(active incidents, late acknowledgements, reports owed, hazards overdue, drills overdue), the duty
officer's (report an incident) and every called-out member's (收到 / 到达)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huajie.accounts.navigation import Card, Link, Live, LiveCount, LiveItem, Module, Page, register
from huajie.orgs.models import RoleCode, User

EMERGENCY_ROLES = frozenset(
    {RoleCode.COMMANDER, RoleCode.LEADER, RoleCode.DUTY_OFFICER, RoleCode.ADMIN}
)


def commander_live(user: User) -> Live:
    from .models import IncidentStatus
    from .selectors import (
        board_rows,
        drills_due,
        hazard_counts,
        incident_list_for_user,
        inspection_plans_for_user,
        inspection_schedule,
    )

    now = timezone.now()
    today = timezone.localdate()
    rows = board_rows(user=user, now=now)
    late = sum(1 for _, cells in rows for c in cells if c.ack_late and not c.acked_at)
    reported = incident_list_for_user(user=user, status=IncidentStatus.REPORTED).count()
    hazards = hazard_counts(user=user, today=today)
    drills = sum(1 for d in drills_due(user=user, today=today) if d.overdue(today))
    plans = inspection_plans_for_user(user=user)
    missed = sum(1 for r in inspection_schedule(plans=plans, today=today) if r.missed_last)
    board = reverse("emergency:index")
    counts = (
        LiveCount("响应中", len(rows), board, "primary"),
        LiveCount("待启动", reported, board, "warning"),
        LiveCount("未按时收到", late, board, "danger"),
        LiveCount("隐患逾期未整改", hazards["overdue"],
                  reverse("emergency:hazards") + "?status=overdue", "danger"),
        LiveCount("演练逾期", drills, reverse("emergency:drills"), "warning"),
        LiveCount("上期漏检", missed, reverse("emergency:inspections"), "warning"),
    )  # fmt: skip
    items = tuple(
        LiveItem(
            i.title, reverse("emergency:incident", args=[i.pk]),
            f"{i.reg_no} · {i.get_grade_display() or ''}",
            f"{sum(1 for c in cells if c.acked_at)}/{len(cells)} 已收到",
            "danger" if any(c.ack_late and not c.acked_at for c in cells) else "success",
        )
        for i, cells in rows[:3]
    )  # fmt: skip
    return Live(counts=counts, items=items, more_url=board, more_label="应急指挥")


def duty_live(user: User) -> Live:
    from .selectors import callouts_for_user, incident_list_for_user

    open_count = incident_list_for_user(user=user).count()
    mine = callouts_for_user(user=user).filter(acked_at__isnull=True).count()
    return Live(counts=(
        LiveCount("在办突发事件", open_count, reverse("emergency:incidents"), "primary"),
        LiveCount("待我收到", mine, reverse("emergency:index"), "danger"),
    ))  # fmt: skip


register(
    Module(
        key="emergency",
        label=_("Emergency"),
        icon="bi-exclamation-triangle",
        route="emergency:index",
        order=40,
        page_roles=EMERGENCY_ROLES,
        pages=(
            Page(_("Incident board"), "bi-broadcast", "emergency:index"),
            Page(_("Report an incident"), "bi-telephone-inbound", "emergency:incident_new"),
            Page(_("Incidents"), "bi-list-ul", "emergency:incidents"),
            Page(_("Emergency plans"), "bi-journal-text", "emergency:plans"),
            Page(_("Hazards"), "bi-cone-striped", "emergency:hazards"),
            Page(_("Inspection plans"), "bi-clipboard-check", "emergency:inspections"),
            Page(_("Drills"), "bi-calendar-check", "emergency:drills"),
        ),
        cards=(
            Card(
                role=RoleCode.COMMANDER,
                title=_("Emergency command"),
                icon="bi-exclamation-triangle",
                description=_("Activate an emergency plan and dispatch its work groups."),
                empty_text=_("No incident in progress. Reported incidents will appear here."),
                links=(
                    Link(_("Incident board"), "emergency:index"),
                    Link(_("Emergency plans"), "emergency:plans"),
                    Link(_("Hazards"), "emergency:hazards"),
                ),
                live=commander_live,
            ),
            Card(
                role=RoleCode.DUTY_OFFICER,
                title=_("Emergencies"),
                icon="bi-exclamation-triangle",
                description=_("Report an incident received on duty; the commander is told."),
                empty_text=_("No incident in progress. Reported incidents will appear here."),
                links=(Link(_("Report an incident"), "emergency:incident_new"),),
                live=duty_live,
            ),
        ),
    )
)
