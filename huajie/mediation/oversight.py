"""The town's oversight of its villages' mediation work (issue 11: "late and missing rounds are
visible to the town"; the town sees every dispute of its villages with their clocks).

A town's mediation committee sits beside the village committees under the town, not above them,
so the plain scoping rule (own subtree) would hide the villages from it. `overseen_by` names the
unit whose records a user of `unit` reads: the town for its mediation committee, the unit itself
otherwise. It is the `reads_as` of the dispute's scope and the filter of screening rounds and
analysis meetings. Reading only: work moves up by escalation, and writing stays with the unit
holding the record (`rules.works_here`).
"""

from __future__ import annotations

from huajie.orgs.models import Unit, UnitKind


def overseen_by(unit: Unit) -> Unit:
    if unit.kind != UnitKind.MEDIATION or unit.parent_id is None:
        return unit
    parent = unit.parent  # one query, cached on the unit, only for a mediation committee
    return parent if parent is not None and parent.kind == UnitKind.TOWN else unit
