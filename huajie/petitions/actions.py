"""Every action on a case, once: the case page's buttons and forms and the API's paths and bodies
are built from this list (`huajie.workflow`). An action is offered when its rule holds (the state
table and `petitions.rules`); the service it calls checks the same rule and refuses with a
sentence, so a button shown by mistake still ends in that refusal.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from huajie.orgs.models import User
from huajie.workflow.actions import Action, ActionRegistry, Input

from . import extensions, rules, services
from .forms.fields import VISIT_METHODS, handlers_for, leaders_for
from .models import (
    Decision,
    EventKind,
    Petition,
    ProperChannel,
    Satisfaction,
    SupervisionKind,
    ToldMethod,
)
from .states import Status

ON = Input("on", "办理日期", "date", api_help="办理日期（默认今天，不能晚于今天）", screen=False)
REVIEW_HINT = "信访人自收到书面答复（复查意见）之日起30日内可申请；受理机关30日内答复。"
RETURN_HINT = "仅限收到后5个工作日内、且确不属本单位职权的事项。"


def _transitions(*names: str) -> Any:
    def rule(user: User, petition: Petition) -> bool:
        return any(t.action in names for t in services.actions_for(user, petition))

    return rule


def _reason(label: str, message: str, rows: int = 3) -> Input:
    return Input("reason", label, "textarea", required=True, message=message, rows=rows)


def _status_action(name: str, label: str, service: Any, *inputs: Input, **kw: Any) -> Action:
    transitions = kw.pop("transitions", (name,))
    return Action(
        name=name,
        label=label,
        service=service,
        record_arg="petition",
        available=_transitions(*transitions),
        inputs=inputs,
        changes_status=True,
        style=kw.pop("style", "primary"),
        **kw,
    )


def _other_action(
    name: str, label: str, service: Any, rule: Any, *inputs: Input, **kw: Any
) -> Action:
    return Action(
        name=name,
        label=label,
        service=service,
        record_arg="petition",
        available=rule,
        inputs=inputs,
        **kw,
    )


def _proposed_unit(petition: Petition) -> int | None:
    """The unit another app proposes for the hand-off (routing: the one accepted at
    registration, never the accused unit), never the case's own unit."""
    unit_id = extensions.proposed_unit(petition)
    if unit_id is None or unit_id == petition.unit_id:
        return None
    return unit_id


def _may_extend(user: User, petition: Petition) -> bool:
    return rules.may_extend(user, petition, today=timezone.localdate())


ANSWER_DECISION = Input(
    "decision",
    "意见",
    "radio",
    required=True,
    choices=Decision.choices,
    message="请选择意见：支持、解释说明或不予支持。",
    api_help="复查（复核）意见",
)
REVIEW_INPUTS = (
    _reason("申请理由", "请填写信访人申请的理由。"),
    Input("reviewing_unit", "复查（复核）机关", "unit", required=True),
    ON,
)
SUPERVISE_INPUTS = (
    Input("note", "意见", "textarea", required=True, message="请填写催办（督办）意见。",
          api_help="催办（督办）意见"),
    Input("respond_by", "反馈期限", "date"),
)  # fmt: skip
NOTE_INPUT = Input("text", "内容", "textarea", required=True, rows=3)
HEARING_NOTE = Input("note", "说明", "textarea", api_help="听证情况说明")
HEARING_DAY = Input("on", "日期", "date", today_default=True, api_help="听证日期（默认今天）")

ACTIONS = ActionRegistry(
    [
        _status_action(
            "accept", "受理", services.petition_accept,
            Input("on", "受理日期", "date", required=True, today_default=True,
                  message="请填写受理日期。", api_help="办理日期（默认今天，不能晚于今天）"),
            transitions=("accept", "accept_transfer"),
            done="已受理，60日办理期限开始计算。",
            hint="受理后开始计算60日办理期限（《信访工作条例》第三十四条）。",
            by_status={Status.TRANSFERRED: {
                "label": "接收", "done": "已接收，60日办理期限开始计算。", "hint": ""}},
        ),
        _status_action(
            "not_accept", "不予受理", services.petition_not_accept,
            _reason("不予受理理由", "请填写不予受理的理由。"),
            Input("proper_channel", "告知途径", "select", required=True,
                  choices=ProperChannel.choices, api_help="应告知信访人的途径"),
            ON,
            done="已登记为不予受理。", style="danger",
            hint="须告知信访人应通过哪一法定途径解决（诉访分离）。",
        ),
        _status_action(
            "transfer", "转送", services.petition_transfer,
            Input("to_unit", "转送单位", "unit", required=True, initial=_proposed_unit),
            Input("note", "转送说明", "textarea"),
            ON,
            done="已转送。", hint="接收单位可在5个工作日内提出异议（《信访工作条例》第二十三条）。",
        ),
        _status_action(
            "return", "退回", services.petition_return,
            _reason("退回理由", "请填写退回理由（为何不属于本单位职权范围）。"),
            ON,
            transitions=("return_transfer", "return_assignment"),
            done="已退回交办单位。", style="danger", hint=RETURN_HINT,
            by_status={Status.TRANSFERRED: {"done": "已退回登记单位。"}},
        ),
        _status_action(
            "assign", "交办", services.petition_assign,
            Input("handling_unit", "承办单位", "unit", required=True, initial=_proposed_unit),
            Input("responsible_leader", "包案领导", "user", required=True, people=leaders_for,
                  people_of="handling_unit"),
            Input("handler", "承办人", "user", required=True, people=handlers_for,
                  people_of="handling_unit"),
            Input("note", "交办意见", "textarea"),
            ON,
            done="已交办。",
        ),
        _status_action("start_handling", "开始办理", services.petition_start_handling, ON,
                       done="已开始办理。"),
        _status_action(
            "reply", "答复", services.petition_reply,
            Input("request", "信访人请求", "textarea", required=True,
                  message="请填写信访人的请求。", initial=lambda p: p.title,
                  api_help="信访人的请求"),
            Input("facts", "查明事实", "textarea", required=True, rows=3,
                  message="请填写查明的事实。", api_help="查明的事实"),
            Input("reasons", "处理理由", "textarea", required=True, rows=3),
            Input("decision", "处理意见", "radio", required=True, choices=Decision.choices,
                  message="请选择处理意见：支持、解释说明或不予支持。"),
            Input("legal_basis", "法律、法规或政策依据", "textarea", required=True,
                  message="请填写法律、法规或政策依据。"),
            ON,
            done="已出具信访处理意见书。",
            hint="信访处理意见书（《信访工作条例》第三十二条）：请求、事实、理由、意见、依据。",
        ),
        _status_action(
            "evaluate", "录入评价", services.petition_evaluate,
            Input("satisfaction", "信访人评价", "radio", required=True,
                  choices=Satisfaction.choices,
                  message="请选择信访人的评价：满意、基本满意或不满意。",
                  api_help="信访人的评价"),
            Input("note", "评价说明", "textarea"),
            ON,
            done="已录入信访人评价。",
        ),
        _status_action("close", "办结", services.petition_close, ON, done="已办结。"),
        _status_action(
            "request_review", "申请复查", services.petition_request_review, *REVIEW_INPUTS,
            done="已登记复查申请。", style="outline", hint=REVIEW_HINT,
        ),
        _status_action(
            "answer_review", "复查答复", services.petition_answer_review,
            ANSWER_DECISION,
            Input("opinion", "复查（复核）意见", "textarea", required=True, rows=3,
                  api_help="复查（复核）意见书内容"),
            ON,
            transitions=("answer_review", "answer_rereview"),
            done="已作出复查意见。",
            by_status={Status.UNDER_REREVIEW: {"label": "复核答复", "done": "已作出复核意见。"}},
        ),
        _status_action(
            "request_rereview", "申请复核", services.petition_request_rereview, *REVIEW_INPUTS,
            done="已登记复核申请。", style="outline", hint=REVIEW_HINT,
        ),
        _status_action("archive", "归档", services.petition_archive, ON, done="已归档。",
                       style="secondary"),
        _other_action(
            "extend", "延期", services.petition_extend, _may_extend,
            Input("days", "延长天数", "int", required=True, min_value=1, max_value=30,
                  initial=30, message="请填写延长天数。",
                  api_help="延长天数（只能延期一次，最多30日）",
                  messages={"min_value": "延长天数应为 1–30 日。",
                            "max_value": "延长天数最多30日（《信访工作条例》第三十四条）。",
                            "invalid": "延长天数请填写数字。"}),
            Input("reason", "延期理由（将告知信访人）", "textarea", required=True,
                  message="请填写延期理由（将告知信访人）。"),
            ON,
            done="办理期限已延长。",
            hint="只能延期一次，最多30日，须在办理期限届满前决定，并告知信访人延期理由。",
        ),
        _other_action(
            "extension_notice", "记录延期告知", services.petition_extension_notice,
            rules.may_record_extension_notice,
            Input("method", "告知方式", "radio", required=True, choices=ToldMethod.choices,
                  message="请选择告知方式。"),
            Input("on", "告知日期", "date", today_default=True,
                  api_help="告知日期（默认今天，不能晚于今天）"),
            Input("note", "说明", "textarea", api_help="如告知人、送达回证编号"),
            done="已记录告知信访人延期理由。",
            hint="出具延期告知书即视为已告知；未通过本系统出具的，请在此记录告知方式。",
        ),
        _other_action("note", "调查记录", services.petition_add_note, rules.may_note,
                      NOTE_INPUT, fixed={"kind": EventKind.NOTE}, done="已添加调查记录。"),
        _other_action("instruction", "领导批示", services.petition_add_note,
                      rules.may_instruct, NOTE_INPUT, fixed={"kind": EventKind.INSTRUCTION},
                      done="已记录批示。"),
        _other_action("remind", "催办", services.petition_supervise, rules.may_supervise,
                      *SUPERVISE_INPUTS, fixed={"kind": SupervisionKind.REMINDER},
                      done="已发出催办。"),
        _other_action("supervise", "督办", services.petition_supervise, rules.may_supervise,
                      *SUPERVISE_INPUTS, fixed={"kind": SupervisionKind.NOTICE},
                      done="已发出督办单。"),
        _other_action(
            "return_visit", "回访", services.petition_return_visit, rules.may_return_visit,
            Input("method", "回访方式", "radio", required=True, choices=VISIT_METHODS,
                  message="请选择回访方式：电话、上门或网上。"),
            Input("satisfaction", "回访评价", "radio", choices=Satisfaction.choices),
            Input("note", "回访情况", "textarea", required=True),
            ON,
            done="已登记回访。",
        ),
        _other_action(
            "adopt_contact", "采用本案联系方式", services.petition_adopt_contact,
            rules.may_adopt_contact,
            done="已将本案填写的联系方式写入信访人档案。",
            hint="网上提交时填写的联系电话、住址只用于本案，未写入信访人档案。核实信访人身份后"
                 "可以采用；采用记入信访人的变更记录。",
        ),
        _other_action(
            "hearing_start", "听证开始", services.petition_hearing,
            lambda user, p: rules.may_hold_hearing(user, p, paused=False),
            HEARING_DAY, HEARING_NOTE, fixed={"start": True},
            done="已登记听证开始，复核答复期限暂停计时。",
            hint="听证所需时间不计入复核期限（《信访工作条例》第三十六条）。",
        ),
        _other_action(
            "hearing_end", "听证结束", services.petition_hearing,
            lambda user, p: rules.may_hold_hearing(user, p, paused=True),
            HEARING_DAY, HEARING_NOTE, fixed={"start": False},
            done="已登记听证结束，复核答复期限恢复计时。",
        ),
    ]
)  # fmt: skip
