"""Accounts' rows of the authorization matrix (`huajie/common/authz.py`)."""

from __future__ import annotations

from huajie.common.authz import Access, Row, api

EVERYONE_400 = frozenset({400})

ROWS = [
    Row("home", {"GET": Access()}),
    Row(
        "accounts:login",
        # The form for anonymous (an empty POST is a form error); a signed-in user goes home.
        {
            "GET": Access(ok=frozenset({302}), anon=frozenset({200})),
            "POST": Access(ok=frozenset({302}), anon=frozenset({200})),
        },
    ),
    Row(
        "accounts:logout",
        {"POST": Access(ok=frozenset({302}))},
        note="GET is not allowed (Django 5: logging out is a POST)",
    ),
    # Two-step verification and passwords (security_views.py): each signed-in user's own; the
    # matrix's users have no gates open, so the code step sends them on.
    Row(
        "accounts:login-code",
        {m: Access(ok=frozenset({302})) for m in ("GET", "POST")},
        note="only a session that owes a code stays here; any other goes on to `next`",
    ),
    Row("accounts:security", {"GET": Access()}),
    # An empty POST is a form error on the page (200).
    Row("accounts:enrol", {m: Access() for m in ("GET", "POST")}),
    Row("accounts:recovery-codes", {m: Access() for m in ("GET", "POST")}),
    Row("accounts:password-change", {m: Access() for m in ("GET", "POST")}),
    Row(
        "api:auth-token",
        {
            # POST proves the client with a password: anyone may try; an empty body is 400.
            "POST": api(ok=EVERYONE_400, anon=EVERYONE_400),
            # DELETE revokes the token of the request; a session is no token.
            "DELETE": api(ok=frozenset({401})),
            # Only token authentication here, so a session is anonymous: 401 before 405.
            **{m: api(ok=frozenset({401})) for m in ("GET", "PUT", "PATCH")},
        },
    ),
]
