"""The 受理告知书 tells the petitioner where to use the query code: the portal's address when the
deployment has one."""

from __future__ import annotations

import io

import pytest
import time_machine
from docx import Document

from huajie.orgs.tests.factories import make_county
from huajie.petitions.tests.documents import factories as f

pytestmark = pytest.mark.django_db


def text_of(p, user) -> str:
    _, content, _ = f.issued(p, "acceptance", user, "docx")
    return "\n".join(para.text for para in Document(io.BytesIO(content)).paragraphs)


@pytest.mark.parametrize(
    ("setting", "value", "address"),
    [
        ("SITE_URL", "https://xf.example.gov.cn/", "https://xf.example.gov.cn/portal/"),
        ("PORTAL_PUBLIC_URL", "https://wsxf.example.gov.cn/", "https://wsxf.example.gov.cn/"),
    ],
)
def test_the_acceptance_notice_prints_the_portal_address_and_the_query_code(
    settings, setting, value, address
):
    setattr(settings, setting, value)
    with time_machine.travel(f.TODAY):
        c = make_county()
        f.with_profile(c)
        p = f.accepted(c)
        text = text_of(p, c.clerk)
    assert f"可凭查询码 {p.query_code} 登录网上信访（{address}）查询办理进展" in text


def test_without_an_address_the_notice_keeps_its_words(settings):
    settings.SITE_URL = ""
    with time_machine.travel(f.TODAY):
        c = make_county()
        f.with_profile(c)
        p = f.accepted(c)
        text = text_of(p, c.clerk)
    assert f"可凭查询码 {p.query_code} 查询办理进展" in text
