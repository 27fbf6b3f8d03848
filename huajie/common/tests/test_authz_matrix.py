"""Every URL × demo role (and anonymous) × the record's unit relation × method answers what its
row in the authorization table says (`huajie/common/authz.py`; each app's rows in
`huajie/<app>/authz.py`). Another unit's record is 404 — never 403, never its data."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from huajie.common.authz import (
    ANONYMOUS,
    METHODS,
    OVERSEER,
    RELATIONS,
    ROLES,
    SUPERUSER,
    Row,
    Target,
    World,
    build_world,
    collect,
)

ROWS, RECORDS, OWNERS = collect()


@dataclass(frozen=True)
class Route:
    key: str  # "ns:name", or the pattern when the route has no name
    pattern: str
    module: str
    namespace: str
    named: bool


def _routes(resolver: URLResolver, prefix: str = "", ns: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{ns}:{entry.namespace}" if ns and entry.namespace else entry.namespace or ns
            yield from _routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            key = f"{ns}:{entry.name}" if ns and entry.name else entry.name or pattern
            callback = entry.callback
            module = getattr(callback, "__module__", "")
            cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
            if cls is not None:
                module = cls.__module__
            yield Route(key, pattern, module, ns, bool(entry.name))


ROUTES = list(_routes(get_resolver()))


def row_for(route: Route) -> Row | None:
    for row in ROWS:
        if row.route == route.key:
            return row
    for row in ROWS:
        if row.route.endswith(":*") and route.namespace == row.route[:-2]:
            return row
    return None


def where_to_add(route: Route) -> str:
    parts = route.module.split(".")
    if parts[0] == "huajie" and len(parts) > 1:
        return f"huajie/{parts[1]}/authz.py"
    return "the authz.py of the app that mounts it (config/urls.py says which)"


def test_every_url_has_a_row() -> None:
    missing = [
        f"{route.key!r} ({route.pattern}, view in {route.module}): add a Row to ROWS in "
        f"{where_to_add(route)} (see docs/architecture.md, 'The authorization matrix')"
        for route in ROUTES
        if row_for(route) is None
    ]
    assert not missing, "URLs without a row in the authorization table:\n" + "\n".join(missing)


def test_no_row_without_a_url_or_a_record_maker() -> None:
    keys = {route.key for route in ROUTES}
    namespaces = {route.namespace for route in ROUTES}
    stale = [
        row.route
        for row in ROWS
        if (row.route[:-2] not in namespaces if row.route.endswith(":*") else row.route not in keys)
    ]
    assert not stale, f"rows for URLs that do not exist any more: {stale}"
    counts = Counter(row.route for row in ROWS)
    assert not [k for k, n in counts.items() if n > 1], "a route has two rows"
    unknown = [row.route for row in ROWS if row.record and row.record not in RECORDS]
    assert not unknown, f"rows naming a record kind no app's RECORDS makes: {unknown}"


_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _url(route: Route, kwargs: dict[str, object]) -> str:
    if route.named:
        try:
            return reverse(route.key, kwargs=kwargs)
        except Exception:  # noqa: S110 - fall back to filling the pattern below
            pass

    def fill(match: re.Match[str]) -> str:
        name = match.group("name") or match.group("rname")
        return str(kwargs.get(name, 999999))

    return "/" + _PARAM.sub(fill, route.pattern).replace("^", "").replace("$", "")


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@dataclass
class Answer:
    status_code: int
    content: bytes
    location: str


def _call(client: Client, method: str, url: str, is_api: bool, body: bytes = b"{}") -> Answer:
    """One request in a savepoint rolled back after it: nothing it writes stays, and the
    client's session (a POST to sign out ends it) is put back as it was."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif is_api:
            response = client.generic(method, url, body, content_type="application/json")
        else:
            response = client.generic(
                method, url, b"", content_type="application/x-www-form-urlencoded"
            )
        answer = Answer(response.status_code, _body(response), response.get("Location", ""))
        transaction.set_rollback(True)
    client.cookies = cookies
    return answer


def _rows_by_app() -> dict[str, list[tuple[Route, Row]]]:
    grouped: dict[str, list[tuple[Route, Row]]] = {}
    for route in ROUTES:
        row = row_for(route)
        if row is None:
            continue
        app = OWNERS[row.route]
        grouped.setdefault(app, []).append((route, row))
    return grouped


GROUPS = _rows_by_app()
SEEN: list[tuple[str, str, str, str | None, int]] = []  # every answer, for the report


def check(world: World, route: Route, row: Row, clients: dict[str, Client]) -> list[str]:
    failures: list[str] = []
    is_api = route.pattern.startswith("api/")
    relations: tuple[str | None, ...] = RELATIONS if row.record else (None,)
    targets: dict[str | None, Target] = {}
    for relation in relations:
        if row.record is None or relation is None:
            targets[relation] = Target(kwargs=dict(row.kwargs))
            continue
        key = (row.record, relation)
        if key not in world.cache:
            world.cache[key] = RECORDS[row.record](world, relation)
        made: Target = world.cache[key]
        targets[relation] = Target({**made.kwargs, **row.kwargs}, made.secret, made.body)
    for method, access in row.methods.items():
        overseer = (OVERSEER,) if access.oversees is not None else ()
        for role in (ANONYMOUS, *ROLES, *overseer):
            # Anonymous is refused before any record is looked up: one relation says it all.
            for relation in relations[:1] if role == ANONYMOUS else relations:
                target = targets[relation]
                url = _url(route, target.kwargs)
                response = _call(
                    clients[role], method, url, is_api, json.dumps(target.body).encode()
                )
                want = access.expect(role, relation)
                code = response.status_code
                SEEN.append((route.key, method, role, relation, code))
                where = f"{method} {url} [{route.key}] as {role}, record {relation}"
                if code not in want:
                    extra = response.location
                    failures.append(f"{where}: {code} {extra}, the table says {sorted(want)}")
                hidden = relation is not None and want == {404}
                if hidden and target.secret and target.secret.encode() in response.content:
                    failures.append(f"{where}: a {code} answer shows the hidden record's data")
                if role == ANONYMOUS and code == 302:
                    location = response.location
                    if not location.startswith(access.anon_to):
                        failures.append(f"{where}: anonymous redirected to {location}, not sign-in")
    # Methods the row does not list: 405 for the superuser on an own record. A page is an HTML
    # form, so PUT/PATCH/DELETE are 405 everywhere (common.middleware.PageMethodsMiddleware); a
    # page without a form may answer a POST as its GET (CSRF-protected, it writes nothing).
    for method in METHODS:
        if method in row.methods or route.namespace == "admin":  # Django's admin: its own
            continue
        relation = "own" if row.record else None
        url = _url(route, targets[relation].kwargs)
        code = _call(clients[SUPERUSER], method, url, is_api).status_code
        lenient = not is_api and method in ("GET", "POST") and "GET" in row.methods
        if code != 405 and not (lenient and code in (200, 302)):
            failures.append(
                f"{method} {url} [{route.key}] as {SUPERUSER}: {code}; the row lists only "
                f"{sorted(row.methods)}, so the table says 405"
            )
    return failures


@pytest.mark.django_db
@pytest.mark.parametrize("app", sorted(GROUPS))
def test_matrix(app: str) -> None:
    world = build_world()
    clients = {ANONYMOUS: Client()}
    for role in (*ROLES, OVERSEER):
        clients[role] = Client()
        clients[role].force_login(world.users[role])
    failures: list[str] = []
    count = 0
    for route, row in GROUPS[app]:
        failures += check(world, route, row, clients)
        count += 1
    report = os.environ.get("HUAJIE_AUTHZ_REPORT")  # a folder: one JSON of answers per app
    if report:
        Path(report).mkdir(parents=True, exist_ok=True)
        Path(report, f"{app}.json").write_text(
            json.dumps({"routes": count, "answers": SEEN, "failures": failures}), "utf-8"
        )
    SEEN.clear()
    assert not failures, f"{len(failures)} answers differ from the table:\n" + "\n".join(failures)
