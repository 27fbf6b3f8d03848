"""A generated case is the case the services would have made: the same steps on the same days,
run through `huajie.petitions.services` on a fresh case, give the same status, version, dates,
`next_due`, clock rows and review row.

The generator runs for real (`generate_data`, rows written by its writer); the only addition is
a spy on `RowFactory.case` that keeps each case's `Life`, whose `steps` say which steps it took
and when. For each path below the first generated case that took it is replayed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine

from bench.generator import generate_data
from bench.generator.case import EXTEND, Life
from bench.generator.rows import RowFactory
from huajie.orgs.tests.factories import make_user
from huajie.petitions import services
from huajie.petitions.models import Petition, PetitionClock
from huajie.petitions.tests.factories import make_county, registration

# Every limit of three years of cases up to here ends in a year chinesecalendar covers.
TODAY = date(2025, 9, 15)

pytestmark = pytest.mark.django_db(transaction=True)


def _actions(life: Life) -> list[str]:
    return [action for action, _, _ in life.steps]


def _elsewhere(life: Life) -> bool:
    return life.handling_unit_id != life.unit_id


def _open(life: Life, kind: str) -> bool:
    return life.current(kind) is not None


PATHS: dict[str, Callable[[Life], bool]] = {
    "registered, not routed yet": lambda life: _actions(life) == [],
    "not accepted, then archived": lambda life: _actions(life) == ["not_accept", "archive"],
    "transferred, awaiting the receiving organ": lambda life: _actions(life) == ["transfer"],
    "assigned to another unit, its objection window open": lambda life: (
        _actions(life) == ["accept", "assign"] and _elsewhere(life)
    ),
    "assigned to another unit, in handling (the window stopped)": lambda life: (
        _actions(life) == ["accept", "assign", "start_handling"] and _elsewhere(life)
    ),
    "assigned to its own unit (no objection window), replied": lambda life: (
        _actions(life)[:4] == ["accept", "assign", "start_handling", "reply"]
        and not _elsewhere(life)
    ),
    "replied late": lambda life: any(
        c.kind == "handling" and c.outcome == "late" for c in life.clocks
    ),
    "replied, closed, archived, the review window still open": lambda life: (
        _actions(life)[-3:] == ["reply", "close", "archive"] and _open(life, "review_request")
    ),
    "evaluated, closed, archived": lambda life: (
        _actions(life)[-3:] == ["evaluate", "close", "archive"]
    ),
    "review requested, still under review": lambda life: _actions(life)[-1:] == ["request_review"],
    "review requested and answered": lambda life: "answer_review" in _actions(life),
    "extended, then replied": lambda life: EXTEND in _actions(life) and "reply" in _actions(life),
    "extended, still in handling": lambda life: _actions(life)[-1:] == [EXTEND],
}

CASE_FIELDS = (
    "status", "version", "unit_id", "received_on", "handling_unit_id", "handler_id",
    "responsible_leader_id", "accepted_on", "not_accepted_reason", "proper_channel",
    "replied_on", "decision", "satisfaction", "evaluated_on", "closed_on", "archived_on",
    "next_due",
)  # fmt: skip
# Every stored column of a clock but the case, the key and who approved an extension and why.
CLOCK_FIELDS = tuple(
    f.attname
    for f in PetitionClock._meta.concrete_fields
    if f.name not in {"id", "petition", "extension_reason", "extension_approver"}
)
REVIEW_FIELDS = ("level", "requested_on", "reviewing_unit_id", "answered_on", "decision", "opinion")


def snapshot(petition: Petition) -> dict[str, Any]:
    petition = Petition.objects.get(pk=petition.pk)
    return {
        "case": {name: getattr(petition, name) for name in CASE_FIELDS},
        "clocks": list(petition.clocks.order_by("kind", "round").values(*CLOCK_FIELDS)),
        "reviews": list(petition.reviews.order_by("level").values(*REVIEW_FIELDS)),
    }


def replay(generated: Petition, steps: list[tuple[str, int, int]], user: Any) -> Petition:
    """The generated case's steps through the services, on a case registered afresh."""
    petition = services.petition_register(
        unit=generated.unit,
        data=registration(received_on=generated.received_on),
        acting_user=generated.registered_by,
    )
    review = generated.reviews.first()
    for action, day, days in steps:
        act = {"petition": petition, "acting_user": user, "expected_version": petition.version}
        act["on"] = date.fromordinal(day)
        if action == "accept":
            services.petition_accept(**act)
        elif action == "not_accept":
            services.petition_not_accept(
                **act,
                reason=generated.not_accepted_reason,
                proper_channel=generated.proper_channel,
            )
        elif action == "transfer":
            services.petition_transfer(**act, to_unit=generated.handling_unit)
        elif action == "assign":
            services.petition_assign(
                **act,
                handling_unit=generated.handling_unit,
                responsible_leader=generated.responsible_leader,
                handler=generated.handler,
            )
        elif action == "start_handling":
            services.petition_start_handling(**act)
        elif action == EXTEND:
            services.petition_extend(**act, days=days, reason="案情复杂，需进一步调查核实。")
        elif action == "reply":
            services.petition_reply(
                **act,
                request="请求维修",
                facts="经查属实",
                reasons="符合规定",
                decision=generated.decision,
                legal_basis="《信访工作条例》第三十二条",
            )
        elif action == "evaluate":
            services.petition_evaluate(**act, satisfaction=generated.satisfaction)
        elif action == "close":
            services.petition_close(**act)
        elif action == "request_review":
            services.petition_request_review(
                **act, reason=review.reason, reviewing_unit=review.reviewing_unit
            )
        elif action == "answer_review":
            services.petition_answer_review(**act, decision=review.decision, opinion=review.opinion)
        elif action == "archive":
            services.petition_archive(**act)
        else:
            raise AssertionError(f"the replay does not know the step {action!r}")
    return petition


def test_generated_cases_equal_the_same_cases_run_through_the_services(monkeypatch):
    county = make_county()
    lives: dict[int, Life] = {}
    real_case = RowFactory.case

    def keep_life(self, batch, *, pk, life, **row):
        lives[pk] = life
        real_case(self, batch, pk=pk, life=life, **row)

    monkeypatch.setattr(RowFactory, "case", keep_life)
    replayer = make_user(county.office, "clerk")
    replayer.is_superuser = True  # who may act is not the point here: the steps' results are
    replayer.save(update_fields=["is_superuser"])
    with time_machine.travel(TODAY):
        generate_data(cases=2000, unit_code=county.office.code, workers=1)
        assert len(lives) == 2000
        differ, missing = [], []
        for path, took in PATHS.items():
            pk = next((pk for pk in sorted(lives) if took(lives[pk])), None)
            if pk is None:
                missing.append(path)
                continue
            generated = Petition.objects.get(pk=pk)
            replayed = replay(generated, lives[pk].steps, replayer)
            want, got = snapshot(replayed), snapshot(generated)
            if got != want:
                differ.append((path, lives[pk].steps, got, want))
    assert not missing, f"no generated case took these paths: {missing}"
    assert not differ, "generated (first) and replayed (second) differ:\n" + "\n".join(
        map(str, differ)
    )
