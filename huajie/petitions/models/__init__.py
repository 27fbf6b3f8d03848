from .case import (
    MAX_REPRESENTATIVES,
    Petition,
    Petitioner,
    PetitionParty,
    RegistrationCounter,
    accusation_filter,
)
from .choices import (
    PETITIONER_WINDOWS,
    RULE_FOR_CLOCK,
    Channel,
    ClockKind,
    Decision,
    Outcome,
    PetitionClass,
    ProperChannel,
    Satisfaction,
)
from .clock import PetitionClock
from .event import AppendOnlyError, EventKind, PetitionEvent
from .records import (
    Attachment,
    Reply,
    ReturnVisit,
    Review,
    ReviewLevel,
    Supervision,
    SupervisionKind,
)
from .reference import Category, TimeLimitRule

__all__ = [
    "MAX_REPRESENTATIVES",
    "PETITIONER_WINDOWS",
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
    "ProperChannel",
    "RegistrationCounter",
    "Reply",
    "ReturnVisit",
    "Review",
    "ReviewLevel",
    "Satisfaction",
    "Supervision",
    "SupervisionKind",
    "TimeLimitRule",
    "accusation_filter",
]
