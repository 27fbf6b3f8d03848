"""Crash safety: a process SIGKILLed in the middle of a registration, a transition and an import
leaves nothing partial — no half case, no orphan clock or event, no consumed number without its
case — and the next run recovers.

The child is a real `python` process on this test's database (on SQLite a file copy of it,
copied back after the child dies; on PostgreSQL the test database itself). A statement hook in
the child waits, inside the open transaction, after a chosen INSERT has run; the test then kills
it with SIGKILL, so no `finally`, no rollback by Python — only the database's own recovery.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from huajie.common.models import Counter
from huajie.imports.models import BatchStatus, ImportBatch, ImportedRow
from huajie.imports.services import batch_check, batch_create
from huajie.imports.tests.conftest import xlsx
from huajie.orgs.models import Role, RoleCode
from huajie.petitions.models import Petition, PetitionClock, PetitionEvent
from huajie.petitions.states import Status
from huajie.petitions.tests.factories import County, make_county, register

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(settings.BASE_DIR)

HOOK = """
import os, sys, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()
from django.conf import settings
settings.STORAGES = {**settings.STORAGES, "default": {  # the files the parent stored
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": os.environ["CHILD_MEDIA"]}}}
from django.db import connection
TABLE, AFTER = sys.argv[1], int(sys.argv[2])
seen = 0
def hook(execute, sql, params, many, context):
    global seen
    result = execute(sql, params, many, context)
    if TABLE and sql.lstrip().upper().startswith("INSERT") and TABLE in sql:
        seen += 1
        if seen == AFTER:
            print("READY", flush=True)  # inside the transaction, after the INSERT
            time.sleep(120)
    return result
connection.execute_wrappers.append(hook)
"""


@pytest.fixture
def database(tmp_path: Path, settings) -> Iterator[dict[str, str]]:  # noqa: ANN001
    """The environment of a child process on this test's database and files (stored on disk
    for both, instead of the test settings' memory)."""
    media = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(ROOT),
        "CHILD_MEDIA": str(media),
    }
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'child.sqlite3'}"
    else:
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or 'localhost'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}"
        )
    yield env


def _to_child(env: dict[str, str]) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))
        connection.connection.backup(target)
        target.close()


def _from_child(env: dict[str, str]) -> None:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))
        source.backup(connection.connection)
        source.close()


def run_child(env: dict[str, str], body: str, *, kill_after: tuple[str, int] | None) -> str:
    """Run `body` in a child; with `kill_after` (table, n) SIGKILL it once the n-th INSERT into
    that table has run. Returns the child's output (its last line is its result)."""
    _to_child(env)
    table, n = kill_after or ("", 0)
    script = HOOK + textwrap.dedent(body)
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", script, table, str(n)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        if kill_after:
            assert child.stdout is not None
            line = child.stdout.readline()
            assert line.strip() == "READY", (line, child.stderr.read() if child.stderr else "")
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
            assert child.returncode == -signal.SIGKILL
            out = ""
        else:
            out, err = child.communicate(timeout=300)
            assert child.returncode == 0, err
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    _from_child(env)
    return out


@pytest.fixture
def c() -> County:
    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    return make_county()


def _counter(c: County) -> int:
    row = Counter.objects.filter(key__endswith=f".{c.office.pk}", year=2025).first()
    return row.last if row else 0


def _nothing_half_written() -> None:
    """Every case has its events; no clock or event without its case; next_due agrees."""
    from huajie.petitions.services.clocks import running_staff_due

    assert not PetitionClock.objects.exclude(petition__in=Petition.objects.all()).exists()
    assert not PetitionEvent.objects.exclude(petition__in=Petition.objects.all()).exists()
    for p in Petition.objects.prefetch_related("clocks", "events"):
        assert p.events.exists(), p.reg_no
        assert p.next_due == running_staff_due(list(p.clocks.all())), p.reg_no


def _clocks(p: Petition) -> list[tuple[object, ...]]:
    return sorted(
        PetitionClock.objects.filter(petition=p).values_list(
            "pk", "kind", "due", "stopped_on", "outcome"
        )
    )


def test_killed_mid_registration_consumes_no_number(c: County, database: dict[str, str]) -> None:
    first = register(c)
    before = _counter(c)
    body = f"""
    from datetime import date
    from huajie.orgs.models import Unit, User
    from huajie.petitions.services import PetitionerInput, RegistrationInput, petition_register
    data = RegistrationInput(channel="visit", petition_class="complaint", title="拖欠工资",
        content="工地拖欠32名工人工资。", received_on=date(2025, 9, 30),
        petitioners=[PetitionerInput(name="周福生", phone="13912345678")])
    p = petition_register(unit=Unit.objects.get(pk={c.office.pk}), data=data,
                          acting_user=User.objects.get(pk={c.clerk.pk}))
    print(p.reg_no)
    """
    run_child(database, body, kill_after=("petitions_petitionevent", 1))
    assert list(Petition.objects.values_list("pk", flat=True)) == [first.pk]
    assert _counter(c) == before
    _nothing_half_written()
    reg_no = run_child(database, body, kill_after=None).strip().splitlines()[-1]
    assert reg_no.endswith(f"{before + 1:05d}")  # the next number, none skipped
    assert Petition.objects.count() == 2
    _nothing_half_written()


def test_killed_mid_transition_leaves_the_case_as_it_was(
    c: County, database: dict[str, str]
) -> None:
    p = register(c)
    clocks = _clocks(p)
    events = PetitionEvent.objects.filter(petition=p).count()
    body = f"""
    from datetime import date
    from huajie.orgs.models import User
    from huajie.petitions.models import Petition
    from huajie.petitions.services import petition_accept
    p = Petition.objects.get(pk={p.pk})
    petition_accept(petition=p, acting_user=User.objects.get(pk={c.clerk.pk}),
                    expected_version=p.version, on=date(2025, 10, 9))
    print(p.status)
    """
    run_child(database, body, kill_after=("petitions_petitionevent", 1))
    p.refresh_from_db()
    assert p.status == Status.REGISTERED and p.version == 1
    assert _clocks(p) == clocks
    assert PetitionEvent.objects.filter(petition=p).count() == events
    _nothing_half_written()
    assert run_child(database, body, kill_after=None).strip().splitlines()[-1] == Status.ACCEPTED
    p.refresh_from_db()
    assert p.status == Status.ACCEPTED
    assert PetitionEvent.objects.filter(petition=p).count() == events + 1
    _nothing_half_written()


ROWS = 5


def test_killed_mid_import_writes_nothing_and_the_batch_can_run_again(
    c: County, database: dict[str, str]
) -> None:
    header = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情"]
    rows = [[n, f"A{n}", f"第{n}件", f"2025/9/{n + 1}", f"第{n}件内容"] for n in range(1, ROWS + 1)]
    batch = batch_create(
        unit=c.office, upload=ContentFile(xlsx([header, *rows]).getvalue(), name="台账.xlsx"),
        acting_user=c.clerk,
    )  # fmt: skip
    assert batch_check(batch=batch, sheet=None, mapping=None, acting_user=c.clerk).ok
    before = _counter(c)
    body = f"""
    from huajie.imports.models import ImportBatch
    from huajie.imports.services import batch_start
    from huajie.orgs.models import User
    report = batch_start(batch=ImportBatch.objects.get(pk={batch.pk}),
                         acting_user=User.objects.get(pk={c.clerk.pk}), background=False)
    print(report.created)
    """
    run_child(database, body, kill_after=('petitions_petition"', 3))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING  # marked before the import transaction began
    assert Petition.objects.count() == 0 and ImportedRow.objects.count() == 0
    assert _counter(c) == before
    _nothing_half_written()

    # The next run: the worker is gone, so the batch is ready again and imports in full.
    assert run_child(database, body, kill_after=None).strip().splitlines()[-1] == str(ROWS)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    seqs = sorted(Petition.objects.values_list("reg_seq", flat=True))
    assert seqs == list(range(before + 1, before + ROWS + 1))  # no gap, no repeat
    assert ImportedRow.objects.count() == ROWS
    _nothing_half_written()


def test_a_live_import_is_not_taken_for_a_dead_one(c: County, database: dict[str, str]) -> None:
    from huajie.imports.services.liveness import worker_alive, worker_lock

    with worker_lock(424242):
        probe = subprocess.run(  # noqa: S603
            [sys.executable, "-c", HOOK + "from huajie.imports.services.liveness import "
             "worker_alive\nprint(worker_alive(424242))", "", "0"],
            cwd=ROOT, env=database, capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert probe.stdout.strip().splitlines()[-1] == "True"
    assert not worker_alive(424242)


def test_the_batch_page_offers_an_interrupted_import_again(c: County, client) -> None:  # noqa: ANN001
    batch = ImportBatch(
        unit=c.office, created_by=c.clerk, original_name="台账.xlsx", status=BatchStatus.RUNNING
    )
    batch.file.save("t.xlsx", ContentFile(xlsx([["留言主题"], ["外墙"]]).getvalue()), save=False)
    batch.save()
    client.force_login(c.clerk)
    client.get(f"/imports/{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY and "意外中断" in batch.message
