"""Petition screens. Views parse input, call a service or selector, and render or redirect."""

from .case import act, assignees, attach, attachment, detail, reveal
from .ledger import index, my_work, supervision
from .notices import notification_open, notifications, notifications_read_all
from .register import register

__all__ = [
    "act",
    "assignees",
    "attach",
    "attachment",
    "detail",
    "index",
    "my_work",
    "notification_open",
    "notifications",
    "notifications_read_all",
    "register",
    "reveal",
    "supervision",
]
