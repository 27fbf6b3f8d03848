"""Emergency in the intake hand-offs (`common.intake`).

- **Target `incident`:** a duty-log call (or any other source) becomes a new incident: the duty
  log shows "登记为突发事件" by itself; the new-incident form takes `?from=<token>`, prefills
  接报时间 and the content, and records the link in the registration's transaction.
- **Source `incident-demand`:** a demand raised on the scene (诉求, a line of the on-scene log)
  becomes a petition registration in one step, so the grievance enters the petition flow.
"""

from __future__ import annotations

from huajie.common.intake import IntakeSource, IntakeTarget, register_source, register_target

from .rules import may_report
from .services.incidents import DEMAND_SOURCE, TARGET, demand_link, demand_load

register_target(
    IntakeTarget(
        code=TARGET,
        label="登记为突发事件",
        route="emergency:incident_new",
        icon="bi-exclamation-triangle",
        may_create=may_report,
    )
)
register_source(IntakeSource(kind=DEMAND_SOURCE, load=demand_load, link=demand_link))
