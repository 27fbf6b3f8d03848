"""The portal's rows of the authorization matrix (`huajie/common/authz.py`).

The portal is public: a signed-in member of staff gets what anyone gets. Its state is the
session's, never a URL's: the verified phone (`submit_form`), the receipt (`submit_done`) and the
case looked up with its query code (`progress` and its forms). The matrix's clients have none of
them, so those pages send them back to the step that puts it there; an empty form is refused
with its sentence on the page. Reading a case with its session is `huajie/portal/tests`' work.
"""

from __future__ import annotations

from huajie.common.authz import OK, Access, Row, same

FOUND = frozenset({302})


def public(codes: frozenset[int], to: str = "/portal/") -> Access:
    """The same answer for anonymous and for every signed-in role."""
    return same(codes, anon=codes, anon_to=to)


PAGE = public(OK)
TO_SUBMIT = public(FOUND, "/portal/submit/")  # no verified phone / no receipt in the session
TO_LOOKUP = public(FOUND, "/portal/lookup/")  # no case looked up in the session

ROWS = [
    Row("portal:index", {"GET": PAGE}),
    Row("portal:guide", {"GET": PAGE}),
    Row("portal:captcha", {"GET": PAGE}, note="a new picture in the session"),
    # An empty form: "请填写图片中的5个字符" on the form again (200).
    Row("portal:submit", {"GET": PAGE, "POST": PAGE}),
    Row("portal:submit_form", {"GET": TO_SUBMIT, "POST": TO_SUBMIT}),
    Row("portal:submit_done", {"GET": TO_SUBMIT}),
    # An empty query code: the form again with its sentence (400).
    Row("portal:lookup", {"GET": PAGE, "POST": public(frozenset({400}))}),
    Row("portal:progress", {"GET": TO_LOOKUP}),
    Row("portal:rate", {"POST": TO_LOOKUP}),
    Row("portal:review", {"POST": TO_LOOKUP}),
    Row("portal:reply_pdf", {"GET": TO_LOOKUP}),
    Row("portal:leave", {"POST": public(FOUND, "/portal/")}),
]
