"""The intake hand-off registry: a source's draft reaches a target and the link comes back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from huajie.common import intake
from huajie.common.errors import ApplicationError
from huajie.orgs.models import Region


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(intake, "_sources", {})
    monkeypatch.setattr(intake, "_targets", {})
    linked = []

    def load(record_id, user):
        if record_id != "7":
            raise ApplicationError("没有这条记录。", code="missing")
        return intake.IntakeDraft(
            token=intake.token("log", record_id),
            label="值班记录",
            unit_id=1,
            received_at=datetime(2026, 12, 2, 9, 14, tzinfo=UTC),
            content="村民来电反映道路塌陷",
        )

    intake.register_source(
        intake.IntakeSource(kind="log", load=load, link=lambda *a: linked.append(a))
    )
    intake.register_target(
        intake.IntakeTarget(
            code="petition",
            label="登记为信访件",
            route="home",
            may_create=lambda user: user == "clerk",
        )
    )
    return linked


def test_a_draft_travels_and_the_link_comes_back(registry):
    obj = Region(code="420102001001", name="村", level="village")
    draft = intake.intake_draft("log:7", "clerk")
    assert draft.content.startswith("村民")
    intake.intake_done("log:7", "clerk", "petition", obj)
    assert registry == [("7", "clerk", "petition", obj)]


def test_targets_are_offered_only_to_who_may_create(registry):
    assert [t.code for t in intake.targets_for("clerk")] == ["petition"]
    assert intake.targets_for("leader") == []
    assert intake.intake_url("petition", "log:7").endswith("?from=log%3A7")


@pytest.mark.parametrize("bad", ["", "log", "nothing:7", "log:8"])
def test_a_bad_token_is_a_sentence(registry, bad):
    with pytest.raises(ApplicationError) as exc:
        intake.intake_draft(bad, "clerk")
    assert exc.value.message.endswith("。")


def test_an_outcome_reaches_a_source_that_listens(registry, monkeypatch):
    obj = Region(code="420102001001", name="村", level="village")
    heard = []
    assert intake.intake_outcome("log:7", "dispute", obj, "达成协议") is False  # not listening
    source = intake._sources["log"]
    intake.register_source(
        intake.IntakeSource(kind="log", load=source.load, link=source.link,
                            outcome=lambda *a: heard.append(a))
    )  # fmt: skip
    assert intake.intake_outcome("log:7", "dispute", obj, "达成协议", actor="mediator") is True
    assert heard == [("7", "dispute", obj, "达成协议", "mediator")]
    assert intake.intake_outcome("nothing:7", "dispute", obj, "达成协议") is False
