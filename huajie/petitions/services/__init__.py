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
    petition_hearing,
    petition_request_rereview,
    petition_request_review,
    petition_return_visit,
)
from .clocks import registration_due_dates
from .intake import RegistrationInput, petition_register
from .petitioners import PetitionerInput, petition_adopt_contact, petitioner_known
from .privacy import full_view_logged, may_view_full
from .supervision import (
    petition_add_note,
    petition_attach,
    petition_extend,
    petition_extension_notice,
    petition_supervise,
    petitions_sweep,
)
from .workflow import WORKFLOW, actions_for, may_act

__all__ = [
    "PetitionerInput",
    "RegistrationInput",
    "WORKFLOW",
    "actions_for",
    "full_view_logged",
    "may_act",
    "may_view_full",
    "registration_due_dates",
    "petition_accept",
    "petition_adopt_contact",
    "petition_add_note",
    "petition_answer_review",
    "petition_archive",
    "petition_assign",
    "petition_attach",
    "petition_close",
    "petition_evaluate",
    "petition_extend",
    "petition_extension_notice",
    "petition_hearing",
    "petition_not_accept",
    "petition_register",
    "petitioner_known",
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
