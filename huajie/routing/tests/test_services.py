"""Training from the deployment's own cases, the model files, cold start, and what is recorded
with each new case."""

from __future__ import annotations

import json
from datetime import date

import pytest
import time_machine

from huajie.jobs.registry import get_job
from huajie.orgs.tests.factories import make_county, make_unit
from huajie.petitions.models import Category, PetitionClass
from huajie.petitions.services import (
    petition_accept,
    petition_assign,
    petition_return,
    petition_start_handling,
    petition_transfer,
)
from huajie.petitions.services.categories import categories_load
from huajie.petitions.tests.factories import register
from huajie.routing import store
from huajie.routing.models import KeywordRule, Source, Suggestion, TrainingOutcome
from huajie.routing.selectors import acceptance_rates, model_status
from huajie.routing.services import keyword_rule_save, router_train
from huajie.routing.suggest import propose
from huajie.routing.training import history as training_history

pytestmark = pytest.mark.django_db

WAGES = ("单位拖欠工资三个月", "我在公司上班，老板已经三个月不发工资，请求帮助追讨被拖欠的工资。")


def test_too_little_history_trains_nothing_and_the_rules_stay(history, settings):
    settings.ROUTER_MIN_HISTORY = 10_000
    run = router_train()
    assert run.outcome == TrainingOutcome.SKIPPED
    assert "少于 10000 件" in run.message
    assert store.versions() == []
    assert propose(title=WAGES[0], content=WAGES[1]).source != Source.MODEL


def test_training_writes_a_versioned_model_with_its_report(history, router_dir):
    run = router_train()
    assert run.outcome == TrainingOutcome.TRAINED and run.version == 1
    assert (router_dir / "router-v0001.joblib").is_file()
    report = json.loads((router_dir / "router-v0001.json").read_text())
    assert report["version"] == 1 and report["cases"] == len(history.cases)
    heads = report["heads"]
    assert heads["category"]["classes"] == 7 and heads["unit"]["classes"] == 7
    assert 0 < heads["category"]["holdout"]["macro_f1"] <= 1
    assert set(heads["category"]["holdout"]) >= {"accuracy", "top3", "per_class", "confusion"}
    # where the time went, for the admin deciding on ROUTER_MAX_CASES
    assert set(report["seconds"]) >= {"history", "features", "heads", "holdout"}


def test_unpaid_wages_propose_labour_and_the_labour_bureau_first(history):
    router_train()
    proposal = propose(title=WAGES[0], content=WAGES[1])
    assert proposal.source == Source.MODEL and proposal.version == 1
    assert proposal.categories[0].name == "劳动和社会保障"
    assert proposal.units[0].id == history.units["劳动和社会保障"].pk
    assert len(proposal.categories) <= 3 and len(proposal.units) <= 3
    assert all(0 < c.confidence <= 1 for c in proposal.categories + proposal.units)


def test_a_new_version_is_used_at_once_without_restarting(history, router_dir):
    router_train()
    assert store.current().version == 1
    router_train()
    assert store.current().version == 2
    assert propose(title=WAGES[0], content=WAGES[1]).version == 2
    assert model_status().versions == [1, 2]


def test_a_corrupt_model_file_falls_back_to_the_rules_with_a_warning(history, router_dir):
    router_train()
    (router_dir / "router-v0001.joblib").write_bytes(b"not a model")
    store.forget()
    keyword_rule_save(
        category=history.categories["劳动和社会保障"],
        keyword_text="工资、讨薪",
        unit=history.units["劳动和社会保障"],
        acting_user=history.county.clerk,
    )
    proposal = propose(title=WAGES[0], content=WAGES[1])
    assert proposal.source == Source.RULES
    assert proposal.categories[0].name == "劳动和社会保障"
    assert "已损坏" in model_status().warning


def test_a_missing_model_file_falls_back_too(history, router_dir):
    router_train()
    (router_dir / "router-v0001.joblib").unlink()
    store.forget()
    assert propose(title=WAGES[0], content=WAGES[1]).source != Source.MODEL
    assert "不存在" in model_status().warning


@time_machine.travel(date(2025, 10, 20), tick=False)
def test_the_unit_learnt_is_the_one_that_handled_the_case_not_one_that_returned_it():
    c = make_county()
    categories_load(triples=[("劳动和社会保障",)])
    labour = Category.objects.get(name="劳动和社会保障")
    returned = register(c, category=labour)
    # 转送 to the department, which returns it; then transferred to the other department,
    # which accepts it, assigns it to its own handler and starts handling.
    petition_transfer(petition=returned, acting_user=c.clerk, expected_version=None, to_unit=c.dept)
    petition_return(
        petition=returned, acting_user=c.dept_leader, expected_version=None, reason="不属本单位"
    )
    petition_transfer(
        petition=returned, acting_user=c.clerk, expected_version=None, to_unit=c.other_dept
    )
    petition_accept(petition=returned, acting_user=c.outsider, expected_version=None)
    petition_assign(
        petition=returned,
        acting_user=c.clerk,
        expected_version=None,
        handling_unit=c.other_dept,
        responsible_leader=c.outsider,
        handler=c.outsider,
    )
    petition_start_handling(petition=returned, acting_user=c.outsider, expected_version=None)
    pending = register(c, category=labour, title="尚在转送途中的事项")
    petition_transfer(petition=pending, acting_user=c.clerk, expected_version=None, to_unit=c.dept)
    accepted = register(c, category=labour, title="已受理未交办")
    petition_accept(petition=accepted, acting_user=c.clerk, expected_version=None)

    data = training_history()
    by_title = dict(zip([d.split("。")[0] for d in data.docs], data.units, strict=True))
    assert by_title["小区外墙脱落无人维修"] == str(c.other_dept.pk)
    assert by_title["尚在转送途中的事项"] is None  # may still be returned
    assert by_title["已受理未交办"] is None
    assert data.categories == [str(labour.pk)] * 3


def test_cold_start_rules_are_labelled_and_propose_their_unit(db):
    c = make_county()
    categories_load(
        triples=[("劳动和社会保障", "工资福利", "工资发放"), ("城乡建设", "住房", "物业")]
    )
    wages = Category.objects.get(name="工资发放")
    keyword_rule_save(
        category=wages, keyword_text="拖欠工资 讨薪，欠薪", unit=c.other_dept, acting_user=c.clerk
    )
    keyword_rule_save(
        category=Category.objects.get(name="物业"),
        keyword_text="物业",
        unit=c.dept,
        acting_user=c.clerk,
    )
    proposal = propose(title=WAGES[0], content=WAGES[1])
    assert proposal.source == Source.RULES and proposal.label == "关键词规则"
    assert [x.name for x in proposal.categories] == ["劳动和社会保障/工资福利/工资发放"]
    assert [u.id for u in proposal.units] == [c.other_dept.pk]
    assert propose(title="路灯不亮", content="村口路灯坏了一个月").categories == []


def test_a_one_character_keyword_is_refused_with_a_sentence(db):
    c = make_county()
    categories_load(triples=[("劳动和社会保障",)])
    from huajie.common.errors import ApplicationError

    with pytest.raises(ApplicationError, match="只有一个字"):
        keyword_rule_save(
            category=Category.objects.get(), keyword_text="钱、工资", unit=None, acting_user=c.clerk
        )
    assert not KeywordRule.objects.exists()


def test_empty_or_one_character_text_gets_no_proposal_and_no_error(history):
    router_train()
    for title, content in (("", ""), ("好", ""), (" ", "\n\t"), ("", "嗯")):
        proposal = propose(title=title, content=content)
        assert proposal.categories == [] and proposal.units == []


def test_low_confidence_shows_nothing(history, settings):
    router_train()
    settings.ROUTER_MIN_CONFIDENCE = 0.999
    assert propose(title=WAGES[0], content=WAGES[1]).categories == []


def test_the_accused_unit_and_units_under_it_are_never_proposed(history):
    router_train()
    labour = history.units["劳动和社会保障"]
    below = make_unit("劳动监察大队", parent=labour)
    case = register(
        history.county,
        title=WAGES[0],
        content=WAGES[1] + "举报劳动监察大队不作为。",
        petition_class=PetitionClass.ACCUSATION,
        accused_unit=labour,
        category=history.categories["劳动和社会保障"],
    )
    proposed = propose(title=case.title, content=case.content)
    assert proposed.units[0].id == labour.pk  # what the text alone would propose
    recorded = Suggestion.objects.get(petition=case)
    ids = [u["id"] for u in recorded.units]
    assert labour.pk not in ids and below.pk not in ids
    # What is left is proposed only when confident enough on its own.
    assert all(u["confidence"] >= 0.05 for u in recorded.units)
    assert not recorded.units or recorded.units[0]["confidence"] >= 0.3


def test_registration_records_what_was_suggested_and_what_the_clerk_chose(history):
    router_train()
    chosen = history.categories["劳动和社会保障"]
    case = register(history.county, title=WAGES[0], content=WAGES[1], category=chosen)
    recorded = Suggestion.objects.get(petition=case)
    assert recorded.source == Source.MODEL and recorded.model_version == 1
    assert recorded.categories[0]["id"] == chosen.pk
    assert recorded.chosen_category == chosen and recorded.category_rank == 1
    other = register(
        history.county, title=WAGES[0], content=WAGES[1], category=history.categories["环境保护"]
    )
    assert Suggestion.objects.get(petition=other).category_rank is None


def test_acceptance_rates_per_month_and_unit_with_their_counts(history):
    router_train()
    labour, labour_unit = history.categories["劳动和社会保障"], history.units["劳动和社会保障"]
    chosen = {"x_routing_unit": str(labour_unit.pk)}
    for category, extras in ((labour, chosen), (labour, {}), (history.categories["环境保护"], {})):
        register(history.county, title=WAGES[0], content=WAGES[1], category=category, extras=extras)
    rates = acceptance_rates()
    total = rates.months[0]
    assert total.unit == "合计" and total.cases == 3
    assert total.category_first == 2 and total.category_first_pct == "2/3（67%）"
    # One case was given a unit, the first proposed: 1/1, never a bare "100%".
    assert total.routed == 1 and total.unit_first_pct == "1/1（100%）"
    office = [r for r in rates.units if r.unit == history.county.office.name]
    assert len(office) == 1 and office[0].cases == 3 and rates.units[-1].unit == "合计"


def test_the_nightly_retrain_is_in_the_jobs_registry(history):
    job = get_job("routing.retrain")
    assert job.at and "训练" in job.description
    assert "已训练模型 v1" in str(job.run())
    assert model_status().source == Source.MODEL


def test_registration_without_any_rule_or_model_records_no_suggestion_source(db):
    c = make_county()
    case = register(c, received_on=date(2025, 9, 30))
    assert Suggestion.objects.get(petition=case).source == Source.NONE


def test_a_head_the_history_could_not_train_falls_back_to_its_rules(db, settings):
    """Cases categorised but none handled yet: categories from the model, units from the rules."""
    settings.ROUTER_MIN_HISTORY = 1
    c = make_county()
    categories_load(triples=[("劳动和社会保障",), ("城乡建设",)])
    labour, building = (
        Category.objects.get(name="劳动和社会保障"),
        Category.objects.get(name="城乡建设"),
    )
    for i in range(6):
        register(c, title=f"拖欠工资第{i}次", content="老板不发工资", category=labour)
        register(c, title=f"小区外墙脱落第{i}次", content="物业不维修", category=building)
    keyword_rule_save(category=labour, keyword_text="工资", unit=c.other_dept, acting_user=c.clerk)
    run = router_train()
    assert run.report["heads"]["unit"]["trained"] is False
    proposal = propose(title="拖欠工资", content="老板三个月不发工资")
    assert proposal.source == Source.MODEL and proposal.categories[0].id == labour.pk
    assert [u.id for u in proposal.units] == [c.other_dept.pk]


def test_the_unit_the_clerk_accepted_is_stored_with_its_rank(history):
    router_train()
    labour = history.units["劳动和社会保障"]
    case = register(
        history.county, title=WAGES[0], content=WAGES[1], extras={"x_routing_unit": str(labour.pk)}
    )
    recorded = Suggestion.objects.get(petition=case)
    assert recorded.units[0]["id"] == labour.pk
    assert recorded.chosen_unit == labour and recorded.unit_rank == 1
    # A unit the clerk picked that was not among the proposals is kept, without a rank.
    other = history.units["环境保护"]
    case = register(
        history.county, title=WAGES[0], content=WAGES[1], extras={"x_routing_unit": str(other.pk)}
    )
    recorded = Suggestion.objects.get(petition=case)
    assert recorded.chosen_unit == other and recorded.unit_rank is None


def test_the_accused_unit_is_never_recorded_as_the_unit_chosen(history):
    """Not proposed, and a form posted with it anyway (or with a unit under it) records none."""
    router_train()
    labour = history.units["劳动和社会保障"]
    below = make_unit("劳动监察大队", parent=labour)
    for posted in (labour, below):
        case = register(
            history.county,
            title=WAGES[0],
            content=WAGES[1],
            petition_class=PetitionClass.ACCUSATION,
            accused_unit=labour,
            extras={"x_routing_unit": str(posted.pk)},
        )
        recorded = Suggestion.objects.get(petition=case)
        assert recorded.chosen_unit is None and recorded.unit_rank is None
    case = register(
        history.county, title=WAGES[0], content=WAGES[1], extras={"x_routing_unit": "x1"}
    )
    assert Suggestion.objects.get(petition=case).chosen_unit is None
