"""Petition screens. Views parse input, call a service or selector, and render or redirect."""

from .case import act, assignees, attach, attachment, detail, reveal
from .ledger import index, my_work, supervision
from .register import register

__all__ = [
    "act",
    "assignees",
    "attach",
    "attachment",
    "detail",
    "index",
    "my_work",
    "register",
    "reveal",
    "supervision",
]
