"""MinHash signatures and LSH band buckets over a case's word set. Plain Python + numpy.

A signature is NUM_PERM 32-bit minima, one per hash function h_i(x) = (a_i·x + b_i mod 2^64) >> 32
(multiply-shift over a 64-bit BLAKE2b hash of each word). The fraction of equal positions in two
signatures estimates the Jaccard similarity of the two word sets (standard error ≈ √(J(1−J)/64)).

LSH: the signature is cut into BANDS bands of ROWS values; each band hashes to a 64-bit bucket that
also encodes the band number, so one indexed `bucket IN (…)` finds every case sharing any band.
Two cases with Jaccard J share at least one bucket with probability 1 − (1 − J^ROWS)^BANDS.

The seeds, NUM_PERM, BANDS and ROWS define the stored data: changing any of them needs a new
SIGNATURE_VERSION and `manage.py build_signatures --rebuild`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

SIGNATURE_VERSION = 1
NUM_PERM = 64
BANDS = 16
ROWS = 4
_SEED = 20261122

# Lookup policy (docs/decisions/0002-duplicate-detection.md): an estimated Jaccard similarity of
# SIMILAR proposes a case as similar, NEAR_DUPLICATE as almost the same text; an open case of the
# same petitioner needs only SAME_PETITIONER. At most MAX_BUCKET_HITS ids (most shared bands first)
# are reranked per lookup.
SIMILAR = 0.5
NEAR_DUPLICATE = 0.8
SAME_PETITIONER = 0.15
MAX_BUCKET_HITS = 200

_rng = np.random.default_rng(_SEED)
_A = _rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)

assert NUM_PERM == BANDS * ROWS  # noqa: S101 - a module invariant, checked once at import


def word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def signature(shingles: Iterable[str]) -> np.ndarray:
    """The MinHash signature (NUM_PERM × uint32) of a word set; all-max for an empty set."""
    hashes = np.fromiter((word_hash(w) for w in shingles), dtype=np.uint64)
    if hashes.size == 0:
        return _EMPTY.copy()
    with np.errstate(over="ignore"):
        mixed = np.outer(hashes, _A) + _B  # wraps modulo 2^64 by design
    return (mixed >> np.uint64(32)).astype(np.uint32).min(axis=0)


def is_empty(sig: np.ndarray) -> bool:
    return bool((sig == _EMPTY).all())


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two word sets (0 when either is empty)."""
    if is_empty(a) or is_empty(b):
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM


def buckets(sig: np.ndarray, *, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One signed 64-bit bucket per band (fits a BIGINT column); none for an empty set."""
    if is_empty(sig):
        return []
    raw = sig.astype("<u4")
    out = []
    for band in range(bands):
        chunk = raw[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


def candidate_probability(jaccard: float, *, bands: int = BANDS, rows: int = ROWS) -> float:
    """Probability that two sets with this Jaccard similarity share at least one bucket."""
    return 1.0 - (1.0 - jaccard**rows) ** bands
