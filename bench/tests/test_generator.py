"""The bulk generator (`bench/generate_data.py`) writes plausible cases that the rest of the
system reads like any other: unique numbers that later registrations continue, search words the
search finds, clocks that say overdue."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection

from bench import generator as generator_module
from bench.generate_data import main as generate_data_main
from bench.generator import bulk
from huajie.common.models import Counter as NumberCounter
from huajie.common.text import search_tokens
from huajie.orgs.tests.factories import make_unit, make_user
from huajie.petitions.models import (
    Petition,
    PetitionClock,
    PetitionEvent,
    PetitionParty,
)
from huajie.petitions.selectors import LedgerFilters, petition_list_for_user
from huajie.petitions.services import petition_register
from huajie.petitions.services.intake import registration_counter
from huajie.petitions.tests.factories import registration

# The writer uses a connection of its own: the data must be committed, not in a test transaction.
# (Role rows, which the flush between such tests removes, are recreated by make_user.)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def office():
    return make_unit("示例县信访局", kind="petition_office")


def generate(office, cases: int, **options):
    return generator_module.generate_data(cases=cases, unit_code=office.code, **options)


def test_generates_cases_with_their_rows(office, capsys):
    generate_data_main(["--cases", "300", "--unit", office.code])
    assert "Generated 300 cases." in capsys.readouterr().out
    assert Petition.objects.count() == 300
    assert PetitionEvent.objects.filter(kind="registered").count() == 300
    assert PetitionParty.objects.values("petition").distinct().count() == 300
    per_case = Counter(PetitionClock.objects.values_list("petition_id", flat=True))
    assert set(per_case.values()) <= {2, 3, 4, 5, 6, 7}
    statuses = Counter(Petition.objects.values_list("status", flat=True))
    assert statuses["archived"] + statuses["closed"] > 150  # most cases are finished
    numbers = list(Petition.objects.values_list("reg_no", flat=True))
    assert len(set(numbers)) == len(numbers)
    for petition in Petition.objects.all()[:20]:
        assert 100 <= len(petition.content) <= 400
        # the words stored are the words registration stores for the same text
        assert petition.search_tokens == search_tokens(petition.title, petition.content)


def test_the_command_line_refuses_a_count_below_one(capsys):
    with pytest.raises(SystemExit):
        generate_data_main(["--cases", "0"])
    assert "--cases must be a positive number" in capsys.readouterr().err


def test_a_second_run_adds_more_and_registration_continues_the_numbers(office):
    generate(office, 100)
    generate(office, 100)
    assert Petition.objects.count() == 200
    clerk = make_user(office, "clerk")
    petition = petition_register(unit=office, data=registration(), acting_user=clerk)
    counter = NumberCounter.objects.get(key=registration_counter(office.pk), year=petition.reg_year)
    assert petition.reg_seq == counter.last
    assert (
        Petition.objects.filter(unit=office, reg_year=petition.reg_year, reg_seq__gte=1).count()
        == counter.last
    )


def test_generated_cases_are_found_by_search_and_clock_filters(office):
    generate(office, 400)
    clerk = make_user(office, "clerk")
    word = Petition.objects.first().search_tokens.split()[0]  # type: ignore[union-attr]
    assert petition_list_for_user(user=clerk, filters=LedgerFilters(q=word)).count() >= 1
    overdue = petition_list_for_user(user=clerk, filters=LedgerFilters(clock="overdue")).count()
    assert 0 < overdue < 400 * 0.2


def _indexes_and_triggers() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'petitions_%%'"
            )
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')")
        return set(cursor.fetchall())


def _found(clerk, text: str) -> set[int]:
    filters = LedgerFilters(q=text)
    return set(petition_list_for_user(user=clerk, filters=filters).values_list("pk", flat=True))


def test_bulk_mode_rebuilds_the_indexes_and_search_finds_old_and_new_cases(office):
    before = _indexes_and_triggers()
    # two workers where the database allows it (an in-memory SQLite test database does not)
    generate(office, 250, bulk=True, workers=2, batch_size=100)
    assert _indexes_and_triggers() == before
    assert bulk.interrupted_load() is None
    clerk = make_user(office, "clerk")
    generated = Petition.objects.order_by("-id").first()
    assert generated is not None
    word = generated.search_tokens.split()[-1]
    assert generated.pk in _found(clerk, word)
    data = registration()
    data.content = "小区东门的路灯已经坏了三个月，夜里行人看不清台阶。"
    registered = petition_register(unit=office, data=data, acting_user=clerk)
    assert registered.pk in _found(clerk, "台阶")
    # a second bulk load over the first one works too
    generate(office, 300, bulk=True)
    assert Petition.objects.count() == 551
    assert registered.pk in _found(clerk, "台阶")
    assert generated.pk in _found(clerk, word)


def test_a_failed_bulk_load_puts_the_indexes_back(office, monkeypatch):
    before = _indexes_and_triggers()
    calls = {"n": 0}
    real = generator_module._batch

    def failing(plan, index, new_person):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(plan, index, new_person)

    monkeypatch.setattr(generator_module, "_batch", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        generate(office, 300, batch_size=100, workers=1, bulk=True)
    assert _indexes_and_triggers() == before
    assert bulk.interrupted_load() is None
    # what was written before the failure (whole batches) is searchable
    clerk = make_user(office, "clerk")
    first = Petition.objects.order_by("id").first()
    assert first is not None
    assert first.pk in _found(clerk, first.search_tokens.split()[0])


def test_a_killed_bulk_load_is_repaired_by_the_next_run(office):
    before = _indexes_and_triggers()
    bulk.drop(list(generator_module.TABLES.values()))  # as if the load had been killed here
    assert _indexes_and_triggers() < before
    generate(office, 50, bulk=False)
    assert _indexes_and_triggers() == before
    assert bulk.interrupted_load() is None
