"""Every write on a case, by the name used in `POST /api/v1/petitions/{id}/actions/{name}/`.

Each name pairs the request body it reads with the one service it calls. A state-machine
transition that has two variants is one name here, because the service picks the variant from
the case's status: `accept` also receives a transfer, `return` returns a transfer or an
assignment, `answer_review` also answers a re-review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from huajie.orgs.models import User

from .. import services
from ..models import EventKind, Petition, SupervisionKind
from ..states import Transition
from . import inputs

Run = Callable[[Petition, User, dict[str, Any]], object]


@dataclass(frozen=True)
class Action:
    body: type[inputs.ActionInput]
    run: Run


def _service(function: Callable[..., object]) -> Run:
    """Body fields are named as the service's keyword arguments (`version` → expected_version)."""
    return lambda petition, user, data: function(petition=petition, acting_user=user, **data)


def _note(kind: str) -> Run:
    return lambda petition, user, data: services.petition_add_note(
        petition=petition, acting_user=user, kind=kind, **data
    )


def _supervise(kind: str) -> Run:
    return lambda petition, user, data: services.petition_supervise(
        petition=petition, acting_user=user, kind=kind, **data
    )


ACTIONS: dict[str, Action] = {
    "accept": Action(inputs.DatedActionInput, _service(services.petition_accept)),
    "not_accept": Action(inputs.NotAcceptInput, _service(services.petition_not_accept)),
    "transfer": Action(inputs.TransferInput, _service(services.petition_transfer)),
    "return": Action(inputs.ReturnInput, _service(services.petition_return)),
    "assign": Action(inputs.AssignInput, _service(services.petition_assign)),
    "start_handling": Action(inputs.DatedActionInput,
                             _service(services.petition_start_handling)),
    "reply": Action(inputs.ReplyInput, _service(services.petition_reply)),
    "evaluate": Action(inputs.EvaluateInput, _service(services.petition_evaluate)),
    "close": Action(inputs.DatedActionInput, _service(services.petition_close)),
    "request_review": Action(inputs.ReviewRequestInput,
                             _service(services.petition_request_review)),
    "request_rereview": Action(inputs.ReviewRequestInput,
                               _service(services.petition_request_rereview)),
    "answer_review": Action(inputs.ReviewAnswerInput, _service(services.petition_answer_review)),
    "archive": Action(inputs.DatedActionInput, _service(services.petition_archive)),
    "extend": Action(inputs.ExtendInput, _service(services.petition_extend)),
    "note": Action(inputs.TextInput, _note(EventKind.NOTE)),
    "instruction": Action(inputs.TextInput, _note(EventKind.INSTRUCTION)),
    "remind": Action(inputs.SuperviseInput, _supervise(SupervisionKind.REMINDER)),
    "supervise": Action(inputs.SuperviseInput, _supervise(SupervisionKind.NOTICE)),
    "return_visit": Action(inputs.ReturnVisitInput, _service(services.petition_return_visit)),
}  # fmt: skip

# The transitions whose API name differs from their name in the state table.
_NAME_OF_TRANSITION = {
    "accept_transfer": "accept",
    "return_transfer": "return",
    "return_assignment": "return",
    "answer_rereview": "answer_review",
}


def action_refs(transitions: list[Transition]) -> list[dict[str, str]]:
    """The buttons for `services.actions_for(...)`, named as the API's action paths."""
    refs: dict[str, str] = {}
    for transition in transitions:
        refs.setdefault(
            _NAME_OF_TRANSITION.get(transition.action, transition.action), transition.label
        )
    return [{"action": name, "label": label} for name, label in refs.items()]
