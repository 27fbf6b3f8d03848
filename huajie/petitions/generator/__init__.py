"""Synthetic petitions at scale for benchmarks (`manage.py generate_data --cases N`).

Cases are received over the last three years (fewer at weekends), in date order, so that
primary keys and registration numbers grow with the date as they do in a real ledger. Each case
lives through the statutory stages (`lifecycle.py`) with due dates from the real working
calendar; most end closed or archived, some are in hand, about 7% are stuck past a limit.

Fast by construction: text is cut into search terms once per source sentence (`text.py`), ID
and phone numbers are encrypted once for a pool of identities that rows reuse, due dates are
computed once per
(rule, start date), and rows go to the database with PostgreSQL COPY or SQLite executemany
(`writers.py`) in batches, one transaction per batch.

Registration numbers are drawn from `RegistrationCounter` up front, under its row lock, so
registrations made later (or meanwhile) continue after the generated ones. A second run adds N
more cases.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from huajie.orgs.holidays import working_calendar

from ..models import Petition, RegistrationCounter
from ..services.intake import QUERY_CODE_ALPHABET
from .lifecycle import Dice, DueDates, Simulator
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
    rows: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    clocks_per_case: Counter[int] = field(default_factory=Counter)

    @property
    def per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def received_dates(rng: Dice, today: date, n: int) -> list[int]:
    """`n` day ordinals over the last `YEARS` years, weekends at a third of a weekday, sorted."""
    first = (today - timedelta(days=365 * YEARS - 1)).toordinal()
    days = list(range(first, today.toordinal() + 1))
    weights = [1.0 if date.fromordinal(d).weekday() < 5 else 0.35 for d in days]
    total, cumulative = 0.0, []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return sorted(rng.choices(days, cum_weights=cumulative, k=n))


@transaction.atomic
def reserve_numbers(unit_years: Counter[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Advance each (unit, year) counter by its count; returns the first sequence number."""
    first: dict[tuple[int, int], int] = {}
    for (unit_id, year), count in sorted(unit_years.items()):
        counter, _ = RegistrationCounter.objects.select_for_update().get_or_create(
            unit_id=unit_id, year=year
        )
        first[(unit_id, year)] = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
    return first


class _Ids:
    """Primary keys reserved in chunks as a batch needs them."""

    def __init__(self, reserve: Callable[[int], list[int]], chunk: int) -> None:
        self.reserve, self.chunk, self.free = reserve, chunk, list[int]()

    def __call__(self) -> int:
        if not self.free:
            self.free = self.reserve(self.chunk)[::-1]
        return self.free.pop()


def generate_data(
    *,
    cases: int,
    seed: int = 0,
    unit_code: str | None = None,
    batch_size: int = 10_000,
    progress: Callable[[str], None] | None = None,
) -> Report:
    say = progress or (lambda _message: None)
    began = time.perf_counter()
    writer = writer_for_connection()
    world = world_build(unit_code=unit_code)
    dues = DueDates(working_calendar())
    today = timezone.localdate()
    existing = Petition.objects.count()
    rng = Dice(f"{seed}:{existing}")
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
    simulator = Simulator(rng, dues, today.toordinal())
    codes = set(Petition.objects.values_list("query_code", flat=True))
    received = received_dates(rng, today, cases)
    desk_weights = [d.weight for d in world.desks]
    desks = rng.choices(range(len(world.desks)), weights=desk_weights, k=cases)
    years = [date.fromordinal(r).year for r in received]
    wanted = Counter((world.desks[d].unit_id, y) for d, y in zip(desks, years, strict=True))
    next_seq = reserve_numbers(wanted)
    petition_ids = writer.reserve(TABLES["petition"], cases)
    person = _Ids(lambda n: writer.reserve(TABLES["petitioner"], n), max(1000, cases // 4))
    say(f"准备完成 ready in {time.perf_counter() - began:.1f}s ({len(messages)} messages)")
    report = Report()
    writer.start()
    try:
        for start in range(0, cases, batch_size):
            stop = min(cases, start + batch_size)
            batch = Batch()
            for i in range(start, stop):
                key = (world.desks[desks[i]].unit_id, years[i])
                seq = next_seq[key]
                next_seq[key] = seq + 1
                code = "".join(rng.choices(QUERY_CODE_ALPHABET, k=8))
                while code in codes:
                    code = "".join(rng.choices(QUERY_CODE_ALPHABET, k=8))
                codes.add(code)
                life = simulator.live(received[i])
                report.statuses[life.status] += 1
                report.clocks_per_case[len(life.clocks)] += 1
                factory.case(
                    batch,
                    pk=petition_ids[i],
                    received=received[i],
                    desk_index=desks[i],
                    seq=seq,
                    query_code=code,
                    life=life,
                    new_person=person,
                )
            writer.put(_tables(batch, report))
            report.cases = stop
            report.seconds = time.perf_counter() - began
            say(f"{stop:,} / {cases:,} cases, {report.per_second:,.0f}/s")
    finally:
        writer.close()
    writer.finish(list(TABLES.values()))
    report.seconds = time.perf_counter() - began
    return report


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
