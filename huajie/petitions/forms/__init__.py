"""Forms of the petition screens: they parse and pre-check input; the services decide.

A form never writes. Registration pre-checks each petitioner row's ID and phone number with the
same functions the service uses, so an error lands on the row that caused it.
"""

from huajie.common.forms import LenientDateField

from .attachment import AttachmentForm
from .fields import (
    PAGE_SIZES,
    handlers_for,
    leaders_for,
    reference_categories,
    reference_regions,
    reference_units,
)
from .ledger import LedgerFilterForm, ledger_params, ledger_query_string
from .registration import PetitionerForm, PetitionerFormSet, RegistrationForm

__all__ = [
    "PAGE_SIZES",
    "AttachmentForm",
    "LedgerFilterForm",
    "LenientDateField",
    "PetitionerForm",
    "PetitionerFormSet",
    "RegistrationForm",
    "handlers_for",
    "leaders_for",
    "ledger_params",
    "ledger_query_string",
    "reference_categories",
    "reference_regions",
    "reference_units",
]
