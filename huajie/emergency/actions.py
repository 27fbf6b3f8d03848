"""The emergency module's actions in the shared registry (`workflow.actions`): a hazard's 整改完成
and 复查 — one list for the hazard page's forms and the API's action paths, each available by
the same transition rule the service enforces. (The incident's actions keep their own screens
and endpoints.)"""

from __future__ import annotations

from huajie.workflow.actions import Action, ActionRegistry, Input, transitions_allow

from .services import hazards as services
from .services.workflow import HAZARD

WITH_PHOTOS = frozenset({"rectify"})  # their screen form also takes photos (files)


def _note(label: str, message: str) -> Input:
    return Input("note", label, "textarea", required=True, message=message, rows=3)


HAZARD_ACTIONS = ActionRegistry(
    [
        Action(
            "rectify", "整改完成，申请复查", services.hazard_rectify, "hazard",
            transitions_allow(HAZARD, "rectify"),
            inputs=(_note("整改情况", "请填写整改情况（做了什么、是否消除）。"),),
            done="已提交整改，等待复查。", style="primary", changes_status=True,
            hint="整改后由整改人以外的人员复查销号。",
        ),
        Action(
            "recheck_pass", "复查合格，销号", services.hazard_recheck, "hazard",
            transitions_allow(HAZARD, "recheck_pass"),
            inputs=(_note("复查意见", "请填写复查意见。"),), fixed={"passed": True},
            done="复查合格，已销号。", style="success", changes_status=True,
        ),
        Action(
            "recheck_fail", "复查不合格，退回整改", services.hazard_recheck, "hazard",
            transitions_allow(HAZARD, "recheck_fail"),
            inputs=(_note("复查意见", "请填写复查意见（哪些未整改到位）。"),),
            fixed={"passed": False}, done="已退回整改。", style="danger", changes_status=True,
        ),
    ]
)  # fmt: skip
