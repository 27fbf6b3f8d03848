"""Proposals for a new case's text: the three likeliest leaf categories (with their path) and
units, each with a confidence.

From the trained model when there is one (`store.current()`), otherwise from the admin's
keyword rules — labelled as such — otherwise nothing. A confidence below
`ROUTER_MIN_CONFIDENCE` for the first proposal shows nothing rather than a bad guess; the
second and third are shown from `ROUTER_SHOW_CONFIDENCE`. An empty or one-character text gets
no proposal. Only the text is read.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Count, Max

from huajie.orgs.models import Unit
from huajie.petitions.models import Category

from . import store
from .engine import enough_text
from .models import KeywordRule, Source
from .training import keywords

TOP = 3


@dataclass(frozen=True)
class Choice:
    id: int
    name: str
    confidence: float

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "confidence": round(self.confidence, 4)}


@dataclass(frozen=True)
class Proposal:
    source: str = Source.NONE
    version: int | None = None
    categories: list[Choice] = field(default_factory=list)
    units: list[Choice] = field(default_factory=list)
    warning: str = ""
    # Units ranked past the third, so that removing an accused unit still leaves three.
    spare_units: list[Choice] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.source == Source.MODEL:
            return f"模型 v{self.version}"
        return Source(self.source).label

    def without_accused(self, accused: Unit | None) -> Proposal:
        """The proposal without the accused unit and the units under it (检举控告类)."""
        if accused is None:
            return self
        ids = set(
            Unit.objects.filter(path__startswith=accused.path).values_list("pk", flat=True)
        ) | {accused.pk}
        kept = [u for u in [*self.units, *self.spare_units] if u.id not in ids]
        if kept and kept[0].confidence < settings.ROUTER_MIN_CONFIDENCE:
            kept = []  # what is left is a guess: better no proposal than a bad one
        return replace(self, units=kept[:TOP], spare_units=kept[TOP:])


def _shown(ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
    if not ranked or ranked[0][1] < settings.ROUTER_MIN_CONFIDENCE:
        return []
    return [ranked[0], *[r for r in ranked[1:] if r[1] >= settings.ROUTER_SHOW_CONFIDENCE]]


def _categories(ranked: list[tuple[int, float]]) -> list[Choice]:
    names = dict(
        Category.objects.filter(pk__in=[pk for pk, _ in ranked], is_active=True).values_list(
            "pk", "full_name"
        )
    )
    active = [(pk, c) for pk, c in ranked if pk in names]
    return [Choice(pk, names[pk], c) for pk, c in _shown(active)[:TOP]]


def _units(ranked: list[tuple[int, float]], limit: int = 10) -> list[Choice]:
    names = dict(
        Unit.objects.filter(pk__in=[pk for pk, _ in ranked], is_active=True).values_list(
            "pk", "name"
        )
    )
    active = [(pk, c) for pk, c in ranked if pk in names]
    return [Choice(pk, names[pk], c) for pk, c in _shown(active)[:limit]]


# --- keyword rules (cold start) ---------------------------------------------------------------

_rules_lock = threading.Lock()
_rules: tuple[tuple[object, ...], list[tuple[int, int | None, list[str]]]] | None = None


def _active_rules() -> list[tuple[int, int | None, list[str]]]:
    global _rules
    rows = KeywordRule.objects.filter(is_active=True)
    key = tuple(rows.aggregate(n=Count("pk"), at=Max("updated_at")).values())
    cached = _rules
    if cached is not None and cached[0] == key:
        return cached[1]
    with _rules_lock:
        loaded = [(r.category_id, r.unit_id, keywords(r.keywords)) for r in rows]
        _rules = (key, loaded)
        return loaded


def _rule_proposal(title: str, content: str, warning: str) -> Proposal:
    """Each keyword found counts once, twice in the summary; a rule's confidence is
    hits / (hits + 1): one hit 50%, two 67%, three 75%."""
    scored: list[tuple[float, int, int | None]] = []
    for category_id, unit_id, words in _active_rules():
        hits = sum((2 if w in title else 0) + (1 if w in content else 0) for w in words)
        if hits:
            scored.append((hits / (hits + 1), category_id, unit_id))
    scored.sort(key=lambda s: -s[0])
    categories = _categories([(c, s) for s, c, _ in scored])
    seen: dict[int, float] = {}
    for s, _, unit_id in scored:
        if unit_id is not None and unit_id not in seen:
            seen[unit_id] = s
    units = _units(list(seen.items()))
    if not categories and not units:
        return Proposal(warning=warning)
    return Proposal(
        source=Source.RULES,
        categories=categories,
        warning=warning,
        units=units[:TOP],
        spare_units=units[TOP:],
    )


def propose(*, title: str, content: str = "") -> Proposal:
    if not enough_text(title, content):
        return Proposal()
    loaded = store.current()
    router = loaded.router
    if router is None:
        return _rule_proposal(title or "", content or "", loaded.warning)
    categories = _categories(
        [(int(label), c) for label, c in router.rank("category", title, content, k=10)]
    )
    units = _units([(int(label), c) for label, c in router.rank("unit", title, content, k=13)])
    if "category" not in router.heads or "unit" not in router.heads:
        # A head the history could not train (e.g. no case handled yet): its rules stand in.
        rules = _rule_proposal(title or "", content or "", "")
        if "category" not in router.heads:
            categories = rules.categories
        if "unit" not in router.heads:
            units = [*rules.units, *rules.spare_units]
    return Proposal(
        source=Source.MODEL,
        version=loaded.version,
        categories=categories,
        units=units[:TOP],
        spare_units=units[TOP:],
    )
