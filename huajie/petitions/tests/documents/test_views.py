"""Issuing and downloading documents from the case page and through the API."""

from __future__ import annotations

from urllib.parse import quote

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from huajie.common.models import Counter
from huajie.documents.models import IssuedDocument
from huajie.orgs.tests.factories import make_user
from huajie.petitions.selectors import petition_get_for_user
from huajie.petitions.tests.factories import make_county

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    with time_machine.travel(f.TODAY):
        county = make_county()
        f.with_profile(county)
        yield county


def url(p, kind="acceptance", fmt="docx"):
    return reverse("documents:render", args=["petition", p.pk, kind, fmt])


def issue_url(p, kind="acceptance"):
    return reverse("documents:issue", args=["petition", p.pk, kind])


def test_issuing_draws_the_number_and_returns_to_the_case(client, c):
    p = f.accepted(c)
    client.force_login(c.clerk)
    response = client.post(issue_url(p))
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:detail", args=[p.pk]) + "#documents"
    notices = [str(m) for m in get_messages(response.wsgi_request)]
    assert notices == ["已出具受理告知书，发文字号清信告〔2025〕1号，成文日期2025年10月9日。"]
    again = client.post(issue_url(p), follow=True)
    assert "受理告知书此前已出具，发文字号清信告〔2025〕1号" in again.content.decode()
    assert IssuedDocument.objects.count() == 1
    assert client.get(issue_url(p)).status_code == 405  # a GET never issues


def test_the_download_is_named_in_chinese(client, c):
    p = f.accepted(c)
    f.issue(p, "acceptance", c.clerk)
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
    f.issue(p, "acceptance", c.clerk)
    client.force_login(c.clerk)
    response = client.get(url(p, fmt="pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_login_is_required(client, c):
    p = f.accepted(c)
    for response in (client.get(url(p)), client.post(issue_url(p))):
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not IssuedDocument.objects.exists()


def test_another_units_case_is_not_found(client, c):
    p = f.accepted(c)
    client.force_login(c.outsider)
    assert client.get(url(p)).status_code == 404
    assert client.post(issue_url(p)).status_code == 404
    assert (
        client.get(
            reverse("documents:render", args=["petition", p.pk, "letter", "docx"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("documents:render", args=["ledger", p.pk, "acceptance", "docx"])
        ).status_code
        == 404
    )
    assert not IssuedDocument.objects.exists()


def test_a_document_the_case_does_not_have_is_explained(client, c):
    p = f.accepted(c)
    client.force_login(c.clerk)
    response = client.get(url(p, kind="reply"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "不能生成信访处理意见书" in page and "尚未答复" in page and "返回" in page


def test_a_document_not_issued_yet_says_who_can_issue_it(client, c):
    p = f.handling(c)
    reader = make_user(c.dept, "duty_officer")
    client.force_login(reader)
    response = client.get(url(p))
    assert response.status_code == 409
    page = response.content.decode()
    assert "该文书尚未出具。请由登记单位的工作人员点击“出具”后再下载。" in page
    assert reverse("petitions:detail", args=[p.pk]) in page  # 返回 leads to the case
    refused = client.post(issue_url(p))
    assert refused.status_code == 403 and "您无权出具受理告知书" in refused.content.decode()
    assert (
        not IssuedDocument.objects.exists()
        and not Counter.objects.filter(key__startswith="documents.").exists()
    )


def buttons(p, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    case = petition_get_for_user(user=user, pk=p.pk)
    context = {"target": "petition", "record": case, "user": user}
    return render_to_string("documents/_buttons.html", context, request=request)


def test_the_case_page_buttons(c):
    p = f.replied(c)
    f.issue(p, "acceptance", c.clerk)
    html = buttons(p, c.clerk)
    assert url(p, "acceptance", "docx") in html and url(p, "acceptance", "pdf") in html
    assert "清信告〔2025〕1号" in html
    assert url(p, "reply", "docx") not in html  # not issued, and the handling unit's to issue
    assert f'action="{issue_url(p, "reply")}"' not in html and "尚未出具" in html
    handler = buttons(p, c.handler)  # the handling unit issues its reply
    assert f'action="{issue_url(p, "reply")}"' in handler and "csrfmiddlewaretoken" in handler
    assert "信访处理意见书" in html and "extension" not in html
    reader = buttons(p, make_user(c.dept, "duty_officer"))
    assert "尚未出具" in reader and 'method="post"' not in reader
    assert url(p, "acceptance", "pdf") in reader
    fresh = f.register(c)
    assert buttons(fresh, c.clerk).strip() == ""


def test_the_case_page_shows_the_documents(client, c):
    p = f.accepted(c)
    client.force_login(c.clerk)
    page = client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
    assert 'data-testid="case-documents"' in page and issue_url(p) in page


def test_the_api_lists_issues_and_serves_documents(client, c):
    p = f.replied(c)
    client.force_login(c.handler)
    listing = client.get(reverse("api:document-list", args=["petition", p.pk]))
    assert listing.status_code == 200
    rows = listing.json()
    assert [r["kind"] for r in rows] == ["acceptance", "reply"]
    reply = rows[1]
    assert reply["label"] == "信访处理意见书" and reply["number"] == ""
    assert reply["issued"] is False and reply["may_issue"] is True and reply["pdf"] is None
    created = client.post(reply["issue"], {}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["number"].endswith("处〔2025〕1号") and body["issued_on"] == "2025-11-14"
    again = client.post(reply["issue"], {}, content_type="application/json")
    assert again.status_code == 200 and again.json()["number"] == body["number"]
    response = client.get(body["pdf"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    row = client.get(reverse("api:document-list", args=["petition", p.pk])).json()[1]
    assert row["number"] == body["number"] and row["issued"] and not row["may_issue"]


def test_the_api_refuses_in_chinese(client, c):
    p = f.accepted(c)
    client.force_login(c.clerk)
    refused = client.get(reverse("api:document-file", args=["petition", p.pk, "reply", "pdf"]))
    assert refused.status_code == 400
    assert refused.json()["code"] == "document_not_applicable"
    not_issued = client.get(
        reverse("api:document-file", args=["petition", p.pk, "acceptance", "pdf"])
    )
    assert not_issued.status_code == 409 and not_issued.json()["code"] == "document_not_issued"
    client.force_login(make_user(c.office, "duty_officer"))
    denied = client.post(reverse("api:document-issue", args=["petition", p.pk, "acceptance"]))
    assert denied.status_code == 403
    assert denied.json()["message"].startswith("您无权出具受理告知书。请由登记单位的工作人员")
    client.force_login(c.outsider)
    hidden = client.get(reverse("api:document-list", args=["petition", p.pk]))
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"
    assert not IssuedDocument.objects.exists()


def test_the_admin_screens_open(client, c, admin_user):
    client.force_login(admin_user)
    assert client.post(issue_url(f.accepted(c))).status_code == 302
    for model in ("documents_documentprofile", "documents_issueddocument", "common_counter"):
        page = client.get(reverse(f"admin:{model}_changelist"))
        assert page.status_code == 200, model
    issued = client.get(reverse("admin:documents_issueddocument_changelist")).content.decode()
    assert "清信告〔2025〕1号" in issued and "受理告知书" in issued
    assert (
        "清信告〔2026〕17号"
        in client.get(reverse("admin:documents_documentprofile_changelist")).content.decode()
    )
