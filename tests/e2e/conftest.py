"""Browser tests: a real Chromium (Debian's package) driven by Playwright against live_server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told it is safe (it is: the loop never runs Django code).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "Test-Passw0rd!"


def holidays_ahead() -> None:
    """This year's and next year's statutory days off where the chinesecalendar package has no
    schedule yet: clocks started in December reach the next year."""
    from huajie.petitions.demo import provisional_years

    provisional_years()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            "Chromium not found at /usr/bin/chromium: run `make test` (it installs Debian's "
            "chromium) or apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A tab whose every Content-Security-Policy refusal (Chromium reports each one as a console
    error) fails the test: the pages must work under the policy, not around it."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 768}, timezone_id="Asia/Shanghai"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not violations, "\n".join(violations)


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def demo_clerk(transactional_db: None) -> Any:
    """A clerk at the county petition office, made here so the test needs no seeded data."""
    from huajie.orgs import services
    from huajie.orgs.models import Role, RoleCode, UnitKind, User

    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    county = services.unit_create(
        name="清河县人民政府",
        code="E2E-QHX",
        kind=UnitKind.GOVERNMENT,
        parent=None,
        acting_user=None,
    )
    office = services.unit_create(
        name="清河县信访局",
        code="E2E-QHX-XFJ",
        kind=UnitKind.PETITION_OFFICE,
        parent=county,
        acting_user=None,
    )
    user = User.objects.create_user(
        username="clerk", password=PASSWORD, full_name="王丽", title="来访接待科科员"
    )
    user.unit = office
    user.save(update_fields=["unit"])
    user.roles.set(Role.objects.filter(code=RoleCode.CLERK))
    return user
