"""The official documents of a petition (信访事项), registered with the documents app.

Staff of the issuing organ (`rules.may_issue_document`: the unit whose name and number the
document carries — the registering office for the acceptance, the handling unit for the reply)
issue them; anyone who may see the case downloads them once issued. Issuing writes a 出具文书
event on the case timeline.
"""

from __future__ import annotations

from django.urls import reverse

from huajie.documents.layout import chinese_date
from huajie.documents.models import IssuedDocument
from huajie.documents.registry import DocumentKind, DocumentTarget, register
from huajie.orgs.models import User

from ..models import EventKind, Petition, ReviewLevel
from ..rules import may_issue_document
from ..selectors import petition_get_for_user
from ..services.events import event_add
from . import compose, kinds

PETITION = DocumentTarget(
    slug="petition",
    label="信访事项",
    model=Petition,
    load=lambda user, pk: petition_get_for_user(user=user, pk=pk),
    page=lambda pk: reverse("petitions:detail", args=[pk]),
    file_stem=lambda petition: petition.reg_no,
)


def record_issue(petition: Petition, issued: IssuedDocument, label: str, acting_user: User) -> None:
    event_add(
        petition=petition,
        kind=EventKind.DOCUMENT,
        actor=acting_user,
        action="document_issue",
        text=f"出具{label}，文号{issued.number}，成文日期{chinese_date(issued.issued_on)}",
        changes={"document": [None, {"kind": issued.kind, "number": issued.number}]},
    )


KINDS = [  # code, label, 文书代字, where its subjects are, title, wording — in the case's order
    ("acceptance", "受理告知书", "告", kinds.acceptance, "信访事项受理告知书", compose.acceptance),
    (
        "not_accepted",
        "不予受理告知书",
        "不受",
        kinds.not_accepted,
        "信访事项不予受理告知书",
        compose.not_accepted,
    ),
    ("reply", "信访处理意见书", "处", kinds.reply, "信访处理意见书", compose.reply),
    ("extension", "延期告知书", "延", kinds.extension, "信访事项延期办理告知书", compose.extension),
    ("supervision", "督办单", "督", kinds.supervision, "信访事项督办单", compose.supervision),
    (
        "review",
        "复查意见书",
        "复查",
        kinds.review(ReviewLevel.REVIEW, "复查意见书"),
        "信访事项复查意见书",
        compose.review,
    ),
    (
        "rereview",
        "复核意见书",
        "复核",
        kinds.review(ReviewLevel.REREVIEW, "复核意见书"),
        "信访事项复核意见书",
        compose.rereview,
    ),
]

ISSUERS = {  # whose number the document carries, in the refusal sentence
    "acceptance": "登记单位的工作人员",
    "not_accepted": "登记单位的工作人员",
    "reply": "承办单位的工作人员",
    "extension": "承办单位的工作人员",
    "supervision": "督办单位的工作人员",
    "review": "复查机关的工作人员",
    "rereview": "复核机关的工作人员",
}

for code, label, number_code, find, title, wording in KINDS:
    register(
        DocumentKind(
            code=code,
            label=label,
            number_code=number_code,
            target=PETITION,
            subjects=find,
            compose=compose.composer(title, wording),
            may_issue=may_issue_document,
            issuers=ISSUERS[code],
            on_issue=record_issue,
        )
    )
