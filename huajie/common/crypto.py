"""Encryption at rest and blind indexes for ID and phone numbers (个人信息保护法; DOMAIN.md).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, random IV: the same plaintext gives a
different token each time). Keys come from settings:

FIELD_ENCRYPTION_KEYS  list of urlsafe-base64 Fernet keys; the first encrypts, every one decrypts
                       (MultiFernet), so a new key is put first and the old one kept until
                       `reencrypt` has rewritten every row.
FIELD_ENCRYPTION_KEY   a single key, used when the list is empty.
neither                a key derived from SECRET_KEY with HKDF-SHA256 — development and tests only;
                       production settings refuse to start without an explicit key.
BLIND_INDEX_KEY        secret for `blind_index`. When empty it is derived from the primary
                       encryption key, and rotating that key then changes every index: production
                       sets it explicitly and never rotates it without recomputing the indexes.

A blind index is an HMAC of the normalised value: equal values give equal indexes, so "the same
petitioner by ID number" is an indexed equality query, yet the column means nothing without the key.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENCRYPTION_INFO = b"huajie.field-encryption.v1"
BLIND_INDEX_INFO = b"huajie.blind-index.v1"
BLIND_INDEX_LENGTH = 64


class DecryptionError(Exception):
    """A stored token matches none of the configured keys (an old key was dropped too early)."""


def encrypt(plaintext: str) -> str:
    """Encrypt `plaintext` with the primary key; returns an ASCII Fernet token."""
    return _multi_fernet(_configured_keys()).encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a token made by `encrypt` with any configured key."""
    try:
        return _multi_fernet(_configured_keys()).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise DecryptionError(
            "No configured FIELD_ENCRYPTION_KEYS entry decrypts this value; "
            "keep retired keys in the list until every row is re-encrypted."
        ) from exc


def reencrypt(token: str) -> str:
    """Re-encrypt a token under the primary key (key rotation); the plaintext never leaves here."""
    try:
        return _multi_fernet(_configured_keys()).rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise DecryptionError("No configured key decrypts this value.") from exc


def blind_index(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 (64 hex chars) of the normalised value, keyed per deployment.

    `purpose` separates domains ("id_number", "phone"): the same digits give unrelated indexes for
    different purposes. Normalisation is NFKC (full-width digits become ASCII), strip, upper-case
    (a lower-case ID check letter x matches X); pass values through `normalize_id_number` /
    `normalize_phone` first so formatting differences do not split one person into two.
    """
    if not purpose or "\x00" in purpose:
        raise ValueError("blind_index needs a non-empty purpose without NUL characters.")
    normalised = unicodedata.normalize("NFKC", value).strip().upper()
    if not normalised:
        raise ValueError("blind_index of an empty value would match every empty value.")
    message = purpose.encode() + b"\x00" + normalised.encode()
    return hmac.new(_blind_index_key(_blind_index_secret()), message, hashlib.sha256).hexdigest()


def _configured_keys() -> tuple[str, ...]:
    keys = [key for key in getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or [] if key]
    single = getattr(settings, "FIELD_ENCRYPTION_KEY", "")
    if not keys and single:
        keys = [single]
    if not keys:
        keys = [_derive_fernet_key(settings.SECRET_KEY)]
    return tuple(str(key) for key in keys)


@functools.lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    fernets = []
    for position, key in enumerate(keys):
        try:
            fernets.append(Fernet(key))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS[{position}] is not a urlsafe-base64 32-byte Fernet key. "
                'Generate one with: python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())"'
            ) from exc
    return MultiFernet(fernets)


@functools.lru_cache(maxsize=8)
def _derive_fernet_key(secret_key: str) -> str:
    return base64.urlsafe_b64encode(_hkdf(secret_key.encode(), ENCRYPTION_INFO)).decode("ascii")


def _blind_index_secret() -> bytes:
    explicit = getattr(settings, "BLIND_INDEX_KEY", "")
    if explicit:
        return str(explicit).encode()
    return base64.urlsafe_b64decode(_configured_keys()[0])


@functools.lru_cache(maxsize=8)
def _blind_index_key(secret: bytes) -> bytes:
    return _hkdf(secret, BLIND_INDEX_INFO)


def _hkdf(material: bytes, info: bytes) -> bytes:
    """HKDF-SHA256 (RFC 5869) to 32 bytes, no salt: deterministic for a given secret and info."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(material)
