"""Hot issues (热点问题): cases about the same matter, grouped over a time window. Plain Python.

Method (docs/hot-issues.md): each case carries its top TF-IDF keywords (`text.analyse`, stored in
`PetitionSignature.keywords`). Over the cases of the window and of the previous window of the same
length:
1. words in more than MAX_DF_SHARE of the cases ("小区", "业主") are dropped: they say where a
   matter happens, not which matter it is;
2. two cases are neighbours when the cosine of their remaining keyword vectors is ≥ LINK_COSINE
   (pairs are found through an inverted index, never by comparing every pair);
3. star clustering: the case with most neighbours becomes a centre and takes its unassigned
   neighbours; repeat. Unlike connected components this does not chain 油烟 in one estate to
   油烟 in every other;
4. an issue is labelled with the 2–3 heaviest keywords of its cases, counted in both windows
   (trend), and ranked by its count in the current window.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

MAX_DF_SHARE = 0.01
MIN_MAX_DF = 40  # a small window keeps every word that fewer than this many cases use
LINK_COSINE = 0.5
LABEL_WORDS = 3
EXAMPLES = 3


@dataclass(frozen=True)
class HotDoc:
    """One case as hot issues see it."""

    pk: int
    received_on: date
    keywords: Sequence[tuple[str, float]]
    title: str = ""
    reg_no: str = ""
    region_code: str = ""
    region_name: str = ""


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Window:
        return Window(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def ending(cls, today: date, days: int) -> Window:
        return cls(today - timedelta(days=days - 1), today)


@dataclass
class HotIssue:
    keywords: list[str]
    count: int
    previous: int
    examples: list[HotDoc]
    regions: list[tuple[str, int]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return " · ".join(self.keywords)

    @property
    def change(self) -> int:
        return self.count - self.previous

    @property
    def drop(self) -> int:
        return max(0, self.previous - self.count)

    @property
    def trend(self) -> str:
        """'new', 'up', 'down' or 'flat' against the previous window."""
        if self.previous == 0:
            return "new"
        if self.count > self.previous:
            return "up"
        if self.count < self.previous:
            return "down"
        return "flat"


def hot_issues(
    docs: Iterable[HotDoc], *, window: Window, top_n: int = 10, min_count: int = 3
) -> list[HotIssue]:
    """The top `top_n` issues of `window` with at least `min_count` cases in it."""
    earliest = window.previous.start
    pool = [d for d in docs if earliest <= d.received_on <= window.end and d.keywords]
    issues = []
    for members in _clusters(pool):
        current = [pool[i] for i in members if pool[i].received_on in window]
        if len(current) < min_count:
            continue
        issues.append(
            HotIssue(
                keywords=_label([pool[i] for i in members]),
                count=len(current),
                previous=len(members) - len(current),
                examples=_examples(pool[members[0]], current),
                regions=_regions(current),
            )
        )
    issues.sort(key=lambda issue: (-issue.count, -issue.change, issue.label))
    return issues[:top_n]


def _vectors(pool: Sequence[HotDoc]) -> list[dict[str, float]]:
    df: Counter[str] = Counter(word for doc in pool for word, _ in doc.keywords)
    max_df = max(MIN_MAX_DF, int(MAX_DF_SHARE * len(pool)))
    vectors = []
    for doc in pool:
        kept = {word: weight for word, weight in doc.keywords if 1 < df[word] <= max_df}
        norm = sum(w * w for w in kept.values()) ** 0.5 or 1.0
        vectors.append({word: weight / norm for word, weight in kept.items()})
    return vectors


def _neighbours(vectors: Sequence[dict[str, float]]) -> list[set[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for word in vector:
            postings[word].append(i)
    dots: dict[tuple[int, int], float] = defaultdict(float)
    for word, docs in postings.items():
        for a_pos, a in enumerate(docs):
            weight_a = vectors[a][word]
            for b in docs[a_pos + 1 :]:
                dots[(a, b)] += weight_a * vectors[b][word]
    neighbours: list[set[int]] = [set() for _ in vectors]
    for (a, b), dot in dots.items():
        if dot >= LINK_COSINE:
            neighbours[a].add(b)
            neighbours[b].add(a)
    return neighbours


def _clusters(pool: Sequence[HotDoc]) -> list[list[int]]:
    """Star clustering: the best-connected unassigned case and its unassigned neighbours."""
    neighbours = _neighbours(_vectors(pool))
    order = sorted(range(len(pool)), key=lambda i: (-len(neighbours[i]), pool[i].pk))
    assigned: set[int] = set()
    clusters = []
    for centre in order:
        if centre in assigned or not neighbours[centre]:
            continue
        members = [centre, *sorted(neighbours[centre] - assigned)]
        assigned.update(members)
        clusters.append(members)
    return clusters


def _label(members: Sequence[HotDoc]) -> list[str]:
    weights: dict[str, float] = defaultdict(float)
    for doc in members:
        for word, weight in doc.keywords:
            weights[word] += weight
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:LABEL_WORDS]]


def _examples(centre: HotDoc, current: Sequence[HotDoc]) -> list[HotDoc]:
    """The centre case (the most typical one) when it is in the window, then the most recent."""
    recent = sorted(current, key=lambda d: (d.received_on, d.pk), reverse=True)
    if centre in recent:
        recent.remove(centre)
        recent.insert(0, centre)
    return recent[:EXAMPLES]


def _regions(current: Sequence[HotDoc]) -> list[tuple[str, int]]:
    counts = Counter(d.region_name for d in current if d.region_name)
    return counts.most_common(3)
