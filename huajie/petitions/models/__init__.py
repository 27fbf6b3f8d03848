from huajie.common.errors import AppendOnlyError
from huajie.timelimits.models import Outcome

from ..clocks import RULE_FOR_CLOCK, WINDOW_KINDS, ClockKind
from .case import (
    MAX_REPRESENTATIVES,
    Petition,
    Petitioner,
    PetitionParty,
    accusation_filter,
)
from .choices import (
    Channel,
    Decision,
    PetitionClass,
    ProperChannel,
    Satisfaction,
    ToldMethod,
)
from .clock import PetitionClock
from .event import EventKind, PetitionEvent
from .person import PetitionerEvent, PetitionerEventKind
from .records import (
    Attachment,
    Reply,
    ReturnVisit,
    Review,
    ReviewLevel,
    Supervision,
    SupervisionKind,
)
from .reference import Category

__all__ = [
    "MAX_REPRESENTATIVES",
    "RULE_FOR_CLOCK",
    "AppendOnlyError",
    "Attachment",
    "Category",
    "Channel",
    "ClockKind",
    "Decision",
    "EventKind",
    "Outcome",
    "Petition",
    "PetitionClass",
    "PetitionClock",
    "PetitionEvent",
    "PetitionParty",
    "Petitioner",
    "PetitionerEvent",
    "PetitionerEventKind",
    "ProperChannel",
    "Reply",
    "ReturnVisit",
    "Review",
    "ReviewLevel",
    "Satisfaction",
    "Supervision",
    "SupervisionKind",
    "ToldMethod",
    "WINDOW_KINDS",
    "accusation_filter",
]
