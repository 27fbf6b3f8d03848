"""The security audit trail is hash-chained: `manage.py verify_audit` passes on an untouched
trail and names the row when one was edited, deleted or slipped in — even by someone who got
past the database's append-only triggers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from huajie.accounts.models import SecurityEvent, SecurityEventKind
from huajie.accounts.services import security_event_record
from huajie.orgs.tests.factories import make_user

pytestmark = pytest.mark.django_db


@contextmanager
def past_the_triggers() -> Iterator[None]:
    """What an administrator with direct database access could do (undone with the test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS accounts_securityevent_no_update")
            yield
            return
        cursor.execute("SET LOCAL session_replication_role = replica")  # triggers off
        yield
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def trail() -> list[SecurityEvent]:
    user = make_user(None, username="wangli")
    kinds = [SecurityEventKind.LOGIN_FAILED, SecurityEventKind.LOGIN, SecurityEventKind.LOGOUT]
    return [security_event_record(kind=k, request=None, user=user) for k in kinds]


def verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out, stderr=out)
    return out.getvalue()


def test_each_row_carries_the_hash_of_the_one_before() -> None:
    events = trail()
    assert events[0].prev_hash == ""
    assert [e.prev_hash for e in events[1:]] == [e.row_hash for e in events[:-1]]
    assert "校验通过" in verify() and "3 条在哈希链中" in verify()


def test_an_edited_row_is_found() -> None:
    events = trail()
    with past_the_triggers(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_securityevent SET username = %s WHERE id = %s",
            ["someone-else", events[1].pk],
        )
    with pytest.raises(CommandError, match="1 处异常"):
        verify()


def test_a_deleted_row_is_found() -> None:
    events = trail()
    with past_the_triggers(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_securityevent WHERE id = %s", [events[1].pk])
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=out, stderr=out)
    assert f"第 {events[2].pk} 条之前的记录被删除" in out.getvalue()


def test_a_forged_row_without_the_key_is_found() -> None:
    events = trail()
    forged = SecurityEvent(kind=SecurityEventKind.LOGIN, username="intruder",
                           prev_hash=events[-1].row_hash, row_hash="0" * 64)  # fmt: skip
    forged.save()
    with pytest.raises(CommandError, match="1 处异常"):
        verify()


def test_rows_from_before_the_chain_are_reported_not_failed() -> None:
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, username="old")  # no hash
    trail()
    assert "1 条早于哈希链" in verify() and "校验通过" in verify()


def test_an_edited_actor_is_found() -> None:
    """Who reset whom (`actor`, set when an administrator acts on someone else) is in the hash."""
    admin, user = make_user(None, username="sysadmin"), make_user(None, username="lijiang")
    event = security_event_record(
        kind=SecurityEventKind.OTP_RESET, request=None, user=user, actor=admin
    )
    assert "校验通过" in verify()
    with past_the_triggers(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_securityevent SET actor_id = %s WHERE id = %s", [user.pk, event.pk]
        )
    with pytest.raises(CommandError, match="1 处异常"):
        verify()
