"""The petitions module in the left navigation, its pages and its home-page cards (the mechanism
is in huajie/accounts/navigation.py)."""

from collections.abc import Callable
from typing import cast

from django.utils.translation import gettext_lazy as _

from huajie.accounts.navigation import Card, Link, Live, Module, Page, register
from huajie.orgs.models import RoleCode, User

FRONT_DESK = frozenset({RoleCode.CLERK, RoleCode.LEADER})


def _live(name: str) -> Callable[[User], Live]:
    """The card's live content, imported when the home page asks (navigation loads early)."""

    def live(user: User) -> Live:
        from . import home

        return cast(Live, getattr(home, name)(user))

    return live


register(
    Module(
        key="petitions",
        label=_("Petitions"),
        icon="bi-envelope-paper",
        route="petitions:index",
        order=10,
        page_roles=frozenset({RoleCode.CLERK, RoleCode.HANDLER, RoleCode.LEADER}),
        pages=(
            Page(_("My to-do"), "bi-inbox", "petitions:my"),
            Page(_("Register"), "bi-pencil-square", "petitions:register", FRONT_DESK),
            Page(_("Deadline alerts"), "bi-alarm", "petitions:supervision", FRONT_DESK),
            Page(_("Ledger import"), "bi-file-earmark-arrow-up", "imports:index", FRONT_DESK),
            Page(_("Hot issues"), "bi-fire", "similarity:hot", frozenset({RoleCode.LEADER})),
        ),
        cards=(
            Card(
                role=RoleCode.CLERK,
                live=_live("clerk_live"),
                title=_("Petition registration"),
                icon="bi-pencil-square",
                description=_("Register letters, visits, calls and online items, then route them."),
                empty_text=_("Nothing registered yet. Items you register will appear here."),
                links=(
                    Link(_("Register a petition"), "petitions:register"),
                    Link(_("My to-do"), "petitions:my"),
                    Link(_("Petition ledger"), "petitions:index"),
                ),
            ),
            Card(
                role=RoleCode.HANDLER,
                live=_live("handler_live"),
                title=_("My to-do list"),
                icon="bi-list-check",
                description=_("Petition items assigned to you for investigation and reply."),
                empty_text=_("Nothing to do. Newly assigned petition items will appear here."),
                links=(
                    Link(_("My to-do"), "petitions:my"),
                    Link(_("Petition ledger"), "petitions:index"),
                ),
            ),
            Card(
                role=RoleCode.LEADER,
                live=_live("leader_live"),
                title=_("To read and supervise"),
                icon="bi-eye",
                description=_(
                    "Cases waiting for your approval, extension decision or supervision."
                ),
                empty_text=_(
                    "Nothing waiting for you. Cases that need your decision will appear here."
                ),
                links=(
                    Link(_("Deadline alerts"), "petitions:supervision"),
                    Link(_("Hot issues"), "similarity:hot"),
                    Link(_("My to-do"), "petitions:my"),
                    Link(_("Petition ledger"), "petitions:index"),
                ),
            ),
        ),
    )
)
