"""Every action on a dispute, once: the dispute page's buttons and forms and the API's paths and
bodies are built from this list (`huajie.workflow`). An action is offered when its rule holds (the
state table and `mediation.rules`); its service checks the same rule and refuses with a sentence.
"""

from __future__ import annotations

from typing import Any

from huajie.orgs.models import RoleCode, Unit, User
from huajie.workflow.actions import Action, ActionRegistry, Input, transitions_allow

from . import rules, services
from .models import (
    AgreementForm,
    Confirmation,
    Dispute,
    FailureReason,
    Gender,
    Level,
    Performance,
    ReferralTo,
    Route,
    Satisfaction,
    VisitMethod,
)
from .services.workflow import WORKFLOW

ON = Input("on", "日期", "date", api_help="办理日期（默认今天，不能晚于今天）", screen=False)
ON_SCREEN = Input("on", "日期", "date", today_default=True, api_help="办理日期（默认今天）")


def mediators_of(unit: Unit | None) -> list[User]:
    if unit is None:
        return []
    return list(
        User.objects.filter(
            is_active=True, unit__path__startswith=unit.path, roles__code=RoleCode.MEDIATOR
        )
        .distinct()
        .order_by("full_name", "id")
    )


def _status(name: str, label: str, service: Any, *inputs: Input, **kw: Any) -> Action:
    return Action(
        name=name,
        label=label,
        service=service,
        record_arg="dispute",
        available=transitions_allow(WORKFLOW, *kw.pop("transitions", (name,))),
        inputs=inputs,
        changes_status=True,
        style=kw.pop("style", "primary"),
        **kw,
    )


def _other(name: str, label: str, service: Any, rule: Any, *inputs: Input, **kw: Any) -> Action:
    return Action(
        name=name, label=label, service=service, record_arg="dispute", available=rule,
        inputs=inputs, **kw,
    )  # fmt: skip


def _text(name: str, label: str, message: str, rows: int = 3, required: bool = True) -> Input:
    return Input(name, label, "textarea", required=required, message=message, rows=rows)


ROUTE = Input(
    "route", "告知当事人的途径", "select", required=True, choices=Route.choices,
    message="请选择告知当事人的其他解决途径。",
)  # fmt: skip
REASONS = Input(
    "reasons", "调解不成原因（可多选）", "text", required=True,
    api_help="原因代码，多个用逗号分隔：" + "、".join(f"{c}={c.label}" for c in FailureReason),
    choices=FailureReason.choices,
)  # fmt: skip
ITEMS_HELP = "每行一项，以履行期限结尾，例如：张某赔偿李某医药费3000元 2026-12-20"

ACTIONS = ActionRegistry(
    [
        _status(
            "accept",
            "受理",
            services.dispute_accept,
            ON_SCREEN,
            done="已受理，一个月调解期限开始计算。",
            hint="受理后应在一个月内调结（《人民调解工作若干规定》）。",
        ),
        _status(
            "decline",
            "不予受理",
            services.dispute_decline,
            _text("reason", "不予受理理由", "请填写不予受理的理由。"),
            ROUTE,
            _text("route_note", "告知情况", "", rows=2, required=False),
            ON,
            style="danger",
            done="已登记不予受理。",
            hint="须告知当事人通过诉讼、仲裁、报案等途径解决。",
        ),
        _status(
            "start",
            "开始调解",
            services.dispute_start,
            ON,
            done="已开始调解。",
            hint="记录第一次调解笔录时也会自动开始调解。",
        ),
        _status(
            "agree",
            "达成协议",
            services.dispute_agree,
            Input(
                "form",
                "协议形式",
                "radio",
                required=True,
                choices=AgreementForm.choices,
                message="请选择口头协议或书面协议。",
            ),
            _text("facts", "纠纷主要事实", "", required=False),
            _text("issues", "争议事项", "", rows=2, required=False),
            _text("responsibilities", "各方责任", "", rows=2, required=False),
            _text("terms", "协议内容", "请填写协议内容。"),
            Input("items", "履行事项及期限", "textarea", rows=3, api_help=ITEMS_HELP),
            _text("performance_method", "履行方式", "", rows=2, required=False),
            ON_SCREEN,
            transitions=("agree_oral", "agree_written"),
            done="调解协议已登记。",
            hint="书面协议须写明事实、争议事项、各方责任、协议内容和履行方式、期限"
            "（《人民调解法》第二十九条）。" + ITEMS_HELP + "。",
        ),
        _status(
            "sign",
            "协议签署生效",
            services.dispute_sign,
            ON_SCREEN,
            done="协议已生效，当事人可在30日内共同申请司法确认。",
            hint="各方当事人签名、盖章或按指印，调解员签名并加盖调解委员会印章后生效。",
        ),
        _status(
            "fail",
            "调解不成",
            services.dispute_fail,
            REASONS,
            ROUTE,
            _text("route_note", "告知情况", "", rows=2, required=False),
            ON,
            style="danger",
            done="已登记调解不成，并记录告知的其他途径。",
            hint="调解不成的，应告知当事人依法通过仲裁、行政、司法等途径维护权利。",
        ),
        _status(
            "refer",
            "移送",
            services.dispute_refer,
            Input(
                "to",
                "移送去向",
                "select",
                required=True,
                choices=ReferralTo.choices,
                message="请选择移送去向。",
            ),
            _text("reason", "移送理由", "请填写移送理由。"),
            ON,
            style="warning",
            done="已移送。",
            hint="治安、刑事案件移送公安机关；需诉讼的告知或移送人民法院；信访事项转信访部门。",
        ),
        _status(
            "take_back",
            "退回调解",
            services.dispute_take_back,
            _text("reason", "退回原因", "请填写退回调解的原因。"),
            ON,
            done="已退回调解，调解期限重新计算。",
        ),
        _status(
            "perform", "履行完毕", services.dispute_perform, ON_SCREEN, done="已登记履行完毕。"
        ),
        _status(
            "not_perform",
            "未履行",
            services.dispute_not_perform,
            _text("route_note", "未履行情况及告知", "请填写未履行的情况和告知当事人的途径。"),
            ON,
            style="danger",
            done="已登记未履行，并告知当事人可依法起诉。",
        ),
        _status(
            "archive",
            "归档",
            services.dispute_archive,
            ON,
            style="secondary",
            done="已归档（一案一档）。",
        ),
        _other(
            "session",
            "调解笔录",
            services.session_record,
            rules.may_record_session,
            Input(
                "held_on",
                "调解日期",
                "date",
                required=True,
                today_default=True,
                message="请填写调解日期。",
            ),
            Input("place", "调解地点", required=True, message="请填写调解地点。", max_length=100),
            Input(
                "attendees", "到场人员", required=True, message="请填写到场人员。", max_length=200
            ),
            _text("statements", "各方陈述及请求", "请记录各方当事人的陈述和请求。", rows=4),
            _text("outcome", "调解结果", "请填写本次调解的结果。", rows=2),
            Input("mediators", "调解员", max_length=100, api_help="调解员（默认主持调解员）"),
            done="调解笔录已保存。签名后的笔录可在下方上传扫描件。",
        ),
        _other(
            "extend",
            "延长期限",
            services.dispute_extend,
            rules.may_extend,
            Input("days", "延长天数", "int", required=True, min_value=1, max_value=30),
            Input(
                "consent",
                "双方当事人同意",
                "radio",
                required=True,
                choices=(("both", "双方当事人均同意延期"),),
                message="延长调解期限须经双方当事人同意。",
            ),
            _text("reason", "延期理由", "请填写延期理由和双方同意的情况。", rows=2),
            ON,
            done="调解期限已延长。",
            hint="只能延长一次，须经双方当事人同意。",
        ),
        _other(
            "escalate",
            "提级调处",
            services.dispute_escalate,
            rules.may_escalate,
            Input(
                "level",
                "提级至",
                "select",
                required=True,
                choices=Level.choices,
                message="请选择提级后的调处层级。",
            ),
            Input("to_unit", "移交调解组织（可不选）", "unit"),
            _text("reason", "提级理由", "请填写提级调处的理由。", rows=2),
            done="已提级调处。",
            hint="小事不出村、大事不出镇：村调委会 → 镇调委会 → 分管领导 → 主要领导。",
        ),
        _other(
            "term_done",
            "登记履行",
            services.term_done,
            rules.may_manage_terms,
            Input("item", "履行事项序号", "int", required=True, min_value=1, max_value=99),
            ON,
            done="已登记该项履行。",
        ),
        _other(
            "urge",
            "督促履行",
            services.dispute_urge,
            rules.may_manage_terms,
            _text("note", "督促情况", "请填写督促履行的情况。", rows=2),
            done="督促履行已记录。",
        ),
        _other(
            "confirmation",
            "司法确认",
            services.confirmation_record,
            rules.may_record_confirmation,
            Input(
                "result",
                "结果",
                "radio",
                required=True,
                choices=Confirmation.choices,
                message="请选择司法确认结果。",
            ),
            Input("applied_on", "共同申请日期", "date"),
            Input("court", "人民法院", max_length=100),
            ON,
            done="司法确认情况已登记。",
            hint="当事人可自协议生效之日起30日内共同向人民法院申请（《人民调解法》第三十三条）。",
        ),
        _other(
            "visit",
            "回访",
            services.visit_record,
            rules.may_visit,
            Input(
                "visited_on",
                "回访日期",
                "date",
                required=True,
                today_default=True,
                message="请填写回访日期。",
            ),
            Input(
                "method",
                "方式",
                "radio",
                required=True,
                choices=VisitMethod.choices,
                message="请选择回访方式。",
            ),
            Input(
                "performance",
                "履行情况",
                "radio",
                required=True,
                choices=Performance.choices,
                message="请选择履行情况。",
            ),
            Input(
                "satisfaction",
                "满意度",
                "radio",
                required=True,
                choices=Satisfaction.choices,
                message="请选择当事人满意度。",
            ),
            _text("note", "回访情况", "", rows=2, required=False),
            done="回访已记录。",
        ),
        _other(
            "party_complete",
            "补充当事人情况",
            services.party_complete,
            rules.may_complete_party,
            Input(
                "party",
                "当事人序号",
                "int",
                required=True,
                min_value=1,
                max_value=30,
                message="请填写当事人序号。",
            ),
            Input("gender", "性别", "radio", choices=Gender.choices),
            Input("birth_date", "出生日期", "date"),
            Input("ethnicity", "民族", max_length=20),
            Input("occupation", "职业或工作单位", max_length=100),
            Input("address", "住址", max_length=200),
            Input("representative_title", "法定代表人职务（组织）", max_length=50),
            done="当事人基本情况已补充。",
            hint="书面调解协议载明当事人的基本情况（《人民调解工作若干规定》第三十五条）。"
            "填写了身份证号的，性别和出生日期自动取自身份证号。",
        ),  # fmt: skip
        _other(
            "note",
            "工作记录",
            services.dispute_note,
            rules.may_note,
            _text("text", "内容", "请填写工作记录的内容。"),
            done="工作记录已保存。",
        ),
    ]
)


def multi_choice(action: Action) -> Input | None:
    """The one input the screen shows as checkboxes (调解不成原因)."""
    return next((i for i in action.inputs if i.name == "reasons"), None)


__all__ = ["ACTIONS", "Dispute", "mediators_of", "multi_choice"]
