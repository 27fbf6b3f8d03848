"""The left navigation and the home-page role cards, as data.

A link whose route does not exist yet (a module still being built) is shown disabled with an
"under construction" badge; it lights up by itself once its app registers the route name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huajie.orgs.models import RoleCode, User


def url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    icon: str
    url: str | None
    active: bool = False
    sub: bool = False


@dataclass(frozen=True)
class NavSection:
    title: str | Promise | None
    items: list[NavItem]


MODULES: list[tuple[str | Promise, str, str]] = [
    (_("Petitions"), "bi-envelope-paper", "petitions:index"),
    (_("Mediation"), "bi-people", "mediation:index"),
    (_("Duty"), "bi-clock-history", "duty:index"),
    (_("Emergency"), "bi-exclamation-triangle", "emergency:index"),
    (_("Statistics"), "bi-bar-chart-line", "analytics:index"),
]


# Pages of the petitions module shown under its entry: (label, icon, route, roles or None = all).
PETITION_PAGES: list[tuple[str | Promise, str, str, frozenset[str] | None]] = [
    (_("My to-do"), "bi-inbox", "petitions:my", None),
    (_("Register"), "bi-pencil-square", "petitions:register", frozenset({"clerk", "leader"})),
    (_("Deadline alerts"), "bi-alarm", "petitions:supervision", frozenset({"clerk", "leader"})),
    (
        _("Ledger import"),
        "bi-file-earmark-arrow-up",
        "imports:index",
        frozenset({"clerk", "leader"}),
    ),
]
PETITION_ROLES = frozenset({RoleCode.CLERK, RoleCode.HANDLER, RoleCode.LEADER})


def _item(
    label: str | Promise, icon: str, url: str | None, path: str, sub: bool = False
) -> NavItem:
    """An item is active on its own page and below it; the home page ("/") only on itself.
    The module entry is not active on a page that has its own sub-item."""
    active = url is not None and (path == url if url == "/" else path.startswith(url))
    return NavItem(label=label, icon=icon, url=url, active=active, sub=sub)


def _petition_pages(user: User, path: str) -> list[NavItem]:
    if not (user.is_superuser or PETITION_ROLES & user.role_codes):
        return []
    return [
        _item(label, icon, url, path, sub=True)
        for label, icon, name, roles in PETITION_PAGES
        if (url := url_or_none(name)) and (roles is None or user.has_role(*roles))
    ]


def nav_for(*, user: User, path: str) -> list[NavSection]:
    main = [_item(_("Home"), "bi-house", url_or_none("home"), path)]
    for label, icon, name in MODULES:
        main.append(_item(label, icon, url_or_none(name), path))
        if name == "petitions:index":
            pages = _petition_pages(user, path)
            if any(p.active for p in pages):
                main[-1] = NavItem(label=label, icon=icon, url=main[-1].url)
            main += pages
    system: list[NavItem] = []
    orgs_url = url_or_none("orgs:index")
    if orgs_url:
        system.append(_item(_("Organisation"), "bi-diagram-3", orgs_url, path))
    if user.is_staff and user.has_role(RoleCode.ADMIN):
        system.append(_item(_("Admin console"), "bi-gear", url_or_none("admin:index"), path))
    sections = [NavSection(title=None, items=main)]
    if system:
        sections.append(NavSection(title=_("System administration"), items=system))
    return sections


@dataclass(frozen=True)
class CardLink:
    label: str | Promise
    url: str | None


@dataclass(frozen=True)
class RoleCard:
    role: str
    title: str | Promise
    icon: str
    description: str | Promise
    empty_text: str | Promise = ""
    links: list[CardLink] = field(default_factory=list)


ROLE_LABELS: dict[str, str | Promise] = {
    RoleCode.CLERK: _("Registration clerk"),
    RoleCode.HANDLER: _("Case handler"),
    RoleCode.LEADER: _("Leader"),
    RoleCode.MEDIATOR: _("People's mediator"),
    RoleCode.DUTY_OFFICER: _("Duty officer"),
    RoleCode.COMMANDER: _("Emergency commander"),
    RoleCode.ADMIN: _("Administrator"),
}

# role -> (title, icon, description, empty state, [(link label, route name)])
CARDS: dict[str, tuple[str | Promise, str, str | Promise, str | Promise, list[tuple[Promise, str]]]]
CARDS = {
    RoleCode.CLERK: (
        _("Petition registration"),
        "bi-pencil-square",
        _("Register letters, visits, calls and online items, then route them."),
        _("Nothing registered yet. Items you register will appear here."),
        [
            (_("Register a petition"), "petitions:register"),
            (_("My to-do"), "petitions:my"),
            (_("Petition ledger"), "petitions:index"),
        ],
    ),
    RoleCode.HANDLER: (
        _("My to-do list"),
        "bi-list-check",
        _("Petition items assigned to you for investigation and reply."),
        _("Nothing to do. Newly assigned petition items will appear here."),
        [(_("My to-do"), "petitions:my"), (_("Petition ledger"), "petitions:index")],
    ),
    RoleCode.LEADER: (
        _("To read and supervise"),
        "bi-eye",
        _("Cases waiting for your approval, extension decision or supervision."),
        _("Nothing waiting for you. Cases that need your decision will appear here."),
        [
            (_("Deadline alerts"), "petitions:supervision"),
            (_("Hot issues"), "similarity:hot"),
            (_("My to-do"), "petitions:my"),
            (_("Petition ledger"), "petitions:index"),
        ],
    ),
    RoleCode.MEDIATOR: (
        _("Dispute mediation"),
        "bi-people",
        _("Screen disputes, hold mediation sessions and draft agreements."),
        _("No disputes assigned to you. Disputes you are asked to mediate will appear here."),
        [(_("Dispute register"), "mediation:index")],
    ),
    RoleCode.DUTY_OFFICER: (
        _("Duty and reports"),
        "bi-clock-history",
        _("Your duty shifts, the daily report and incoming incident calls."),
        _("No shifts yet. Your shifts will appear here once the roster is published."),
        [(_("Duty roster"), "duty:index")],
    ),
    RoleCode.COMMANDER: (
        _("Emergency command"),
        "bi-exclamation-triangle",
        _("Activate an emergency plan and dispatch its work groups."),
        _("No incident in progress. Reported incidents will appear here."),
        [(_("Emergency plans"), "emergency:index")],
    ),
    RoleCode.ADMIN: (
        _("System administration"),
        "bi-gear",
        _("Maintain units, users and roles, the holiday calendar, and review the audit trail."),
        "",
        [
            (_("Organisation"), "orgs:index"),
            (_("Users"), "admin:orgs_user_changelist"),
            (_("Holiday calendar"), "admin:orgs_holidayschedule_changelist"),
            (_("Security audit"), "admin:accounts_securityevent_changelist"),
        ],
    ),
}


def user_role_codes(user: User) -> list[str]:
    """The user's roles in display order; a superuser counts as an administrator."""
    codes = set(user.role_codes)
    if user.is_superuser:
        codes.add(RoleCode.ADMIN)
    return [code for code in RoleCode.values if code in codes]


def role_labels_for(*, user: User) -> list[str | Promise]:
    return [ROLE_LABELS[code] for code in user_role_codes(user)]


def home_cards_for(*, user: User) -> list[RoleCard]:
    cards = []
    for code in user_role_codes(user):
        title, icon, description, empty, links = CARDS[code]
        cards.append(
            RoleCard(
                role=code,
                title=title,
                icon=icon,
                description=description,
                empty_text=empty,
                links=[CardLink(label=label, url=url_or_none(name)) for label, name in links],
            )
        )
    return cards
