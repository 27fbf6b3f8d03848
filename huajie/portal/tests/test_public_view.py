"""Nothing internal reaches the public view: not notes, instructions, extension reasons,
supervision, the accused unit, the registrar or the handler — on a 检举控告 case that has them all,
through the selector and through the page. And the page costs the same few queries however long
the case's history is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huajie.orgs.tests.factories import make_county
from huajie.petitions import services as s
from huajie.petitions.models import Petition
from huajie.portal.selectors import public_case

from .factories import ACCEPTED_ON, PHONE, SECRET_INSTRUCTION, SECRET_NOTE, at, submit

pytestmark = pytest.mark.django_db

SECRETS = [
    SECRET_NOTE,
    SECRET_INSTRUCTION,
    "延期内部原因：承办人出差",
    "督办意见：此人多次上访",
    "内部交办意见",
    "清河县人社局",  # the accused unit
    "李承办",  # the handler
    "王登记",  # the registrar… of later steps
    "测试用户",
    "包案领导",
]


def accusation_with_everything():
    c = make_county()
    c.handler.full_name = "李承办"
    c.handler.save(update_fields=["full_name"])
    c.clerk.full_name = "王登记"
    c.clerk.save(update_fields=["full_name"])
    receipt = submit(
        c,
        petition_class="accusation",
        title="检举某局工作人员收受好处",
        content="检举某局工作人员在办理审批时收受好处费。",
    )
    Petition.objects.filter(pk=receipt.petition_id).update(accused_unit=c.other_dept)
    p = Petition.objects.get(pk=receipt.petition_id)
    with at(date(2025, 11, 20)):
        s.petition_accept(petition=p, acting_user=c.clerk, expected_version=None, on=ACCEPTED_ON)
        s.petition_assign(
            petition=p,
            acting_user=c.clerk,
            expected_version=None,
            handling_unit=c.dept,
            responsible_leader=c.dept_leader,
            handler=c.handler,
            on=ACCEPTED_ON,
            note="内部交办意见：注意保密",
        )
        s.petition_start_handling(
            petition=p, acting_user=c.handler, expected_version=None, on=ACCEPTED_ON
        )
        s.petition_add_note(
            petition=p, acting_user=c.handler, expected_version=None, kind="note", text=SECRET_NOTE
        )
        s.petition_add_note(
            petition=p,
            acting_user=c.dept_leader,
            expected_version=None,
            kind="instruction",
            text=SECRET_INSTRUCTION,
        )
        s.petition_extend(
            petition=p,
            acting_user=c.dept_leader,
            expected_version=None,
            days=30,
            reason="延期内部原因：承办人出差",
            on=date(2025, 11, 20),
        )
        s.petition_supervise(
            petition=p,
            acting_user=c.county_leader,
            kind="notice",
            note="督办意见：此人多次上访",
        )
    p.refresh_from_db()
    return c, p


def test_the_public_view_of_an_accusation_shows_only_public_facts():
    c, p = accusation_with_everything()
    with at(date(2025, 11, 21)):
        case = public_case(petition_id=p.pk)
    shown = repr(case)
    for secret in SECRETS:
        assert secret not in shown, secret
    texts = [step.text for step in case.steps]
    assert "经负责人批准，办理期限延长至2026年1月8日，延期理由已另行书面告知" in texts
    assert "依法应于2026年1月8日前办结" in [limit.text for limit in case.limits]
    assert case.content == "检举某局工作人员在办理审批时收受好处费。"  # what the petitioner wrote


def test_the_progress_page_of_an_accusation_shows_only_public_facts(client):
    c, p = accusation_with_everything()
    with at(date(2025, 11, 21)):
        client.post("/portal/lookup/", {"query_code": p.query_code, "phone_last4": PHONE[-4:]})
        page = client.get("/portal/progress/").content.decode()
    assert "正在办理" in page
    for secret in SECRETS:
        assert secret not in page, secret


def test_the_progress_page_reads_a_fixed_number_of_queries(client):
    c, p = accusation_with_everything()
    with at(date(2025, 11, 21)):
        client.post("/portal/lookup/", {"query_code": p.query_code, "phone_last4": PHONE[-4:]})
        with CaptureQueriesContext(connection) as short:
            client.get("/portal/progress/")
        for n in range(10):
            s.petition_add_note(
                petition=p,
                acting_user=c.handler,
                expected_version=None,
                kind="note",
                text=f"记录{n}",
            )
        s.petition_supervise(petition=p, acting_user=c.county_leader, kind="reminder", note="催办")
        with CaptureQueriesContext(connection) as long:
            client.get("/portal/progress/")
    assert len(long) == len(short) <= 14, [q["sql"] for q in long.captured_queries]
    with at(date(2025, 11, 21)), CaptureQueriesContext(connection) as selector:
        public_case(petition_id=p.pk)
    # The case (with the phone and whether a reply or review exists), its events, its clocks.
    assert len(selector) == 3, [q["sql"] for q in selector.captured_queries]


def test_the_handler_is_named_only_where_the_deployment_allows(settings):
    c, p = accusation_with_everything()
    settings.PORTAL_SHOW_HANDLER = True
    with at(date(2025, 11, 21) + timedelta(days=0)):
        assert public_case(petition_id=p.pk).handler_name == "李承办"
