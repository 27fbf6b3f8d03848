"""Issue 15 item 10: the security headers on every answer, a Content-Security-Policy without
'unsafe-inline' that every HTML page of a demo walk carries (and obeys: no inline script, event
handler or style attribute), and `manage.py check --deploy` clean under the production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from huajie.orgs.demo import DEMO_LOGINS
from huajie.orgs.models import User

ROOT = Path(__file__).resolve().parents[3]
PAGES_PER_ROLE = 120
SKIPPED = ("/static/", "/media/", "/i18n/", "/api/")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class Page(HTMLParser):
    """The links of a page and whatever in it the CSP would refuse to run."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.refused: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "a" and (named.get("href") or "").startswith("/"):
            self.links.append(str(named["href"]).split("#")[0])
        if tag == "script" and not named.get("src") and named.get("type") != "application/json":
            self.refused.append("<script> without src")
        if tag == "style":
            self.refused.append("<style>")
        for name, value in attrs:
            if name == "style" or re.fullmatch(r"on[a-z]+", name):
                self.refused.append(f"<{tag} {name}=…>")
            if name in ("href", "action", "src") and (value or "").startswith("javascript:"):
                self.refused.append(f"<{tag} {name}=javascript:…>")


def check_headers(response, url: str) -> list[str]:
    problems = [
        f"{url}: {name} is {response.get(name)!r}"
        for name, want in HEADERS.items()
        if response.get(name) != want
    ]
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"{url}: no Permissions-Policy")
    if not response.get("Content-Type", "").startswith("text/html"):
        return problems
    policy = response.get("Content-Security-Policy", "")
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    if directives.get("script-src") != "'self'" or directives.get("style-src") != "'self'":
        problems.append(f"{url}: CSP {policy!r}")
    if directives.get("frame-ancestors") != "'none'" or "unsafe" in policy:
        problems.append(f"{url}: CSP {policy!r}")
    return problems


def walk(client: Client, start: str) -> tuple[int, list[str]]:
    """Follow every link from `start` (each URL pattern once), checking each page."""
    seen_routes: set[str] = set()
    visited: set[str] = set()
    queue, problems = deque([start]), []
    while queue and len(visited) < PAGES_PER_ROLE:
        url = queue.popleft()
        path = url.split("?")[0]
        if url in visited or path.startswith(SKIPPED):
            continue
        try:
            route = resolve(path).route
        except Resolver404:
            route = path
        if route in seen_routes:
            continue
        seen_routes.add(route)
        visited.add(url)
        response = client.get(url)
        problems += check_headers(response, url)
        if response.get("Content-Type", "").startswith("text/html") and response.status_code < 300:
            page = Page()
            page.feed(response.content.decode())
            problems += [f"{url}: {what}" for what in page.refused]
            queue.extend(page.links)
    return len(visited), problems


@pytest.mark.django_db
def test_every_html_page_of_a_demo_walk_carries_the_csp_and_needs_no_inline_code() -> None:
    call_command("seed_demo", stdout=StringIO())
    pages, problems = walk(Client(), "/portal/")
    assert pages >= 4
    for login in DEMO_LOGINS:
        client = Client()
        client.force_login(User.objects.get(username=login.username))
        count, found = walk(client, "/")
        pages, problems = pages + count, problems + found
        assert count >= 10, login.username
    unknown, _ = walk(Client(), "/no-such-page/")  # the 404 page carries it too
    assert unknown == 1
    print(f"demo walk: {pages} pages")
    assert not problems, "\n".join(problems[:40])


@pytest.mark.django_db
def test_json_answers_carry_the_headers_but_no_csp(client: Client) -> None:
    response = client.get("/api/v1/petitions/")
    assert response.status_code == 401
    assert not check_headers(response, "/api/v1/petitions/")
    assert "Content-Security-Policy" not in response


def test_check_deploy_is_clean_under_the_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "production-like-secret-" + "x7Q!" * 10,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": "b" * 40,
        "PORTAL_SMS_GATEWAY_URL": "https://sms.example.gov.cn/send",
        "ALLOWED_HOSTS": "huajie.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    done = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
