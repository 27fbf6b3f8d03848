"""The mediation models, re-exported."""

from .choices import (
    AgreementForm,
    Confirmation,
    DisputeClass,
    FailureReason,
    Gender,
    Level,
    PartyKind,
    Performance,
    Procedure,
    ReferralTo,
    Route,
    Satisfaction,
    Side,
    Source,
    VisitMethod,
)
from .dispute import Dispute, DisputeClock, DisputeEvent, DisputeType, EventKind, Party
from .records import Agreement, MediationSession, PerformanceTerm, ReturnVisit
from .screening import AnalysisMeeting, ScreeningRound, ScreeningSchedule

__all__ = [
    "Agreement",
    "AgreementForm",
    "AnalysisMeeting",
    "Confirmation",
    "Dispute",
    "DisputeClass",
    "DisputeClock",
    "DisputeEvent",
    "DisputeType",
    "EventKind",
    "FailureReason",
    "Gender",
    "Level",
    "MediationSession",
    "Party",
    "PartyKind",
    "Performance",
    "PerformanceTerm",
    "Procedure",
    "ReferralTo",
    "ReturnVisit",
    "Route",
    "Satisfaction",
    "ScreeningRound",
    "ScreeningSchedule",
    "Side",
    "Source",
    "VisitMethod",
]
