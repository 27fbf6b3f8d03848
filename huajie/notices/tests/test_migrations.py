"""The move of petitions' notices: rows written before it are in notices afterwards (the case as
their target and their page), and going back restores them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from huajie.notices.models import Notice
from huajie.petitions.tests.factories import make_county, register

BEFORE = [("notices", "0001_initial"), ("petitions", "0008_next_due")]


def after() -> list[tuple[str, str]]:
    """Past the move, with petitions at its newest (the case is read with today's model)."""
    loader = MigrationExecutor(connection).loader
    (newest,) = (node for node in loader.graph.leaf_nodes() if node[0] == "petitions")
    return [("notices", "0002_copy_petition_notifications"), newest]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_notifications_are_copied_then_the_old_table_dropped_and_back():
    c = make_county()
    petition = register(c)
    Notice.objects.all().delete()
    try:
        old = migrate(BEFORE)
        Notification = old.get_model("petitions", "Notification")
        read = datetime(2025, 10, 1, 8, 0, tzinfo=UTC)
        Notification.objects.create(
            user_id=c.handler.pk, petition_id=petition.pk, message="交办信访事项", read_at=read
        )
        Notification.objects.create(user_id=c.clerk.pk, petition_id=None, message="无关联")
        migrate(after())
        ContentType.objects.clear_cache()
        copied = {n.message: n for n in Notice.objects.all()}
        assert set(copied) == {"交办信访事项", "无关联"}
        with_case = copied["交办信访事项"]
        assert with_case.recipient_id == c.handler.pk and with_case.read_at == read
        assert with_case.target == petition and with_case.url == f"/petitions/{petition.pk}/"
        assert copied["无关联"].target is None and copied["无关联"].url == ""
        assert "petitions_notification" not in connection.introspection.table_names()

        old = migrate(BEFORE)
        Notification = old.get_model("petitions", "Notification")
        back = sorted(Notification.objects.values_list("message", "petition_id", "user_id"))
        assert back == [("交办信访事项", petition.pk, c.handler.pk), ("无关联", None, c.clerk.pk)]
        assert not Notice.objects.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
        ContentType.objects.clear_cache()
