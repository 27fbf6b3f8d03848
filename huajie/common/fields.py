"""Model fields that keep personal identifiers encrypted at rest (see `huajie.common.crypto`)."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact

from .crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):
    """A text column that stores a Fernet token; the model attribute is the plaintext.

    None and "" are stored as they are (so "not given" stays queryable). The ciphertext is
    randomised, so the column cannot be searched: only `isnull` and `exact` against None or ""
    are allowed. To find a record by value, store `blind_index(value, purpose=...)` in a separate
    indexed CharField(max_length=64) and filter on that.
    """

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        if lookup_name == "exact":
            return _EmptyOrNullExact
        raise FieldError(_unsearchable(self, lookup_name))

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(_unsearchable(self, lookup_name))

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        if self.unique or getattr(self, "db_index", False):
            errors.append(
                checks.Error(
                    "An encrypted field cannot be unique or indexed: its ciphertext is random.",
                    hint="Index a blind_index() column instead.",
                    obj=self,
                    id="common.E001",
                )
            )
        return errors


class _EmptyOrNullExact(Exact):
    """`field=None` / `field=""` still work: those values are stored unencrypted."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        if not (rhs is None or (isinstance(rhs, str) and rhs == "")):
            raise FieldError(_unsearchable(lhs.output_field, "exact"))
        super().__init__(lhs, rhs)


def _unsearchable(field: models.Field[Any, Any], lookup_name: str) -> str:
    model = getattr(field, "model", None)
    label = f"{model._meta.label}.{field.name}" if model is not None else field.name
    return (
        f"{label} is encrypted at rest and cannot be filtered with '{lookup_name}'. "
        "Filter on its blind index column (huajie.common.crypto.blind_index) instead."
    )
