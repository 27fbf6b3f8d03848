"""The emergency module's actions in the shared registry (`workflow.actions`): one list for the
page's forms and the API's action paths, each offered by the rule its service enforces again.

`INCIDENT_ACTIONS`: 启动预案, 调整级别, 响应终止, 不启动预案, 总结评估 (status changes, by the state
table), and 报送信息 (首报/续报/终报), 现场处置记录 (text, photos and recordings; the command's
decisions; the demands raised on the scene) and 处置步骤完成 — the last two only add an entry
beside the incident, so they name no version. `HAZARD_ACTIONS`: a hazard's 整改完成 (with its
photos) and 复查. A responder's 收到 / 到达 stay on the call-out (`IncidentResponder`, the
member's own row), not here."""

from __future__ import annotations

from typing import Any

from huajie.orgs.models import User
from huajie.workflow.actions import Action, ActionRegistry, Input, transitions_allow

from . import rules
from .forms import people_of
from .models import EventKind, Grade, Incident, IncidentStatus, IncidentTask, ReportKind
from .services import hazards as services
from .services import incidents as svc
from .services.workflow import HAZARD, INCIDENT

S = IncidentStatus
FILES_NOTE = "每次最多9个，每个不超过10 MB；按内容识别类型，改扩展名无效。"


def _note(label: str, message: str) -> Input:
    return Input("note", label, "textarea", required=True, message=message, rows=3)


HAZARD_ACTIONS = ActionRegistry(
    [
        Action(
            "rectify", "整改完成，申请复查", services.hazard_rectify, "hazard",
            transitions_allow(HAZARD, "rectify"),
            inputs=(_note("整改情况", "请填写整改情况（做了什么、是否消除）。"),
                    Input("photos", "整改后照片", "file", accept="image/*", note=FILES_NOTE)),
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


# -- the incident ------------------------------------------------------------------------------
def _active_and(rule: Any) -> Any:
    def available(user: User, incident: Incident) -> bool:
        return incident.status == S.ACTIVE and rule(user, incident)

    return available


def _may_report(user: User, incident: Incident) -> bool:
    return incident.status != S.CLOSED and rules.may_report_upward(user, incident)


def _may_log(user: User, incident: Incident) -> bool:
    return incident.status in (S.REPORTED, S.ACTIVE) and rules.may_log(user, incident)


def _may_finish_step(user: User, incident: Incident) -> bool:
    """An open step, and the user commands or owns one (the service checks the chosen one)."""
    tasks = _open_tasks(incident) if incident.status == S.ACTIVE else []
    return bool(tasks) and (
        any(t.owner_id == user.pk for t in tasks) or rules.commands(user, incident)
    )


def _open_tasks(incident: Incident) -> list[IncidentTask]:
    return [t for t in incident.tasks.all() if t.done_at is None]


def _task_options(incident: Incident) -> list[tuple[IncidentTask, str]]:
    return [(t, f"{t.order}. {t.action}（{t.owner or t.group_name or '指挥部'}）")
            for t in _open_tasks(incident)]  # fmt: skip


def _owners(incident: Incident) -> list[tuple[User, str]]:
    return [(u, f"{u}（{u.unit}）") for u in people_of(incident.command_unit)]


def next_report(incident: Incident) -> str:
    """The report owed next: 首报 until filed, then 续报; 终报 after the stand-down."""
    if incident.status == S.STOOD_DOWN:
        return ReportKind.FINAL
    kinds = {r.kind for r in incident.reports.all()}
    return ReportKind.CONTINUED if ReportKind.FIRST in kinds else ReportKind.FIRST


def _recipient(incident: Incident) -> str:
    kind = next_report(incident)
    row = next((r for r in incident.plan_version.reports.all() if r.kind == kind), None)
    return row.recipient if row else ""


def _file_report(*, incident: Incident, acting_user: User, **facts: str) -> object:
    return svc.report_file(incident=incident, data=svc.ReportInput(**facts),
                           acting_user=acting_user)  # fmt: skip


def _finish_step(
    *, incident: Incident, task: IncidentTask, acting_user: User, note: str
) -> IncidentTask:
    return svc.task_done(task=task, acting_user=acting_user, note=note)


GRADE = Input("grade", "响应级别", "select", required=True, choices=Grade.choices,
              message="请选择响应级别。", initial=lambda i: i.suggested_grade)  # fmt: skip
LOG_KINDS = tuple(svc.LOG_KINDS.items())
RESOLUTION = Input("resolution", "处置结果", "textarea", rows=3)


def _text(name: str, label: str, rows: int = 3, **kw: Any) -> Input:
    return Input(name, label, "textarea", required=True, rows=rows, **kw)


INCIDENT_ACTIONS = ActionRegistry(
    [
        Action(
            "activate", "启动预案", svc.incident_activate, "incident",
            transitions_allow(INCIDENT, "activate"),
            inputs=(GRADE, Input("grade_reason", "定级理由", max_length=200,
                                 note="与预案标准建议的级别不一致时必填")),
            done="已启动预案，已通知各工作组成员。", style="danger", changes_status=True,
            hint="按适用预案的现行版本启动：通知指挥部和各工作组成员，处置步骤成为任务。",
        ),
        Action(
            "regrade", "调整响应级别", svc.incident_regrade, "incident",
            _active_and(rules.commands),
            inputs=(Input("grade", "调整为", "select", required=True, choices=Grade.choices,
                          message="请选择响应级别。", initial=lambda i: i.grade),
                    Input("reason", "理由", required=True, max_length=200,
                          message="调整响应级别请填写理由。")),
            done="已调整响应级别。", style="outline-danger",
        ),
        Action(
            "stand_down", "响应终止", svc.incident_stand_down, "incident",
            transitions_allow(INCIDENT, "stand_down"), inputs=(RESOLUTION,),
            done="响应已终止，请在时限内报送终报。", style="warning", changes_status=True,
            hint="须填写处置结果（事态如何平息、现场是否恢复正常）。",
        ),
        Action(
            "dismiss", "不启动预案，办结", svc.incident_dismiss, "incident",
            transitions_allow(INCIDENT, "dismiss"), inputs=(RESOLUTION,),
            done="已办结（不启动预案）。", style="outline-secondary", changes_status=True,
        ),
        Action(
            "review", "保存总结评估并归档", svc.incident_review, "incident",
            transitions_allow(INCIDENT, "review"),
            inputs=(_text("summary", "处置经过和结果"), _text("went_well", "经验做法"),
                    _text("to_improve", "存在问题"),
                    Input("actions", "改进措施", "rows", count=2, row_type=svc.ActionInput,
                          fields=(Input("text", "内容", max_length=200),
                                  Input("owner", "责任人", "select", options=_owners),
                                  Input("due_on", "完成期限", "date")))),
            done="总结评估已保存，事件已归档。请出具总结评估报告。", style="primary",
            changes_status=True, hint="终报报送后进行；改进措施须有责任人和完成期限。",
        ),
        Action(
            "report", "报送", _file_report, "incident", _may_report, versioned=False,
            inputs=(Input("kind", "报告类别", "select", required=True, choices=ReportKind.choices,
                          message="请选择报告类别。", initial=next_report),
                    Input("recipient", "报送对象", required=True, max_length=100,
                          initial=_recipient),
                    _text("happened", "事件经过"),
                    Input("casualties", "伤亡情况", required=True, max_length=200,
                          initial=lambda i: f"死亡{i.deaths}人，受伤{i.injured}人"),
                    _text("measures", "已采取的措施"), _text("next_steps", "下一步工作")),
            done="已报送。", style="primary",
        ),
        Action(
            "log", "记录", svc.log_add, "incident", _may_log, versioned=False,
            inputs=(Input("kind", "类型", "select", required=True, choices=LOG_KINDS,
                          message="请选择记录类型。", initial=EventKind.SCENE),
                    Input("people", "提出人数", "int", min_value=1, max_value=100_000,
                          api_help="提出诉求的人数（只记人数，不记姓名）"),
                    _text("text", "内容", rows=2, note="诉求只记内容和提出人数，不记姓名"),
                    Input("files", "照片或录音", "file", accept="image/*,audio/*",
                          note=FILES_NOTE)),
            done="已记录。", style="outline-primary",
            hint="现场处置记录：现场情况、指挥决策（由指挥记录）、现场诉求（可转登记为信访事项）。",
        ),
        Action(
            "task_done", "完成", _finish_step, "incident", _may_finish_step, versioned=False,
            inputs=(Input("task", "处置步骤", "select", required=True, options=_task_options,
                          message="请选择已完成的处置步骤。"),
                    Input("note", "完成情况", max_length=200)),
            done="已标记该步骤完成。", style="outline-success",
        ),
    ]
)  # fmt: skip
