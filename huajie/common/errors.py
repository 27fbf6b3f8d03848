"""Errors a user sees. Every refusal is a sentence in the user's language saying what to do."""

from __future__ import annotations


class ApplicationError(Exception):
    """A refusal by a service: `message` is shown to the user, `code` is stable for API clients."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field


class NotFound(ApplicationError):
    """The record does not exist or the user may not see it (the two are never distinguished)."""

    code = "not_found"
    status = 404


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    status = 403


class Conflict(ApplicationError):
    """Someone else changed the record first: reload and try again."""

    code = "conflict"
    status = 409


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or delete a timeline or audit record."""
