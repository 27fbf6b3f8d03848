"""The Workflows of the incident and the hazard: the only code that changes their status."""

from __future__ import annotations

from huajie.workflow.engine import Timeline, Workflow

from ..models import (
    EventKind,
    Hazard,
    HazardEvent,
    HazardStatus,
    Incident,
    IncidentEvent,
    IncidentStatus,
)
from ..rules import ACTORS
from ..states import HAZARD_TRANSITIONS, INCIDENT_TRANSITIONS

INCIDENT = Workflow(
    model=Incident,
    statuses=IncidentStatus,
    transitions=INCIDENT_TRANSITIONS,
    actors=ACTORS,
    timeline=Timeline(IncidentEvent, "incident", EventKind.TRANSITION),
)
HAZARD = Workflow(
    model=Hazard,
    statuses=HazardStatus,
    transitions=HAZARD_TRANSITIONS,
    actors=ACTORS,
    timeline=Timeline(HazardEvent, "hazard"),
)
WORKFLOWS = {"incident": INCIDENT, "hazard": HAZARD}
