"""Signatures and LSH buckets: derived from a case's title and content, rebuilt at any time.

They are maintenance of derived data, not a user's action, so they take no acting user and write
no timeline event. Registration computes a new case's signature with `signature_compute` before
the case exists and stores it with `signature_create` (two inserts) in the same transaction;
`signature_update` recomputes one case and `signatures_update` a batch (import,
`build_signatures`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction

from huajie.petitions.models import Petition

from .. import minhash, text
from ..models import LshBucket, PetitionSignature


@dataclass(frozen=True)
class Signature:
    """A case's signature, keywords and buckets, computed from its text alone."""

    minhash: bytes
    keywords: list[list[str | float]]
    buckets: list[int]


def signature_compute(*, title: str, content: str) -> Signature:
    """The signature of this text: pure computation (word cut, MinHash), no query."""
    analysis = text.analyse(title, content)
    sig = minhash.signature(analysis.shingles)
    return Signature(
        minhash=minhash.to_bytes(sig),
        keywords=[[word, weight] for word, weight in analysis.keywords],
        buckets=minhash.buckets(sig),
    )


def _rows(petition: Petition, computed: Signature) -> tuple[PetitionSignature, list[LshBucket]]:
    row = PetitionSignature(
        petition=petition,
        version=minhash.SIGNATURE_VERSION,
        minhash=computed.minhash,
        keywords=computed.keywords,
    )
    return row, [LshBucket(bucket=b, petition=petition) for b in computed.buckets]


def _computed(petition: Petition) -> tuple[PetitionSignature, list[LshBucket]]:
    return _rows(petition, signature_compute(title=petition.title, content=petition.content))


def _drop_buckets(old: Sequence[PetitionSignature]) -> None:
    """Delete the buckets of these stored signatures through the primary-key index."""
    current = [s for s in old if s.version == minhash.SIGNATURE_VERSION]
    for row in current:
        stored = minhash.buckets(minhash.from_bytes(row.minhash))
        LshBucket.objects.filter(bucket__in=stored, petition_id=row.pk).delete()
    outdated = [s.pk for s in old if s.version != minhash.SIGNATURE_VERSION]
    if outdated:  # a scan: only after a version change, which `build_signatures --rebuild` avoids
        LshBucket.objects.filter(petition_id__in=outdated).delete()


@transaction.atomic
def signatures_update(*, petitions: Sequence[Petition]) -> int:
    """(Re)compute the signatures and buckets of these cases; returns how many were written."""
    if not petitions:
        return 0
    computed = [_computed(p) for p in petitions]
    pks = [p.pk for p in petitions]
    old = list(PetitionSignature.objects.filter(pk__in=pks).only("pk", "version", "minhash"))
    _drop_buckets(old)
    PetitionSignature.objects.filter(pk__in=pks).delete()
    PetitionSignature.objects.bulk_create([row for row, _ in computed])
    LshBucket.objects.bulk_create(
        [bucket for _, buckets in computed for bucket in buckets], ignore_conflicts=True
    )
    return len(computed)


def signature_create(*, petition: Petition, computed: Signature) -> None:
    """Store the signature of a case that has none yet (a registration): two inserts, no lookup
    of an old one. `computed` must come from the case's current title and content."""
    row, buckets = _rows(petition, computed)
    PetitionSignature.objects.bulk_create([row])
    LshBucket.objects.bulk_create(buckets, ignore_conflicts=True)


def signature_update(*, petition: Petition) -> None:
    """(Re)compute one case's signature and buckets, e.g. after its title or content changed."""
    signatures_update(petitions=[petition])


def registration_signature(
    *, title: str, content: str, extras: Mapping[str, str]
) -> Callable[[Petition], None]:
    """The registration extension (see `petitions.extensions`): the signature is computed before
    the number is drawn and stored once the case exists."""
    computed = signature_compute(title=title, content=content)
    return lambda petition: signature_create(petition=petition, computed=computed)
