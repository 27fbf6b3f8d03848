"""Documents' rows of the authorization matrix (`huajie/common/authz.py`): the petition target
stands for every target (they share the views)."""

from __future__ import annotations

from huajie.common.authz import POSTED, Access, Row, api

PETITION = {"target": "petition", "kind": "acceptance", "fmt": "pdf"}

ROWS = [
    Row("documents:issue", {"POST": Access(ok=POSTED)}, record="petition", kwargs=PETITION),
    Row("documents:render", {"GET": Access(ok=frozenset({200, 302, 400}))}, record="petition",
        kwargs=PETITION),
    Row("api:document-list", {"GET": api()}, record="petition", kwargs={"target": "petition"}),
    Row("api:document-issue", {"POST": api(ok=POSTED)}, record="petition", kwargs=PETITION),
    Row("api:document-file", {"GET": api(ok=frozenset({200, 400, 409}))}, record="petition",
        kwargs=PETITION),
]  # fmt: skip
