"""The duty module in the left navigation, its pages and its home-page card (the mechanism is in
huajie/accounts/navigation.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.utils.translation import gettext_lazy as _

from huajie.accounts.navigation import Card, Link, Live, Module, Page, register
from huajie.orgs.models import RoleCode, User

DUTY_STAFF = frozenset({RoleCode.DUTY_OFFICER, RoleCode.LEADER, RoleCode.ADMIN})


def _live(name: str) -> Callable[[User], Live]:
    """The card's live content (duty/home.py), imported when the home page asks."""

    def live(user: User) -> Live:
        from . import home

        return cast(Live, getattr(home, name)(user))

    return live


register(
    Module(
        key="duty",
        label=_("Duty"),
        icon="bi-clock-history",
        route="duty:index",
        order=30,
        page_roles=DUTY_STAFF,
        pages=(
            Page(_("Duty room"), "bi-display", "duty:desk"),
            Page(_("Duty log"), "bi-journal-text", "duty:log_list"),
            Page(_("Duty roster"), "bi-calendar3", "duty:rosters"),
            Page(_("Daily reports"), "bi-send-check", "duty:reports"),
            Page(_("Report matrix"), "bi-grid-3x3", "duty:matrix"),
            Page(_("Report requirements"), "bi-sliders", "duty:definitions"),
            Page(_("Special periods"), "bi-shield-exclamation", "duty:periods"),
            Page(_("Contact directory"), "bi-telephone", "duty:directory"),
        ),
        cards=(
            Card(
                role=RoleCode.DUTY_OFFICER,
                title=_("Duty and reports"),
                icon="bi-clock-history",
                description=_("Your duty shifts, the daily report and incoming incident calls."),
                empty_text=_(
                    "No shifts yet. Your shifts will appear here once the roster is published."
                ),
                links=(
                    Link(_("My duty"), "duty:index"),
                    Link(_("Log a call"), "duty:log_new"),
                    Link(_("Daily reports"), "duty:reports"),
                    Link(_("Duty roster"), "duty:rosters"),
                ),
                live=_live("officer_live"),
            ),
            Card(
                role=RoleCode.LEADER,
                title=_("Leader on duty"),
                icon="bi-person-badge",
                description=_(
                    "Your duty-leader shifts, leave and swaps waiting for your decision, units "
                    "that have not reported."
                ),
                empty_text=_("Nothing waiting for you on duty."),
                links=(
                    Link(_("Duty room"), "duty:desk"),
                    Link(_("Leave from post"), "duty:leave"),
                    Link(_("Report matrix"), "duty:matrix"),
                ),
                live=_live("leader_live"),
            ),
            *(
                Card(
                    role=role,
                    title=_("My duty"),
                    icon="bi-clock-history",
                    description=_("Your next duty shift, swaps you are asked to take, your leave."),
                    empty_text=_(
                        "No duty shift for you. If your unit puts you on its roster, your "
                        "shifts appear here."
                    ),
                    links=(
                        Link(_("My duty"), "duty:index"),
                        Link(_("Leave from post"), "duty:leave"),
                    ),
                    live=_live("staff_live"),
                )
                # Not the clerk: a town's duty officer often registers petitions too (the demo's
                # 刘洋), and would see two duty cards.
                for role in (
                    RoleCode.HANDLER,
                    RoleCode.MEDIATOR,
                    RoleCode.COMMANDER,
                )
            ),
        ),
    )
)
