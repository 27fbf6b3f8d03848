"""The demo seed prints query codes that work on the portal, for cases at several stages, one of
them answered and open for a rating and a review request (and it runs twice safely)."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from huajie.orgs.models import Role, RoleCode
from huajie.portal.models import Submission
from huajie.portal.selectors import public_case
from huajie.portal.services.lookup import portal_lookup

pytestmark = pytest.mark.django_db


def test_seed_prints_query_codes_that_open_cases_at_every_stage(outbox) -> None:
    for code, label in RoleCode.choices:  # a transactional test elsewhere may have flushed them
        Role.objects.get_or_create(code=code, defaults={"name": label})
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", stdout=out)  # idempotent, and prints the codes again
    assert Submission.objects.count() == 3
    rows = re.findall(r"^\s+([A-Z2-9]{8})  (\d{4})  (\S+?)：", out.getvalue(), re.M)
    assert len(rows) >= 5
    stages = set()
    for query_code, digits, stage in rows:
        case = public_case(
            petition_id=portal_lookup(query_code=query_code, phone_last4=digits, client="t")
        )
        stages.add(case.status)
        assert case.stage and stage
    assert {"registered", "handling", "replied", "under_review", "not_accepted"} <= stages
    replied = next(r for r in rows if r[2] == "已答复")
    case = public_case(
        petition_id=portal_lookup(query_code=replied[0], phone_last4=replied[1], client="t")
    )
    assert case.reply_issued and case.review_window_due
