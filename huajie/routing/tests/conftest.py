"""Fixtures of the routing tests: a model folder per test, and a history of cases built at test
time from the real labelled sheet in ../shared/data (never copied into the repository; the
tests that need it are skipped, saying where they looked, when it is not there)."""

from __future__ import annotations

import hashlib
import os
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

from huajie.orgs.models import Unit
from huajie.orgs.tests.factories import County, make_county, make_unit
from huajie.petitions.models import Category, Channel, Petition, PetitionClass
from huajie.petitions.services.categories import categories_load
from huajie.petitions.states import Status
from huajie.routing import store
from huajie.routing.sheets import Labelled, read_labelled

LABELLED = "labelled_messages_495.xlsx"
# The competent department of each first-level class in the test county.
DEPARTMENTS = {
    "劳动和社会保障": "清河县人力资源和社会保障局",
    "城乡建设": "清河县住房和城乡建设局",
    "教育文体": "清河县教育局",
    "卫生计生": "清河县卫生健康局",
    "交通运输": "清河县交通运输局",
    "商贸旅游": "清河县商务局",
    "环境保护": "清河县生态环境分局",
}


def shared_data() -> Path:
    """$HUAJIE_SHARED_DATA, else shared/ beside the checkout (a clone, CI) or beside the folder
    of worktrees (a worktree under /work/wt/)."""
    root = os.environ.get("HUAJIE_SHARED_DATA")
    if root:
        return Path(root)
    base = Path(settings.BASE_DIR)
    candidates = [base.parent / "shared" / "data", base.parent.parent / "shared" / "data"]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def real_sheet(name: str) -> Path:
    """A shared real sheet, checked against SHA256SUMS, or skip the test."""
    folder = shared_data() / "public-messages"
    path = folder / name
    if not path.is_file():
        pytest.skip(f"shared real data not found at {path} (see ../shared/data/README)")
    sums: dict[str, str] = {}
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        if line.strip():
            digest, file_name = line.split(maxsplit=1)
            sums[file_name] = digest
    assert sums.get(name) == hashlib.sha256(path.read_bytes()).hexdigest()
    return path


@cache
def _labelled(path: Path) -> tuple[Labelled, ...]:
    rows, _ = read_labelled(path, text_column="留言详情", label_column="一级分类")
    return tuple(rows)


def labelled_rows() -> list[Labelled]:
    return list(_labelled(real_sheet(LABELLED)))


def sample(per_class: int, seed: int = 0, skip: int = 0) -> list[Labelled]:
    """`per_class` rows of each class (after the first `skip`), in a shuffled, fixed order."""
    by_class: dict[str, list[Labelled]] = defaultdict(list)
    for row in labelled_rows():
        by_class[row.label].append(row)
    out = [r for rows in by_class.values() for r in rows[skip : skip + per_class]]
    random.Random(seed).shuffle(out)
    return out


@pytest.fixture(autouse=True)
def router_dir(settings, tmp_path: Path):
    """Each test has its own model folder, and no model loaded from an earlier test."""
    settings.ROUTER_DIR = tmp_path / "router"
    store.forget()
    yield settings.ROUTER_DIR
    store.forget()


@dataclass
class History:
    county: County
    units: dict[str, Unit]
    categories: dict[str, Category]
    cases: list[Petition]


def build_history(per_class: int = 40) -> History:
    """A county with the seven first-level categories and their departments, and closed
    history cases from the real sheet (written straight to the table, as an import of an old
    ledger leaves them): each with its category, handled by its department."""
    county = make_county()
    categories_load(triples=[(name,) for name in DEPARTMENTS])
    categories = {c.name: c for c in Category.objects.filter(level=1)}
    units = {label: make_unit(name, parent=county.county) for label, name in DEPARTMENTS.items()}
    rows = [
        Petition(
            unit=county.office,
            reg_no=f"HIST-2020-{i:05d}",
            reg_year=2020,
            reg_seq=i,
            query_code=f"H{i:09d}",
            channel=Channel.ONLINE,
            petition_class=PetitionClass.COMPLAINT,
            category=categories[row.label],
            title=(row.title or row.text)[:100],
            content=row.text or row.title,
            received_on=date(2020, 3, 3),
            registered_by=county.clerk,
            status=Status.CLOSED,
            closed_on=date(2020, 3, 3),
            is_history=True,
            handling_unit=units[row.label],
        )
        for i, row in enumerate(sample(per_class), 1)
    ]
    cases = Petition.objects.bulk_create(rows)
    return History(county=county, units=units, categories=categories, cases=cases)


@pytest.fixture
def history(db: None, settings) -> History:
    settings.ROUTER_MIN_HISTORY = 50
    return build_history()
