"""What other apps add to petitions' own writes, registered by them (petitions imports none).

A registration extension is called with the new case's title and content *before* the
registration number is drawn (so slow work — the similarity app's word cut and MinHash — happens
outside the counter's lock) and returns the function that stores its result once the case row
exists, in the same transaction. `extras` are the fields the other apps' fragments of the
registration form posted (names starting `x_`, e.g. the routing unit the clerk accepted); empty
from the API and imports.

A hand-off extension is told of every 转送, 交办 and 退回 in its transaction; a unit proposal
pre-selects the unit of the 转送 and 交办 forms (routing: the unit the clerk accepted).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from huajie.orgs.models import Unit

from .models import Petition

Store = Callable[[Petition], None]


class RegistrationExtension(Protocol):
    def __call__(self, *, title: str, content: str, extras: Mapping[str, str]) -> Store: ...


_registration: list[RegistrationExtension] = []


def register_registration_extension(extension: RegistrationExtension) -> None:
    if extension not in _registration:
        _registration.append(extension)


def registration_extensions(
    *, title: str, content: str, extras: Mapping[str, str] | None = None
) -> list[Store]:
    extras = dict(extras or {})
    return [extension(title=title, content=content, extras=extras) for extension in _registration]


# A hand-off extension is told, in the transaction of a 转送 or 交办, which unit the case went
# to, and of a 退回 (unit None) that it came back; routing records the unit actually chosen.
class HandoffExtension(Protocol):
    def __call__(self, *, petition: Petition, unit: Unit | None) -> None: ...


# A unit proposal: the unit another app proposes for a case's transfer or assignment form (the
# one the clerk accepted at registration), or None.
UnitProposal = Callable[[Petition], int | None]

_handoff: list[HandoffExtension] = []
_unit_proposals: list[UnitProposal] = []


def register_handoff_extension(extension: HandoffExtension) -> None:
    if extension not in _handoff:
        _handoff.append(extension)


def handoff_extensions(*, petition: Petition, unit: Unit | None) -> None:
    for extension in _handoff:
        extension(petition=petition, unit=unit)


def register_unit_proposal(proposal: UnitProposal) -> None:
    if proposal not in _unit_proposals:
        _unit_proposals.append(proposal)


def proposed_unit(petition: Petition) -> int | None:
    """The first unit proposed for this case's hand-off, if any app proposes one."""
    for proposal in _unit_proposals:
        unit_id = proposal(petition)
        if unit_id is not None:
            return unit_id
    return None
