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
