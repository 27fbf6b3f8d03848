"""Synthetic petitions at scale for benchmarks (`python bench/generate_data.py --cases N`).

Cases are received over the last three years (fewer at weekends), in date order, so that
primary keys and registration numbers grow with the date as they do in a real ledger. Each case
lives through the statutory stages: the dice choose its path and days (`lifecycle.py`), the
petitions' transition table says what each step does to its status and clocks (`case.py`), with
due dates from the real working calendar; most end closed or archived, some are in hand, about
7% are stuck past a limit.

Fast by construction: text is cut into search terms once per source sentence (`text.py`), ID
and phone numbers are encrypted once for a pool of identities that rows reuse, due dates are
computed once per (rule, start date), batches are built and written by one process per core
(`parallel.py`), each with its own dice, and rows go to the database with PostgreSQL COPY or
SQLite executemany (`writers.py`), one transaction per batch. A load at least as large as what
is there runs in bulk mode (`bulk.py`): secondary and word indexes are built once at the end.

Registration numbers and petition keys are drawn up front (a block of each unit's counter with
`common.counters.counter_reserve`; the table's sequence), so registrations made later (or
meanwhile) continue after the generated ones; query codes are a bijection of the key, so workers
never draw the same one. A second run adds N more cases.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from huajie.common.counters import counter_reserve
from huajie.orgs.holidays import working_calendar
from huajie.petitions.models import Petition
from huajie.petitions.services.intake import QUERY_CODE_ALPHABET, registration_counter

from . import parallel
from .bulk import drop as bulk_drop
from .bulk import interrupted_load
from .bulk import restore as bulk_restore
from .case import DueDates, Steps
from .dice import Dice
from .lifecycle import Simulator
from .rows import TABLES as COLUMNS
from .rows import Batch, People, RowFactory, rule_columns
from .text import load_messages
from .world import world_build
from .writers import Table, writer_for_connection

YEARS = 3
TABLES = {
    "petition": "petitions_petition",
    "petitioner": "petitions_petitioner",
    "party": "petitions_petitionparty",
    "clock": "petitions_petitionclock",
    "event": "petitions_petitionevent",
    "review": "petitions_review",
}


@dataclass
class Report:
    cases: int = 0
    seconds: float = 0.0
    index_seconds: float = 0.0  # bulk mode: building the dropped indexes again
    analyze_seconds: float = 0.0  # ANALYZE (bulk mode on PostgreSQL: VACUUM ANALYZE)
    rows: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    clocks_per_case: Counter[int] = field(default_factory=Counter)

    def add(self, other: Report) -> None:
        self.cases += other.cases
        self.rows.update(other.rows)
        self.statuses.update(other.statuses)
        self.clocks_per_case.update(other.clocks_per_case)

    @property
    def per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0

    def summary(self) -> list[str]:
        """What a run prints at the end (bench/prepare.py keeps the last lines)."""
        rows = ", ".join(f"{name} {count:,}" for name, count in sorted(self.rows.items()))
        statuses = ", ".join(f"{k} {v:,}" for k, v in self.statuses.most_common())
        clocks = ", ".join(f"{k}: {v:,}" for k, v in sorted(self.clocks_per_case.items()))
        return [
            f"rows: {rows}",
            f"statuses: {statuses}",
            f"clocks per case: {clocks}",
            f"of which: rebuilding indexes {self.index_seconds:.1f}s, "
            f"ANALYZE/VACUUM {self.analyze_seconds:.1f}s",
            f"已生成 {self.cases:,} 件信访事项，用时 {self.seconds:.1f} 秒"
            f"（{self.per_second:,.0f} 件/秒）。Generated {self.cases:,} cases.",
        ]


def received_dates(rng: Dice, today: date, n: int, registrable: Callable[[int], bool]) -> list[int]:
    """`n` day ordinals over the last `YEARS` years, weekends at a third of a weekday, sorted;
    only days a case can be registered on (its first limits need the holiday schedule of the
    year they end in: late in December, of a year nobody may have entered yet)."""
    first = (today - timedelta(days=365 * YEARS - 1)).toordinal()
    days = [d for d in range(first, today.toordinal() + 1) if registrable(d)]
    weights = [1.0 if date.fromordinal(d).weekday() < 5 else 0.35 for d in days]
    total, cumulative = 0.0, []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return sorted(rng.choices(days, cum_weights=cumulative, k=n))


@transaction.atomic
def reserve_numbers(unit_years: Counter[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Reserve a block of numbers for each (unit, year); returns the first number of each."""
    return {
        (unit_id, year): counter_reserve(key=registration_counter(unit_id), year=year, count=count)
        for (unit_id, year), count in sorted(unit_years.items())
    }


def query_code(pk: int, salt: int, taken: set[str]) -> str:
    """An 8-character query code that no other case has: a bijection of the primary key (xor a
    salt, times an odd number, modulo 32**8), so two generated cases never share one, stepped
    past the few codes registrations drew at random."""
    step = 0
    while True:
        x = (((pk + (step << 36)) ^ salt) * _CODE_FACTOR) & _CODE_MASK
        code = "".join([QUERY_CODE_ALPHABET[(x >> shift) & 31] for shift in _CODE_SHIFTS])
        if code not in taken:
            return code
        step += 1


_CODE_FACTOR = 0x9E3779B97F & ~1 | 1  # odd, so multiplying is a bijection modulo 2**40
_CODE_MASK = (1 << 40) - 1
_CODE_SHIFTS = (35, 30, 25, 20, 15, 10, 5, 0)


class _Ids:
    """Primary keys reserved in chunks as a batch needs them."""

    def __init__(self, reserve: Callable[[int], list[int]], chunk: int) -> None:
        self.reserve, self.chunk, self.free = reserve, chunk, list[int]()

    def __call__(self) -> int:
        if not self.free:
            self.free = self.reserve(self.chunk)[::-1]
        return self.free.pop()


@dataclass
class Plan:
    """Everything a batch reads, made once before the load (workers inherit it by fork)."""

    key: str
    today: int
    batch_size: int
    factory: RowFactory
    dues: DueDates
    received: list[int]
    desks: list[int]
    seqs: list[int]
    petition_ids: list[int]
    taken_codes: set[str]
    code_salt: int

    @property
    def cases(self) -> int:
        return len(self.received)

    @property
    def batches(self) -> int:
        return -(-self.cases // self.batch_size)


def generate_data(
    *,
    cases: int,
    seed: int = 0,
    unit_code: str | None = None,
    batch_size: int = 10_000,
    workers: int | None = None,
    bulk: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Add `cases` synthetic cases. `workers` processes build and write batches (default: one
    per core); `bulk` drops and rebuilds the secondary and word indexes around the load (default:
    when the load is at least as large as what is there)."""
    say = progress or (lambda _message: None)
    began = time.perf_counter()
    leftover = interrupted_load()
    if leftover is not None:
        say("上次生成中断，正在恢复索引。Restoring the indexes an interrupted load dropped.")
        bulk_restore(leftover, say=say)
    existing = Petition.objects.count()
    plan = _plan(cases=cases, seed=seed, existing=existing, unit_code=unit_code, size=batch_size)
    say(f"准备完成 ready in {time.perf_counter() - began:.1f}s")
    report = Report()
    dropped = bulk_drop(list(TABLES.values())) if _bulk(bulk, cases, existing) else None
    try:

        def on_batch(counts: Report) -> None:
            report.add(counts)
            report.seconds = time.perf_counter() - began
            say(f"{report.cases:,} / {cases:,} cases, {report.per_second:,.0f}/s")

        parallel.run(
            lambda indices, emit: _work(plan, indices, emit),
            batches=plan.batches,
            workers=_workers(workers),
            on_batch=on_batch,
        )
    finally:
        if dropped is not None:
            report.index_seconds = bulk_restore(dropped, say=say)
    say(f"数据已写入 rows written in {time.perf_counter() - began:.1f}s")
    report.seconds = time.perf_counter() - began
    report.analyze_seconds = writer_for_connection().finish(
        list(TABLES.values()), vacuum=dropped is not None
    )
    report.seconds = time.perf_counter() - began
    return report


def _workers(wanted: int | None) -> int:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        return 1  # a forked process would not see this database
    return wanted or os.cpu_count() or 1


def _bulk(wanted: bool | None, cases: int, existing: int) -> bool:
    return wanted if wanted is not None else cases >= max(existing, 1)


def _plan(*, cases: int, seed: int, existing: int, unit_code: str | None, size: int) -> Plan:
    writer = writer_for_connection()
    world = world_build(unit_code=unit_code)
    dues = DueDates(working_calendar())
    today = timezone.localdate()
    key = f"{seed}:{existing}"
    rng = Dice(key)
    messages = load_messages(escape=writer.escape, cache_dir=settings.VAR_DIR / "cache")
    people = People(rng, writer, size=min(20_000, max(500, cases // 50)))
    factory = RowFactory(
        rng=rng,
        writer=writer,
        world=world,
        messages=messages,
        people=people,
        rules=rule_columns(writer, dues.rules),
    )
    received = received_dates(rng, today, cases, Steps(dues).registrable)
    desk_weights = [d.weight for d in world.desks]
    desks = rng.choices(range(len(world.desks)), weights=desk_weights, k=cases)
    years = [date.fromordinal(r).year for r in received]
    units = [world.desks[d].unit_id for d in desks]
    next_seq = reserve_numbers(Counter(zip(units, years, strict=True)))
    seqs = []
    for unit_year in zip(units, years, strict=True):
        seqs.append(next_seq[unit_year])
        next_seq[unit_year] += 1
    return Plan(
        key=key,
        today=today.toordinal(),
        batch_size=size,
        factory=factory,
        dues=dues,
        received=received,
        desks=desks,
        seqs=seqs,
        petition_ids=writer.reserve(TABLES["petition"], cases),
        taken_codes=set(Petition.objects.values_list("query_code", flat=True)),
        code_salt=rng.getrandbits(40),
    )


def _work(plan: Plan, indices: range, emit: Callable[[tuple[str, Report]], None]) -> None:
    """Build and write the batches `indices` (in this process or a worker)."""
    writer = writer_for_connection()
    person = _Ids(lambda n: writer.reserve(TABLES["petitioner"], n), max(1000, plan.batch_size))
    writer.start()
    try:
        for index in indices:
            tables, counts = _batch(plan, index, person)
            writer.put(tables)
            emit(("batch", counts))
    finally:
        writer.close()


def _batch(plan: Plan, index: int, new_person: Callable[[], int]) -> tuple[list[Table], Report]:
    rng = Dice(f"{plan.key}:{index}")
    factory = plan.factory
    factory.reseed(rng)
    world = factory.world
    simulator = Simulator(
        rng, plan.dues, plan.today, handling=world.handling, leader_id=world.leader_id
    )
    counts = Report()
    batch = Batch()
    start = index * plan.batch_size
    stop = min(plan.cases, start + plan.batch_size)
    for i in range(start, stop):
        pk = plan.petition_ids[i]
        life = simulator.live(plan.received[i], world.desks[plan.desks[i]].unit_id)
        counts.statuses[life.status] += 1
        counts.clocks_per_case[len(life.clocks)] += 1
        factory.case(
            batch,
            pk=pk,
            received=plan.received[i],
            desk_index=plan.desks[i],
            seq=plan.seqs[i],
            query_code=query_code(pk, plan.code_salt, plan.taken_codes),
            life=life,
            new_person=new_person,
        )
    counts.cases = stop - start
    return _tables(batch, counts), counts


def _tables(batch: Batch, report: Report) -> list[Table]:
    out: list[Table] = []
    for name, rows in (
        ("petition", batch.petitions),
        ("petitioner", batch.petitioners),
        ("party", batch.parties),
        ("clock", batch.clocks),
        ("event", batch.events),
        ("review", batch.reviews),
    ):
        out.append((TABLES[name], COLUMNS[name][1], rows))
        report.rows[name] += len(rows)
    return out
