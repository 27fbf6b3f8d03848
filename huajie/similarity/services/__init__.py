"""Every write of the similarity app.

`signatures` is imported first on purpose: `petitions.services.intake` imports
the signature functions from here while `links` is still importing `petitions.services`, so the
name must already be bound when that happens.
"""

from .signatures import (
    Signature,
    signature_compute,
    signature_create,
    signature_update,
    signatures_update,
)

# isort: split
from .links import petition_link, petition_unlink

__all__ = [
    "Signature",
    "petition_link",
    "petition_unlink",
    "signature_compute",
    "signature_create",
    "signature_update",
    "signatures_update",
]
