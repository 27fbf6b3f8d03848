"""The authorization matrix: what every URL answers to every role for a record of every unit
relation, as data each app owns.

Each app lists its routes in `huajie/<app>/authz.py`:

    ROWS = [Row("petitions:detail", record="petition", methods={"GET": Access()}), ...]
    RECORDS = {"petition": make_petition}   # how to put one record in a unit relation

`collect()` gathers every app's ROWS and RECORDS; `huajie/common/tests/test_authz_matrix.py`
walks `django.urls.get_resolver()`, fails for a URL without a row (naming the file to add it to)
and, for every row × demo role (and anonymous) × relation × method, compares the status code
with what the row says. The world it runs in (`build_world`):

    parent P ── own A ── child A1          users of every demo role sit in A
            │        └─ committee C         the overseer: a mediator of A's mediation committee
            └─ sibling B                    "assigned": owned by B, assigned to A
    unrelated X (another county)

A is a town; C, its mediation committee, sits beside the village A1. The overseer (a mediator in
C) is asked only on a route whose Access names what it `oversees` (mediation: the town committee
reads its villages' disputes; docs/architecture.md, "Mediation").

A record maker gets the world and a relation and returns the URL arguments of a record in that
relation plus a `secret`: a string only that record shows, which must never appear in a 403 or
404 answer.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps

if TYPE_CHECKING:
    from huajie.orgs.models import Unit, User

RELATIONS = ("own", "child", "sibling", "parent", "assigned", "unrelated")
READ = frozenset({"own", "child", "assigned"})  # the scoping rule for reads
SUBTREE = frozenset({"own", "child"})  # the scoping rule for writes (assignment reads only)
ROLES = ("clerk", "handler", "leader", "mediator", "duty_officer", "commander", "admin")
ANONYMOUS = "anonymous"
OVERSEER = "overseer"  # a mediator of the town A's mediation committee C (beside the village A1)
OVERSEER_ROLE = "mediator"  # its role code, for `Access.roles`
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

OK = frozenset({200})
# An empty POST reaches the handler: it saves nothing and answers with the form or field errors
# (200 or 400), redirects back to the page with a message (302), or conflicts (409).
POSTED = frozenset({200, 201, 302, 400, 409})
# An action on a record found: its own rule (roles, status, assignment, the accused unit) may
# refuse it with a sentence (403) — which rule answers what is each module's own tests' work
# (their scoping matrices and service tests); this table holds that a hidden record is 404.
ACTED = POSTED | {403}
LOGIN = frozenset({302})  # to the sign-in page
API_LOGIN = frozenset({401})
SUPERUSER = "admin"  # the demo admin is a superuser: scoping does not apply to him


@dataclass(frozen=True)
class Access:
    """What one method of one route answers.

    ok: the codes for a role that may use it on a record it may use it on.
    roles: the roles that may use it (None: every signed-in role); others get `denied`.
    reads: the relations in which the record is found; any other relation is 404.
    writes: the relations (of `reads`) in which the allowed roles may act; a found record in
        another relation answers 403. None: the same as `reads`.
    denied: the answer for a signed-in role not in `roles` (403, or 404 when a view hides
        what the role may not see at all).
    anon: the answer for an anonymous client (302 to sign-in for a page, 401 for the API);
        `anon_to` is where such a redirect must lead.
    special: exceptions by (role, relation) — either may be None for "any".
    oversees: None, or the relations in which the overseer (a mediator of A's mediation committee
        C) finds the record by oversight; it acts in none of them, so a found record answers `ok`
        to a read (`writes` None) and 403 to a write. None: the overseer is not asked.
    """

    ok: frozenset[int] = OK
    roles: frozenset[str] | None = None
    reads: frozenset[str] = READ
    writes: frozenset[str] | None = None
    denied: frozenset[int] = frozenset({403})
    anon: frozenset[int] = LOGIN
    special: Mapping[tuple[str | None, str | None], frozenset[int]] = field(default_factory=dict)
    anon_to: str = "/accounts/login/"  # where an anonymous 302 must lead
    oversees: frozenset[str] | None = None

    def expect(self, role: str, relation: str | None) -> frozenset[int]:
        for key in ((role, relation), (role, None)):
            if key in self.special:
                return self.special[key]
        if role == ANONYMOUS:
            return self.anon
        if (None, relation) in self.special:
            return self.special[(None, relation)]
        if role == SUPERUSER:
            return self.ok
        if role == OVERSEER:
            return self._overseen(relation)
        if relation is not None and relation not in self.reads:
            return frozenset({404})
        if self.roles is not None and role not in self.roles:
            return self.denied
        writes = self.reads if self.writes is None else self.writes
        if relation is not None and relation not in writes:
            return frozenset({403})
        return self.ok

    def _overseen(self, relation: str | None) -> frozenset[int]:
        if relation is not None and relation not in (self.oversees or frozenset()):
            return frozenset({404})
        if self.roles is not None and OVERSEER_ROLE not in self.roles:
            return self.denied
        if relation is not None and self.writes is not None:
            return frozenset({403})
        return self.ok


def same(codes: frozenset[int], **kw: Any) -> Access:
    """One answer for every signed-in role and every relation: a refusal that comes before the
    record is looked up (an unknown action, a body of the wrong type), so it tells nothing."""
    kw.setdefault("reads", frozenset(RELATIONS))
    return Access(ok=codes, denied=codes, **kw)


def api(**kw: Any) -> Access:
    """An API endpoint: anonymous is 401."""
    kw.setdefault("anon", API_LOGIN)
    return Access(**kw)


@dataclass(frozen=True)
class Row:
    """One route: its name as `reverse` knows it ("petitions:detail", "api:petition-list"), or a
    namespace followed by ":*" for every route of that namespace (the admin site); the methods it
    answers (every other method must be 405 for a signed-in user); the record kind its URL points
    at (a key of some app's RECORDS) or None; and `kwargs` for URL arguments that are not the
    record's (e.g. a document kind)."""

    route: str
    methods: Mapping[str, Access]
    record: str | None = None
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass
class Target:
    """A record placed in a relation: its URL arguments, what only it shows, and what an API
    write sends (its version, so an action is judged on its rule, not on a missing version)."""

    kwargs: dict[str, Any]
    secret: str = ""
    body: dict[str, Any] = field(default_factory=dict)  # sent with an API write


@dataclass
class World:
    units: dict[str, Unit]  # own, child, committee, sibling, parent, unrelated
    users: dict[str, User]  # one per demo role, all in units["own"]; the overseer in committee
    cache: dict[Any, Any] = field(default_factory=dict)


RecordMaker = Callable[[World, str], Target]


def collect() -> tuple[list[Row], dict[str, RecordMaker], dict[str, str]]:
    """Every app's ROWS and RECORDS (`huajie.<app>.authz`), and which app declared each row."""
    rows: list[Row] = []
    owners: dict[str, str] = {}
    records: dict[str, RecordMaker] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("huajie."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.authz")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.authz":
                raise
            continue
        for row in getattr(module, "ROWS", ()):
            rows.append(row)
            owners[row.route] = config.label
        for key, maker in getattr(module, "RECORDS", {}).items():
            if key in records:
                raise ValueError(f"record kind {key!r} is declared twice ({config.name})")
            records[key] = maker
    return rows, records, owners


def build_world() -> World:
    from huajie.orgs import services
    from huajie.orgs.models import Role, RoleCode, UnitKind
    from huajie.orgs.models import User as UserModel

    def unit(name: str, code: str, kind: str, parent: Unit | None = None) -> Unit:
        return services.unit_create(
            name=name, code=code, kind=kind, parent=parent, acting_user=None
        )

    parent = unit("矩阵县人民政府", "MX", UnitKind.GOVERNMENT)
    own = unit("矩阵镇人民政府", "MX-A", UnitKind.TOWN, parent)
    child = unit("矩阵村村民委员会", "MX-A-1", UnitKind.VILLAGE, own)
    committee = unit("矩阵镇人民调解委员会", "MX-A-TJW", UnitKind.MEDIATION, own)
    sibling = unit("邻镇人民政府", "MX-B", UnitKind.TOWN, parent)
    unrelated = unit("外县人民政府", "WX", UnitKind.GOVERNMENT)
    labels = dict(RoleCode.choices)
    users = {}
    for code in ROLES:
        user = UserModel.objects.create_user(
            username=f"authz-{code}", password=None, full_name=f"矩阵{labels[code]}"
        )
        user.unit = own
        if code == SUPERUSER:
            user.is_staff = user.is_superuser = True
        user.save()
        user.roles.set([Role.objects.get_or_create(code=code, defaults={"name": labels[code]})[0]])
        users[code] = user
    overseer = UserModel.objects.create_user(
        username="authz-overseer", password=None, full_name="矩阵镇调委会调解员"
    )
    overseer.unit = committee
    overseer.save()
    overseer.roles.set([Role.objects.get(code=OVERSEER_ROLE)])
    users[OVERSEER] = overseer
    return World(
        units={
            "own": own,
            "child": child,
            "committee": committee,
            "sibling": sibling,
            "parent": parent,
            "unrelated": unrelated,
        },
        users=users,
    )


def owner_for(world: World, relation: str) -> Unit:
    """The unit that owns a record in `relation`; an assigned record is owned by the sibling."""
    return world.units["sibling" if relation == "assigned" else relation]


# The framework's own routes (config/urls.py): language switch, schema, the admin site.
ROWS = [
    Row(
        "set_language",
        {
            m: Access(ok=frozenset({302}), anon=frozenset({302}), anon_to="/")
            for m in ("GET", "POST")
        },
        note="back to where the user came from (Django's view; a GET changes nothing)",
    ),
    Row("api:schema", {"GET": api(anon=OK)}, note="the OpenAPI schema is public"),
    Row(
        "api-not-found",
        {m: same(frozenset({404}), anon=frozenset({404})) for m in METHODS},
        kwargs={"path": "v1/no-such-thing/"},
        note="an unknown path under /api/: the JSON 404 for anyone, whatever the method",
    ),
    Row(
        "admin:*",
        # Django's admin: anyone not staff is sent to the admin sign-in. The superuser is let in:
        # a missing object redirects to the index with a message or is 404, and append-only
        # tables refuse add and delete (403).
        {
            "GET": Access(
                ok=frozenset({200, 302, 403, 404}),
                denied=frozenset({302}),
                roles=frozenset(),
                anon_to="/admin/login/",
            )
        },
        note="every route of the admin site",
    ),
    Row(
        "admin:login",
        # The form for anyone not staff; the superuser is sent on to the admin index.
        {
            "GET": Access(ok=frozenset({302}), roles=frozenset(), denied=OK, anon=OK),
            "POST": Access(ok=OK, roles=frozenset(), denied=OK, anon=OK),
        },
    ),
    Row(
        "admin:logout",
        {"POST": Access(ok=frozenset({302}), anon=frozenset({302}), anon_to="/admin/")},
    ),
]
