"""The left navigation and the home-page role cards, contributed by each app.

An app declares its module in `<app>/navigation.py` with `register(Module(...))`: its entry in
the left navigation, the pages listed under the entry and the home-page cards of the roles it
serves. The accounts app imports every app's `navigation.py` at start, as the jobs app does with
`jobs.py`. Accounts itself keeps the mechanism, Home, the system-administration section with its
card, and PLANNED: the modules not built yet. A link whose route does not exist yet is shown
disabled with an "under construction" badge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huajie.orgs.models import RoleCode, User

Label = str | Promise


def url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class Link:
    label: Label
    route: str

    @property
    def url(self) -> str | None:
        return url_or_none(self.route)


@dataclass(frozen=True)
class Page:
    """A page listed under its module's entry; `roles` None: everyone who sees the pages."""

    label: Label
    icon: str
    route: str
    roles: frozenset[RoleCode] | None = None


@dataclass(frozen=True)
class LiveCount:
    """One number on a card ("已超期 1"), linking to the list it counts. `tone`: a Bootstrap
    colour name (danger, warning, success, primary) or "" for a neutral count."""

    label: Label
    value: int
    url: str | None = None
    tone: str = ""


@dataclass(frozen=True)
class LiveItem:
    """One of the first items on a card: a title linking to the record, a line under it, and
    an optional badge ("已超期 3 天") in `tone`."""

    title: str
    url: str
    meta: str = ""
    badge: str = ""
    tone: str = ""


@dataclass(frozen=True)
class Live:
    """What a card's `live` callable returns: counts, the first few items and where the rest
    are. A card whose live content is empty shows its `empty_text` instead."""

    counts: tuple[LiveCount, ...] = ()
    items: tuple[LiveItem, ...] = ()
    more_url: str | None = None
    more_label: Label = ""

    @property
    def is_empty(self) -> bool:
        return not self.items and not any(count.value for count in self.counts)


@dataclass(frozen=True)
class Card:
    """A home-page card for one role. `live`, when given, returns what the card shows of the
    user's own work (counts, a few items): a `Live`, read once per home page."""

    role: RoleCode
    title: Label
    icon: str
    description: Label
    empty_text: Label = ""
    links: tuple[Link, ...] = ()
    live: Callable[[User], Any] | None = None


@dataclass(frozen=True)
class Module:
    """One module: `key` is its app label, `order` its place in the navigation. Everyone sees
    the entry; its pages show to the users with one of `page_roles`."""

    key: str
    label: Label
    icon: str
    route: str
    order: int
    page_roles: frozenset[RoleCode] = frozenset()
    pages: tuple[Page, ...] = ()
    cards: tuple[Card, ...] = ()


# Modules not built yet, shown disabled until their app registers its own module: the app's
# `navigation.py` takes its entry and card from here, and its line is deleted.
PLANNED: tuple[Module, ...] = (
    Module(
        key="analytics",
        label=_("Statistics"),
        icon="bi-bar-chart-line",
        route="analytics:index",
        order=50,
    ),
)

SYSTEM_CARD = Card(
    role=RoleCode.ADMIN,
    title=_("System administration"),
    icon="bi-gear",
    description=_(
        "Maintain units, users and roles, the holiday calendar, and review the audit trail."
    ),
    links=(
        Link(_("Organisation"), "orgs:index"),
        Link(_("Users"), "admin:orgs_user_changelist"),
        Link(_("Holiday calendar"), "admin:orgs_holidayschedule_changelist"),
        Link(_("Security audit"), "admin:accounts_securityevent_changelist"),
    ),
)

ROLE_LABELS: dict[str, Label] = {
    RoleCode.CLERK: _("Registration clerk"),
    RoleCode.HANDLER: _("Case handler"),
    RoleCode.LEADER: _("Leader"),
    RoleCode.MEDIATOR: _("People's mediator"),
    RoleCode.DUTY_OFFICER: _("Duty officer"),
    RoleCode.COMMANDER: _("Emergency commander"),
    RoleCode.ADMIN: _("Administrator"),
}

_REGISTERED: dict[str, Module] = {}


def register(module: Module) -> Module:
    """Add an app's module; registering the same key again replaces it (module reloads)."""
    if any(planned.key == module.key for planned in PLANNED):
        raise ValueError(
            f"Module {module.key!r} registers itself: delete its line from PLANNED in "
            "huajie/accounts/navigation.py."
        )
    _REGISTERED[module.key] = module
    return module


def modules() -> list[Module]:
    """The registered and the planned modules, in navigation order."""
    return sorted([*_REGISTERED.values(), *PLANNED], key=lambda module: module.order)


@dataclass(frozen=True)
class NavItem:
    label: Label
    icon: str
    url: str | None
    active: bool = False
    sub: bool = False


@dataclass(frozen=True)
class NavSection:
    title: Label | None
    items: list[NavItem]


def _item(label: Label, icon: str, url: str | None, path: str, sub: bool = False) -> NavItem:
    """An item is active on its own page and below it; the home page ("/") only on itself."""
    active = url is not None and (path == url if url == "/" else path.startswith(url))
    return NavItem(label=label, icon=icon, url=url, active=active, sub=sub)


def _pages(module: Module, user: User, path: str) -> list[NavItem]:
    if not (user.is_superuser or module.page_roles & user.role_codes):
        return []
    return [
        _item(page.label, page.icon, url, path, sub=True)
        for page in module.pages
        if (url := url_or_none(page.route)) and (page.roles is None or user.has_role(*page.roles))
    ]


def _system_items(user: User, path: str) -> list[NavItem]:
    items = []
    if orgs_url := url_or_none("orgs:index"):
        items.append(_item(_("Organisation"), "bi-diagram-3", orgs_url, path))
    if user.is_staff and user.has_role(RoleCode.ADMIN):
        items.append(_item(_("Admin console"), "bi-gear", url_or_none("admin:index"), path))
    return items


def nav_for(*, user: User, path: str) -> list[NavSection]:
    main = [_item(_("Home"), "bi-house", url_or_none("home"), path)]
    for module in modules():
        entry = _item(module.label, module.icon, url_or_none(module.route), path)
        pages = _pages(module, user, path)
        if any(page.active for page in pages):  # the page is lit, not the entry above it
            entry = NavItem(label=entry.label, icon=entry.icon, url=entry.url)
        main += [entry, *pages]
    sections = [NavSection(title=None, items=main)]
    if system := _system_items(user, path):
        sections.append(NavSection(title=_("System administration"), items=system))
    return sections


def user_role_codes(user: User) -> list[RoleCode]:
    """The user's roles in display order; a superuser counts as an administrator."""
    codes = set(user.role_codes)
    if user.is_superuser:
        codes.add(RoleCode.ADMIN)
    return [code for code in RoleCode if code in codes]


def role_labels_for(*, user: User) -> list[Label]:
    return [ROLE_LABELS[code] for code in user_role_codes(user)]


def home_cards_for(*, user: User) -> list[Card]:
    """The cards of the user's roles, in role order, each role's in module order."""
    cards = [card for module in modules() for card in module.cards] + [SYSTEM_CARD]
    return [card for code in user_role_codes(user) for card in cards if card.role == code]


@dataclass(frozen=True)
class HomeCard:
    """A card as the home page shows it: the card and its live content (None: no live part)."""

    card: Card
    live: Live | None


def home_for(*, user: User) -> list[HomeCard]:
    """The user's cards with their live content computed for this user."""
    return [
        HomeCard(card=card, live=card.live(user) if card.live is not None else None)
        for card in home_cards_for(user=user)
    ]
