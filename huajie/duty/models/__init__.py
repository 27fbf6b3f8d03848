"""The duty module's tables (值班值守与信息报送), one file per area, re-exported here."""

from .events import DutyEvent, DutyEventKind
from .log import INTAKE_CHANNEL, DutyLogEntry, IntakeLink, LogChannel, LogStatus
from .people import (
    Handover,
    HandoverStatus,
    LeaveRequest,
    LeaveStatus,
    Reception,
    ReceptionKind,
    SpotCheck,
    SwapRequest,
    SwapStatus,
)
from .reports import DailyReport, ReportDays, ReportDefinition, ReportKind, SpecialPeriod
from .roster import (
    AssignmentOrigin,
    DayKind,
    DutyAssignment,
    DutyPost,
    DutyRole,
    DutySlot,
    RosterEdition,
    RosterMonth,
    RosterStatus,
    Rotation,
    ShiftKind,
    ShiftPattern,
)
from .rota import RotaRecord

__all__ = [
    "INTAKE_CHANNEL",
    "AssignmentOrigin",
    "DailyReport",
    "DayKind",
    "DutyAssignment",
    "DutyEvent",
    "DutyEventKind",
    "DutyLogEntry",
    "DutyPost",
    "DutyRole",
    "DutySlot",
    "Handover",
    "HandoverStatus",
    "IntakeLink",
    "LeaveRequest",
    "LeaveStatus",
    "LogChannel",
    "LogStatus",
    "Reception",
    "ReceptionKind",
    "ReportDays",
    "ReportDefinition",
    "ReportKind",
    "RosterEdition",
    "RosterMonth",
    "RosterStatus",
    "RotaRecord",
    "Rotation",
    "ShiftKind",
    "ShiftPattern",
    "SpecialPeriod",
    "SpotCheck",
    "SwapRequest",
    "SwapStatus",
]
