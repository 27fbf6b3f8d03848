"""What staff modules publish to the public portal, without the portal importing them.

Leader reception days (领导接访 / 下访 / 约访) are kept by the duty module and shown on the portal's
guide (《信访工作条例》 asks organs to publish them). The duty module registers a provider from its
``ready()``; the portal calls ``published_receptions(start, end)``. Only what a unit has chosen to
publish is returned: a leader's title and name, the place, the time — never a phone number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class PublicReception:
    unit_name: str
    leader: str  # "县委副书记 王某某"
    kind: str  # "接访" / "下访" / "约访"
    place: str
    starts_at: datetime
    ends_at: datetime
    topics: str = ""  # what matters the leader receives, if the unit says
    how_to_book: str = ""  # for 约访: how to ask for an appointment


ReceptionProvider = Callable[[date, date], list[PublicReception]]

_providers: list[ReceptionProvider] = []


def register_reception_provider(provider: ReceptionProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def published_receptions(start: date, end: date) -> list[PublicReception]:
    """Every published reception from `start` to `end` inclusive, soonest first."""
    found = [r for provider in _providers for r in provider(start, end)]
    return sorted(found, key=lambda r: (r.starts_at, r.unit_name))
