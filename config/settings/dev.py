"""Local development and the embedded `make run` setup (SQLite under var/)."""

from .base import *  # noqa: F403
