"""Fixtures of the import tests: a small county, sheets written on the fly, the shared real data.

The real sheets live outside the repository (their licence forbids copying them in); a test that
needs one is skipped, saying where it looked, when the shared data is not there.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from openpyxl import Workbook

from huajie.orgs.models import Role, RoleCode, User
from huajie.orgs.tests.factories import make_user
from huajie.petitions.tests.factories import County, make_county

DATA = Path(settings.BASE_DIR).parent / "shared" / "data" / "public-messages"
TODAY = date(2025, 10, 20)
SLOW_ENV = "HUAJIE_SLOW_TESTS"


slow = pytest.mark.skipif(
    not os.environ.get(SLOW_ENV), reason=f"full import of a big sheet: set {SLOW_ENV}=1 to run"
)


def real_sheet(name: str) -> Path:
    """A shared real sheet, checked against SHA256SUMS, or skip the test."""
    path = DATA / name
    if not path.is_file():
        pytest.skip(f"shared real data not found at {path} (see /work/shared/data/README.md)")
    sums = {}
    for line in (DATA / "SHA256SUMS").read_text().splitlines():
        if line.strip():
            digest, file_name = line.split(maxsplit=1)
            sums[file_name] = digest
    assert sums.get(name) == hashlib.sha256(path.read_bytes()).hexdigest(), (
        f"{name} is not the file SHA256SUMS describes"
    )
    return path


def xlsx(
    rows: Sequence[Sequence[Any]], *, sheets: dict[str, Sequence[Sequence[Any]]] | None = None
) -> io.BytesIO:
    """A workbook in memory: `rows` on the first sheet ("Sheet1"), more sheets by name."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Sheet1"
    for row in rows:
        first.append(list(row))
    for name, more in (sheets or {}).items():
        sheet = workbook.create_sheet(name)
        for row in more:
            sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


@pytest.fixture
def today() -> Iterator[date]:
    with time_machine.travel(TODAY):
        yield TODAY


@pytest.fixture
def c(db: None, today: date) -> County:
    # A transactional test empties every table after it runs, the roles of the data migration
    # included; put them back for the tests that follow it.
    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    return make_county()


@pytest.fixture
def leader(c: County) -> User:
    """A leader of the petition office who is also a clerk: can import closed cases."""
    return make_user(c.office, "leader", "clerk", username="office-boss")
