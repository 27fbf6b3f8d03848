"""Permission-scoped reads: duplicate candidates, a case's links, hot issues.

A duplicate lookup is a constant number of indexed queries whatever the table size:
1. `bucket IN (16 buckets)` on the LSH primary key → case ids with their number of shared bands;
2. the visible cases among the best of those ids, joined with their signatures;
3. (when ID numbers are given) the visible open cases of the same petitioners, by blind index;
then a rerank in Python by estimated Jaccard similarity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import Count, Q, QuerySet

from huajie.common.crypto import blind_index
from huajie.common.errors import ApplicationError
from huajie.common.identity import normalize_id_number
from huajie.common.scoping import get_visible, visible_to
from huajie.orgs.models import User
from huajie.petitions.models import Petition
from huajie.petitions.selectors import region_prefix
from huajie.petitions.states import OPEN_STATUSES

from . import minhash, text
from .hot import HotDoc, HotIssue, Window, hot_issues
from .minhash import MAX_BUCKET_HITS, NEAR_DUPLICATE, SAME_PETITIONER, SIMILAR
from .models import LinkKind, LshBucket, PetitionLink

MAX_SAME_PETITIONER = 20
HOT_MAX_CASES = 50_000  # cases read for one hot-issue computation (two windows)


class Reason:
    SAME_PETITIONER = "same_petitioner"
    NEAR_DUPLICATE = "near_duplicate"
    SIMILAR = "similar"

    LABELS = {
        SAME_PETITIONER: "同一信访人（身份证号相同）有未办结的相似事项",
        NEAR_DUPLICATE: "内容几乎相同",
        SIMILAR: "内容相似",
    }


@dataclass(frozen=True)
class Candidate:
    petition: Petition
    score: float  # estimated Jaccard similarity of the two word sets, 0–1
    reason: str

    @property
    def reason_label(self) -> str:
        return Reason.LABELS[self.reason]

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _display(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    return qs.select_related("unit", "handling_unit", "signature").only(
        "id",
        "reg_no",
        "title",
        "status",
        "received_on",
        "petition_class",
        "unit__name",
        "handling_unit__name",
        "signature__minhash",
        "signature__version",
    )


def _id_indexes(id_numbers: Iterable[str]) -> list[str]:
    """Blind indexes of the valid numbers; a half-typed number is simply not matched yet."""
    indexes = []
    for raw in id_numbers:
        if not (raw or "").strip():
            continue
        try:
            number = normalize_id_number(raw)
        except ApplicationError:
            continue
        indexes.append(blind_index(number, purpose="id_number"))
    return indexes


def _stored_signature(petition: Petition) -> np.ndarray:
    stored = getattr(petition, "signature", None)
    if stored is not None and stored.version == minhash.SIGNATURE_VERSION:
        return minhash.from_bytes(stored.minhash)
    return minhash.signature(text.analyse(petition.title, petition.content).shingles)


def _same_petitioner(
    user: User, sig: np.ndarray, id_numbers: Sequence[str], exclude_pk: int | None
) -> list[Candidate]:
    indexes = _id_indexes(id_numbers)
    if not indexes:
        return []
    qs = Petition.objects.filter(
        parties__petitioner__id_index__in=indexes, status__in=OPEN_STATUSES
    ).exclude(pk=exclude_pk or 0)
    rows = _display(visible_to(qs, user)).distinct().order_by("-received_on", "-id")
    found = []
    for petition in rows[:MAX_SAME_PETITIONER]:
        score = minhash.similarity(sig, _stored_signature(petition))
        if score >= SAME_PETITIONER:
            found.append(Candidate(petition, score, Reason.SAME_PETITIONER))
    return found


def _similar_content(user: User, sig: np.ndarray, exclude_pk: int | None) -> list[Candidate]:
    buckets = minhash.buckets(sig)
    if not buckets:
        return []
    hits = (
        LshBucket.objects.filter(bucket__in=buckets)
        .exclude(petition_id=exclude_pk or 0)
        .values("petition_id")
        .annotate(bands=Count("bucket"))
        .order_by("-bands", "-petition_id")
        .values_list("petition_id", flat=True)[:MAX_BUCKET_HITS]
    )
    ids = list(hits)
    if not ids:
        return []
    found = []
    for petition in _display(visible_to(Petition.objects.filter(pk__in=ids), user)):
        score = minhash.similarity(sig, _stored_signature(petition))
        if score >= NEAR_DUPLICATE:
            found.append(Candidate(petition, score, Reason.NEAR_DUPLICATE))
        elif score >= SIMILAR:
            found.append(Candidate(petition, score, Reason.SIMILAR))
    return found


def duplicate_candidates(
    *,
    user: User,
    title: str,
    content: str,
    id_numbers: Sequence[str] = (),
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[Candidate]:
    """Cases the user may see that are likely the same matter: first open cases of the same
    petitioner with related content, then cases with similar content, best first."""
    if not (title.strip() or content.strip()):
        return []
    sig = minhash.signature(text.analyse(title, content).shingles)
    same = _same_petitioner(user, sig, id_numbers, exclude_pk)
    seen = {c.petition.pk for c in same}
    similar = [c for c in _similar_content(user, sig, exclude_pk) if c.petition.pk not in seen]
    same.sort(key=lambda c: (-c.score, -c.petition.pk))
    similar.sort(key=lambda c: (-c.score, -c.petition.pk))
    return (same + similar)[:limit]


def candidates_for_petition(*, user: User, petition: Petition, limit: int = 5) -> list[Candidate]:
    """Likely duplicates of an existing case, leaving out the cases it is already linked to."""
    linked = set(
        PetitionLink.objects.filter(
            Q(from_petition=petition) | Q(to_petition=petition)
        ).values_list("from_petition_id", "to_petition_id")
    )
    skip = {pk for pair in linked for pk in pair}
    id_numbers = [
        party.petitioner.id_number
        for party in petition.parties.select_related("petitioner")
        if party.petitioner.id_number
    ]
    found = duplicate_candidates(
        user=user,
        title=petition.title,
        content=petition.content,
        id_numbers=id_numbers,
        exclude_pk=petition.pk,
        limit=limit + len(skip),
    )
    return [c for c in found if c.petition.pk not in skip][:limit]


@dataclass(frozen=True)
class LinkView:
    link: PetitionLink
    other: Petition
    label: str  # how the link reads from the case being shown


def links_for_user(*, user: User, petition: Petition) -> list[LinkView]:
    """The links of a case whose other end the user may see (an accusation elsewhere stays
    invisible here too)."""
    links = list(
        PetitionLink.objects.filter(Q(from_petition=petition) | Q(to_petition=petition))
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )
    other_ids = {
        link.to_petition_id if link.from_petition_id == petition.pk else link.from_petition_id
        for link in links
    }
    others = {
        p.pk: p
        for p in visible_to(Petition.objects.filter(pk__in=other_ids), user).only(
            "id", "reg_no", "title", "status", "received_on"
        )
    }
    views = []
    for link in links:
        outgoing = link.from_petition_id == petition.pk
        other = others.get(link.to_petition_id if outgoing else link.from_petition_id)
        if other is None:
            continue
        if link.kind == LinkKind.DUPLICATE:
            label = "本件是其重复件" if outgoing else "其为本件的重复件"
        else:
            label = "关联件"
        views.append(LinkView(link=link, other=other, label=label))
    return views


def petition_by_reg_no_for_user(*, user: User, reg_no: str) -> Petition:
    """A case by its registration number, or not-found (also for a case the user may not see)."""
    return get_visible(Petition.objects.all(), user, reg_no=reg_no.strip().upper())


def hot_docs_for_user(
    *, user: User, start: date, end: date, region: str = ""
) -> tuple[list[HotDoc], int]:
    """The cases between `start` and `end` the user may see, as hot issues read them, and how
    many of those have no signature yet (`manage.py build_signatures` fills them in)."""
    qs = visible_to(Petition.objects.filter(received_on__gte=start, received_on__lte=end), user)
    if region:
        qs = qs.filter(region__code__startswith=region_prefix(region))
    rows = qs.order_by("-received_on", "-id").values_list(
        "id", "received_on", "reg_no", "title", "region_id", "region__name", "signature__keywords"
    )[:HOT_MAX_CASES]
    docs, missing = [], 0
    for pk, received_on, reg_no, title, region_code, region_name, keywords in rows:
        if keywords is None:
            missing += 1
            continue
        docs.append(
            HotDoc(
                pk=pk,
                received_on=received_on,
                keywords=[(word, float(weight)) for word, weight in keywords],
                title=title,
                reg_no=reg_no,
                region_code=region_code or "",
                region_name=region_name or "",
            )
        )
    return docs, missing


@dataclass(frozen=True)
class HotResult:
    window: Window
    issues: list[HotIssue]
    cases: int  # cases read (both windows)
    missing: int  # cases without a signature, left out


def hot_issues_for_user(
    *, user: User, window: Window, region: str = "", top_n: int = 10, min_count: int = 3
) -> HotResult:
    docs, missing = hot_docs_for_user(
        user=user, start=window.previous.start, end=window.end, region=region
    )
    issues = hot_issues(docs, window=window, top_n=top_n, min_count=min_count)
    return HotResult(window=window, issues=issues, cases=len(docs), missing=missing)
