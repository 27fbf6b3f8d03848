"""Signatures and LSH buckets: derived from a case's title and content, rebuilt at any time.

They are maintenance of derived data, not a user's action, so they take no acting user and write
no timeline event. Call `signature_update` in the transaction that registers a case (it costs a
few milliseconds) and `signatures_update` for a batch (import, `build_signatures`).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from huajie.petitions.models import Petition

from .. import minhash, text
from ..models import LshBucket, PetitionSignature


def _computed(petition: Petition) -> tuple[PetitionSignature, list[LshBucket]]:
    analysis = text.analyse(petition.title, petition.content)
    sig = minhash.signature(analysis.shingles)
    row = PetitionSignature(
        petition=petition,
        version=minhash.SIGNATURE_VERSION,
        minhash=minhash.to_bytes(sig),
        keywords=[[word, weight] for word, weight in analysis.keywords],
    )
    buckets = [LshBucket(bucket=b, petition=petition) for b in minhash.buckets(sig)]
    return row, buckets


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


def signature_update(*, petition: Petition) -> None:
    """(Re)compute one case's signature and buckets, e.g. right after registration."""
    signatures_update(petitions=[petition])
