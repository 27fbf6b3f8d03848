"""Every write of the similarity app. Registration stores a new case's signature through the
petitions registration extension (`registration_signature`, registered in `apps.py`)."""

from .links import petition_link, petition_unlink
from .signatures import (
    Signature,
    registration_signature,
    signature_compute,
    signature_create,
    signature_update,
    signatures_update,
)

__all__ = [
    "Signature",
    "petition_link",
    "petition_unlink",
    "registration_signature",
    "signature_compute",
    "signature_create",
    "signature_update",
    "signatures_update",
]
