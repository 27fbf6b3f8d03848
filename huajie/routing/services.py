"""Writes of the routing app: training a model, recording what was suggested for a case, the
admin's keyword rules. Proposals themselves (reads) are in `suggest.py`."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from django.conf import settings
from django.db import transaction

from huajie.common.errors import ApplicationError
from huajie.orgs.models import Unit, User
from huajie.petitions.models import Category, Petition

from . import engine, store
from .models import KeywordRule, Source, Suggestion, TrainingOutcome, TrainingRun
from .suggest import Proposal, propose
from .training import history, keywords, prior


def router_train(
    *, acting_user: User | None = None, force: bool = False, limit: int | None = None
) -> TrainingRun:
    """Train on the cases in the database and make the new model current, with its report.

    Below `ROUTER_MIN_HISTORY` categorised cases nothing is written (the keyword rules stay in
    use) unless `force`. The file is written before the run row, so a row never names a file
    that does not exist."""
    started = time.monotonic()
    data = history(limit or settings.ROUTER_MAX_CASES)
    loaded = time.monotonic() - started
    minimum = settings.ROUTER_MIN_HISTORY
    if data.labelled < minimum and not force:
        return TrainingRun.objects.create(
            outcome=TrainingOutcome.SKIPPED,
            cases=data.labelled,
            started_by=acting_user,
            message=f"已分类的事项只有 {data.labelled} 件，少于 {minimum} 件，"
            "继续按关键词规则建议。",
            seconds=time.monotonic() - started,
        )
    learnt_categories = {c for c in data.categories if c}
    learnt_units = {u for u in data.units if u}
    try:
        router = engine.train(
            data.docs,
            {"category": data.categories, "unit": data.units},
            prior=prior(learnt_categories, learnt_units),
        )
        if not router.heads:
            raise ApplicationError(
                "历史事项中不同的分类或承办单位太少（至少各需两类），无法训练。",
                code="too_few_classes",
            )
        router.report["minimum_history"] = minimum
        router.report.setdefault("seconds", {})["history"] = round(loaded, 1)
        version, path = store.save(router)
    except ApplicationError as exc:
        return TrainingRun.objects.create(
            outcome=TrainingOutcome.FAILED,
            cases=data.labelled,
            started_by=acting_user,
            message=exc.message,
            seconds=time.monotonic() - started,
        )
    return TrainingRun.objects.create(
        outcome=TrainingOutcome.TRAINED,
        version=version,
        file=str(path),
        cases=len(data.docs),
        report=router.report,
        started_by=acting_user,
        seconds=round(time.monotonic() - started, 2),
        message=f"已训练模型 v{version}（{len(data.docs)} 件事项）。",
    )


UNIT_FIELD = "x_routing_unit"  # the unit the clerk accepted on the form (routing/suggest.js)


def registration_extension(
    *, title: str, content: str, extras: Mapping[str, str]
) -> Callable[[Petition], None]:
    """`petitions.extensions`: the proposal is computed from the case's text before its number
    is drawn, and recorded with the case in the registration's transaction (web, API, import)."""
    proposal = propose(title=title, content=content)
    posted = extras.get(UNIT_FIELD, "").strip()
    chosen = int(posted) if posted.isdigit() else None

    def store(petition: Petition) -> None:
        suggestion_record(petition=petition, proposal=proposal, chosen_unit_id=chosen)

    return store


def _accepted_unit(petition: Petition, unit_id: int | None) -> Unit | None:
    """The unit the clerk accepted, if it exists, is active, and is neither the accused unit
    nor under it (such a unit is never proposed, and a forged form must not record it)."""
    unit = Unit.objects.filter(pk=unit_id, is_active=True).first() if unit_id else None
    accused = petition.accused_unit
    if unit is None or accused is None:
        return unit
    return None if unit.is_within(accused) else unit


def suggestion_record(
    *, petition: Petition, proposal: Proposal, chosen_unit_id: int | None = None
) -> Suggestion:
    """Store what was proposed, the unit the clerk accepted, and where the recorded category
    and the accepted unit stood among the proposals. The units never include the accused unit
    (被反映单位) or a unit under it."""
    units = proposal.without_accused(petition.accused_unit).units
    ids = [c.id for c in proposal.categories]
    rank = ids.index(petition.category_id) + 1 if petition.category_id in ids else None
    chosen = _accepted_unit(petition, chosen_unit_id)
    unit_ids = [u.id for u in units]
    unit_rank = unit_ids.index(chosen.pk) + 1 if chosen and chosen.pk in unit_ids else None
    return Suggestion.objects.create(
        petition=petition,
        source=proposal.source if proposal.categories or units else Source.NONE,
        model_version=proposal.version,
        categories=[c.as_dict() for c in proposal.categories],
        units=[u.as_dict() for u in units],
        chosen_category_id=petition.category_id,
        category_rank=rank,
        chosen_unit=chosen,
        unit_rank=unit_rank,
    )


def suggestion_handoff(*, petition: Petition, unit: Unit | None) -> None:
    """`petitions.extensions`: a 转送 or 交办 records the unit actually chosen and its place
    among the proposals (None: not proposed), replacing the one accepted on the form; a 退回
    clears it (the unit was not competent; the next hand-off records the next choice)."""
    suggestion = Suggestion.objects.filter(petition=petition).first()
    if suggestion is None:
        return
    ids = [u.get("id") for u in suggestion.units]
    suggestion.chosen_unit = unit
    suggestion.unit_rank = ids.index(unit.pk) + 1 if unit is not None and unit.pk in ids else None
    suggestion.save(update_fields=["chosen_unit", "unit_rank"])


def keyword_list(text: str) -> list[str]:
    """The distinct keywords of an admin's text, or a refusal saying what to fix."""
    words = list(dict.fromkeys(keywords(text)))
    if not words:
        raise ApplicationError("请至少填写一个关键词。", code="no_keywords", field="keywords")
    short = [w for w in words if len(w) < 2]
    if short:
        raise ApplicationError(
            f"关键词“{short[0]}”只有一个字，会命中太多无关事项，请改为至少两个字的词。",
            code="short_keyword",
            field="keywords",
        )
    return words


@transaction.atomic
def keyword_rule_save(
    *,
    category: Category,
    keyword_text: str,
    unit: Unit | None,
    is_active: bool = True,
    acting_user: User,
    rule: KeywordRule | None = None,
) -> KeywordRule:
    words = keyword_list(keyword_text)
    if rule is None:
        rule = KeywordRule.objects.filter(category=category).first() or KeywordRule(
            category=category
        )
    rule.category, rule.unit, rule.is_active = category, unit, is_active
    rule.keywords = "、".join(words)
    rule.save()
    return rule
