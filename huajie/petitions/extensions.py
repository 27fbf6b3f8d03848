"""What other apps add to petitions' own writes, registered by them (petitions imports none).

A registration extension is called with the new case's title and content *before* the
registration number is drawn (so slow work — the similarity app's word cut and MinHash — happens
outside the counter's lock) and returns the function that stores its result once the case row
exists, in the same transaction. `extras` are the fields the other apps' fragments of the
registration form posted (names starting `x_`, e.g. the routing unit the clerk accepted); empty
from the API and imports.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from .models import Petition

Store = Callable[[Petition], None]


class RegistrationExtension(Protocol):
    def __call__(self, *, title: str, content: str, extras: Mapping[str, str]) -> Store: ...


_registration: list[RegistrationExtension] = []


def register_registration_extension(extension: RegistrationExtension) -> None:
    if extension not in _registration:
        _registration.append(extension)


def registration_extensions(
    *, title: str, content: str, extras: Mapping[str, str] | None = None
) -> list[Store]:
    extras = dict(extras or {})
    return [extension(title=title, content=content, extras=extras) for extension in _registration]
