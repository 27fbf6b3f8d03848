"""A portal-only deployment (config.settings.portal → config/urls_portal.py) serves the public
pages and nothing of the staff side, and a submission still tells the clerks with a link to the
staff page."""

from __future__ import annotations

import pytest
from django.test import override_settings

from huajie.notices.models import Notice
from huajie.orgs.tests.factories import make_county

from .factories import PHONE, SUBMITTED_AT, at, submit

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="config.urls_portal")
def test_only_the_portal_is_mounted(client):
    assert client.get("/").url == "/portal/"
    assert client.get("/portal/").status_code == 200
    assert client.get("/portal/guide/").status_code == 200
    for staff in ("/admin/", "/accounts/login/", "/api/v1/schema/", "/petitions/", "/documents/"):
        assert client.get(staff).status_code == 404, staff


@override_settings(ROOT_URLCONF="config.urls_portal")
def test_a_submission_in_the_dmz_links_the_clerks_notice_to_the_staff_page(client):
    c = make_county()
    receipt = submit(c)
    notice = Notice.objects.get(recipient=c.clerk)
    assert notice.url == f"/petitions/{receipt.petition_id}/"
    with at(SUBMITTED_AT):
        found = client.post(
            "/portal/lookup/", {"query_code": receipt.query_code, "phone_last4": PHONE[-4:]}
        )
        assert found.url == "/portal/progress/"
        assert "已登记" in client.get("/portal/progress/").content.decode()
