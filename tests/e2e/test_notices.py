"""消息通知 through a real browser on a 360 px phone: the bell's count, a digest's cases, and
tapping 收到 against a limit."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .test_smoke import log_in

pytestmark = pytest.mark.browser


def test_a_phone_user_sees_the_count_opens_a_digest_and_taps_received(
    live_server: Any, page: Any, demo_clerk: Any, screenshots: Path
) -> None:
    from django.utils import timezone

    from huajie.notices.services import DigestItem, notice_digest, notice_send

    notice_send(
        recipients=[demo_clerk],
        message="【应急】清河县防汛Ⅳ级应急响应已启动，请值班人员确认收到并于30分钟内到岗",
        ack_due_at=timezone.now() + timedelta(minutes=15),
    )
    items = [
        DigestItem(
            text=f"【已超期】QH-2025-{i:05d} 小区外墙脱落无人维修 · 办理期限2025-12-0{i}",
            url="/petitions/",
        )
        for i in range(1, 4)
    ]
    notice_digest(
        recipient=demo_clerk,
        title="【期限提醒】3 件已超期",
        items=items,
        dedupe_key="e2e",
        url="/petitions/supervision/?clock=overdue",
    )
    base = live_server.url
    page.set_viewport_size({"width": 360, "height": 780})
    log_in(page, base)
    expect(page.get_by_test_id("bell")).to_contain_text("2")
    page.get_by_test_id("bell").click()
    page.wait_for_url(f"{base}/notices/")
    expect(page.get_by_role("heading", name="消息通知")).to_be_visible()
    page.get_by_text("查看详情（3 项）").click()
    expect(page.get_by_role("link", name="QH-2025-00001", exact=False)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing overflows
    page.screenshot(path=screenshots / "notices-360.png", full_page=True)

    received = page.get_by_role("button", name="收到", exact=True)
    box = received.bounding_box()
    assert box is not None and box["height"] >= 44
    received.click()
    expect(page.get_by_text("已确认收到。")).to_be_visible()
    expect(page.get_by_text("按时确认")).to_be_visible()
    page.screenshot(path=screenshots / "notices-acknowledged-360.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=screenshots / "notices-1366.png", full_page=True)
