"""Registration and document numbers come from the one counter service (`common.counters`); the
migrations carried the old counters and issued documents over without changing a number."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from huajie.common.models import Counter
from huajie.documents.models import IssuedDocument
from huajie.orgs.services import unit_create
from huajie.orgs.tests.factories import make_user
from huajie.petitions.services.intake import registration_counter
from huajie.petitions.tests.documents import factories as f
from huajie.petitions.tests.factories import make_county, register

pytestmark = pytest.mark.django_db


@time_machine.travel(date(2026, 3, 2))
def test_registration_numbers_keep_their_format_and_continue_the_counter():
    office = unit_create(
        name="清河县信访局", code="qhx-xfj", kind="petition_office", parent=None, acting_user=None
    )
    Counter.objects.create(key=registration_counter(office.pk), year=2026, last=16)
    c = make_county()
    c.office, c.clerk = office, make_user(office, "clerk")
    p = register(c, received_on=date(2026, 3, 2))
    assert (p.reg_no, p.reg_year, p.reg_seq) == ("QHX-XFJ-2026-00017", 2026, 17)


OLD = [("petitions", "0008_next_due"), ("documents", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_carry_counters_and_issued_documents_over_and_back():
    with time_machine.travel(f.TODAY):
        c = make_county()
        f.with_profile(c)
        p = f.accepted(c)
        number = f.issue(p, "acceptance", c.clerk)
    executor = MigrationExecutor(connection)
    executor.migrate(OLD)  # back: the counters return to their own tables
    try:
        old = executor.loader.project_state(OLD).apps
        registration = old.get_model("petitions", "RegistrationCounter").objects.get()
        assert (registration.unit_id, registration.year, registration.last) == (
            c.office.pk,
            2025,
            1,
        )
        document = old.get_model("documents", "DocumentCounter").objects.get()
        assert (document.unit_id, document.kind, document.last) == (c.office.pk, "acceptance", 1)
        assert old.get_model("documents", "IssuedDocument").objects.get().petition_id == p.pk
        assert not Counter.objects.exists()
        registration.last = 16
        registration.save()
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())  # forward again
    keys = {(x.key, x.year): x.last for x in Counter.objects.all()}
    assert keys == {
        (registration_counter(c.office.pk), 2025): 16,
        (f"documents.{c.office.pk}.acceptance", 2025): 1,
    }
    issued = IssuedDocument.objects.get()
    assert (issued.target_type.model, issued.target_id, issued.number) == ("petition", p.pk, number)
    with time_machine.travel(f.TODAY):
        assert register(c).reg_no.endswith("-2025-00017")
        assert f.issue(p, "acceptance", c.clerk) == number
