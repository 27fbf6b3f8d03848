"""Every write to petitions. Each function is one transaction and takes the acting user."""

from .actions import (
    petition_accept,
    petition_assign,
    petition_not_accept,
    petition_reply,
    petition_return,
    petition_start_handling,
    petition_transfer,
)
from .aftercare import (
    petition_answer_review,
    petition_archive,
    petition_close,
    petition_evaluate,
    petition_request_rereview,
    petition_request_review,
    petition_return_visit,
)
from .clocks import clock_pause_resume
from .events import full_view_logged
from .intake import PetitionerInput, RegistrationInput, petition_register
from .supervision import (
    petition_add_note,
    petition_attach,
    petition_extend,
    petition_supervise,
    petitions_sweep,
)
from .workflow import actions_for, may_act

__all__ = [
    "PetitionerInput",
    "RegistrationInput",
    "actions_for",
    "clock_pause_resume",
    "full_view_logged",
    "may_act",
    "petition_accept",
    "petition_add_note",
    "petition_answer_review",
    "petition_archive",
    "petition_assign",
    "petition_attach",
    "petition_close",
    "petition_evaluate",
    "petition_extend",
    "petition_not_accept",
    "petition_register",
    "petition_reply",
    "petition_request_review",
    "petition_request_rereview",
    "petition_return",
    "petition_return_visit",
    "petition_start_handling",
    "petition_supervise",
    "petition_transfer",
    "petitions_sweep",
]
