"""Downloading documents from the case page and through the API."""

from __future__ import annotations

from urllib.parse import quote

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from huajie.documents.models import IssuedDocument
from huajie.documents.tests import factories as f
from huajie.petitions.selectors import petition_get_for_user
from huajie.petitions.tests.factories import make_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    with time_machine.travel(f.TODAY):
        county = make_county()
        f.with_profile(county)
        yield county


def url(p, kind="acceptance", fmt="docx"):
    return reverse("documents:render", args=[p.pk, kind, fmt])


def test_the_download_is_named_in_chinese(client, c):
    p = f.accepted(c)
    client.force_login(c.clerk)
    response = client.get(url(p))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    name = f"{p.reg_no}-受理告知书.docx"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert f"filename*=UTF-8''{quote(name)}" in disposition
    assert f'filename="petition-{p.pk}-acceptance.docx"' in disposition  # the ASCII fallback
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_the_pdf_download(client, c):
    p = f.accepted(c)
    client.force_login(c.clerk)
    response = client.get(url(p, fmt="pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_login_is_required(client, c):
    p = f.accepted(c)
    response = client.get(url(p))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_another_units_case_is_not_found(client, c):
    p = f.accepted(c)
    client.force_login(c.outsider)
    assert client.get(url(p)).status_code == 404
    assert client.get(reverse("documents:render", args=[p.pk, "letter", "docx"])).status_code == 404
    assert not IssuedDocument.objects.exists()


def test_a_document_the_case_does_not_have_is_explained(client, c):
    p = f.accepted(c)
    client.force_login(c.clerk)
    response = client.get(url(p, kind="reply"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "不能生成信访处理意见书" in page and "尚未答复" in page and "返回" in page


def test_the_case_page_buttons(c):
    p = f.replied(c)
    case = petition_get_for_user(user=c.clerk, pk=p.pk)
    html = render_to_string("documents/_buttons.html", {"petition": case})
    for kind in ("acceptance", "reply"):
        assert url(p, kind, "docx") in html and url(p, kind, "pdf") in html
    assert "信访处理意见书" in html and "extension" not in html
    fresh = petition_get_for_user(user=c.clerk, pk=f.register(c).pk)
    assert render_to_string("documents/_buttons.html", {"petition": fresh}).strip() == ""


def test_the_api_lists_and_serves_documents(client, c):
    p = f.replied(c)
    client.force_login(c.handler)
    listing = client.get(reverse("api:document-list", args=[p.pk]))
    assert listing.status_code == 200
    rows = listing.json()
    assert [r["kind"] for r in rows] == ["acceptance", "reply"]
    reply = rows[1]
    assert reply["label"] == "信访处理意见书" and reply["number"] == ""
    response = client.get(reply["pdf"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(reverse("api:document-list", args=[p.pk])).json()[1]["number"]


def test_the_api_refuses_in_chinese(client, c):
    p = f.accepted(c)
    client.force_login(c.clerk)
    refused = client.get(reverse("api:document-file", args=[p.pk, "reply", "pdf"]))
    assert refused.status_code == 400
    assert refused.json()["code"] == "document_not_applicable"
    client.force_login(c.outsider)
    hidden = client.get(reverse("api:document-list", args=[p.pk]))
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"


def test_the_admin_screens_open(client, c, admin_user):
    client.force_login(admin_user)
    render_pdf = client.get(url(f.accepted(c), fmt="pdf"))
    assert render_pdf.status_code == 200
    for model in ("documentprofile", "documentcounter", "issueddocument"):
        page = client.get(reverse(f"admin:documents_{model}_changelist"))
        assert page.status_code == 200, model
    assert (
        "清信告〔2026〕17号"
        in client.get(reverse("admin:documents_documentprofile_changelist")).content.decode()
    )
