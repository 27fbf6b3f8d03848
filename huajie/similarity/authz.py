"""Similarity's rows of the authorization matrix (`huajie/common/authz.py`). Links hang on
petitions: the records are the petitions' (kind "petition")."""

from __future__ import annotations

from huajie.common.authz import POSTED, Access, Row, api

ROWS = [
    Row("similarity:candidates", {"GET": Access(), "POST": Access(ok=POSTED)}),
    Row("similarity:hot", {"GET": Access()}),
    Row("similarity:links", {"GET": Access()}, record="petition"),
    Row("similarity:link", {"POST": Access(ok=POSTED)}, record="petition"),
    Row("similarity:unlink", {"POST": Access(ok=POSTED)}, record="petition",
        kwargs={"other_pk": 999999}),
    Row("api:similarity-candidates", {"POST": api(ok=POSTED)}),
    Row("api:similarity-hot", {"GET": api()}),
    Row("api:similarity-links", {"GET": api(), "POST": api(ok=POSTED)}, record="petition"),
    Row("api:similarity-link", {"DELETE": api(ok=POSTED | {204, 404})}, record="petition",
        kwargs={"other_pk": 999999}),
]  # fmt: skip
