"""Password rules beyond Django's built-ins (等保 2.0 level 3: complexity)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def character_classes(password: str) -> int:
    """How many of the four classes occur: A–Z, a–z, 0–9, and anything else (a symbol such as
    !@#¥, a space or a Chinese character)."""
    classes = set()
    for char in password:
        if "A" <= char <= "Z":
            classes.add("upper")
        elif "a" <= char <= "z":
            classes.add("lower")
        elif "0" <= char <= "9":
            classes.add("digit")
        else:
            classes.add("symbol")
    return len(classes)


class CharacterClassValidator:
    """The password must mix at least `min_classes` of: upper-case letters, lower-case letters,
    digits and symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self._message(), code="password_too_simple")

    def get_help_text(self) -> str:
        return self._message()

    def _message(self) -> str:
        return _(
            "Your password must contain at least %(min)d of these four kinds of character: "
            "upper-case letters, lower-case letters, digits and symbols."
        ) % {"min": self.min_classes}
