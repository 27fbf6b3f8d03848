"""The registry of document kinds. The documents app knows how to lay out, number, issue and
render an official document; each module says which documents its records have, in
`<app>/documents.py` (a module or a package), imported when the project starts:

    CASE = DocumentTarget(
        slug="petition", label="信访事项", model=Petition,
        load=lambda user, pk: petition_get_for_user(user=user, pk=pk),
        page=lambda pk: reverse("petitions:detail", args=[pk]),
        file_stem=lambda petition: petition.reg_no,
    )
    register(DocumentKind(
        code="acceptance", label="受理告知书", number_code="告", target=CASE,
        subjects=acceptance_subjects,   # (petition) -> [Subject], or raise NotApplicable
        compose=acceptance_compose,     # (petition, subject, issue) -> OfficialDocument
        may_issue=may_issue,            # (user, petition, subject) -> bool
        issuers="发文单位的工作人员",
        on_issue=record_on_timeline,    # (petition, issued, label, acting_user) -> None
    ))

Kind codes and number codes are unique across modules: a code is a URL slug and a counter scope,
a number code (告, 不受 …) makes the printed number, which must never repeat within an organ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from huajie.common.errors import ApplicationError, NotFound
from huajie.orgs.models import Unit, User

from .layout import OfficialDocument, Para
from .numbering import Letterhead

if TYPE_CHECKING:
    from .models import IssuedDocument


@dataclass(frozen=True)
class Subject:
    """The fact a document reports."""

    unit: Unit  # the issuing organ, whose number the document gets
    issued_on: date  # the date of the fact, printed as the document's date
    record: Any = None  # the record the wording reads (a reply, a review …)
    subject_id: int = 0  # which record, when a target may have several (督办单); 0 otherwise
    label: str = ""  # a label of its own (催办单 …); the kind's label otherwise


class NotApplicable(ApplicationError):
    """The target has no such document (yet): the message says what has to happen first."""

    code = "document_not_applicable"


@dataclass(frozen=True)
class Issue:
    """What the issue register fixed for a document: whose letterhead, which number, which date."""

    letterhead: Letterhead
    number: str
    issued_on: date

    def document(self, *, title: str, addressee: str, paragraphs: list[Para]) -> OfficialDocument:
        """The document with this letterhead, number and date, signed by the organ."""
        return OfficialDocument(
            organ=self.letterhead.organ,
            number=self.number,
            title=title,
            addressee=addressee,
            paragraphs=paragraphs,
            signature=self.letterhead.organ,
            issued_on=self.issued_on,
            seal=self.letterhead.seal,
        )


@dataclass(frozen=True)
class DocumentTarget:
    """A kind of record documents are issued for (信访事项 …)."""

    slug: str  # in URLs: /documents/<slug>/<pk>/…
    label: str
    model: type[Model]
    load: Callable[[User, int], Any]  # the record as the user may see it; raises NotFound
    page: Callable[[int], str]  # the record's page: "back" and the redirect after issuing
    file_stem: Callable[[Any], str]  # the start of a downloaded file's name (its 登记编号 …)


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str
    number_code: str  # 文书代字 in the number: 清信告〔2026〕17号
    target: DocumentTarget
    subjects: Callable[[Any], list[Subject]]  # in order; raises NotApplicable when there is none
    compose: Callable[[Any, Subject, Issue], OfficialDocument]
    may_issue: Callable[[User, Any, Subject], bool]  # (user, record, subject)
    issuers: str  # who may issue, for refusals: "登记单位或承办单位的工作人员"
    on_issue: Callable[[Any, IssuedDocument, str, User], None]  # e.g. a timeline event

    def subject(self, target: Any, subject_id: int | None) -> Subject:
        """The subject `subject_id` names, or the latest one when it names none."""
        found = self.subjects(target)
        if subject_id is None and found:
            return found[-1]
        for subject in found:
            if subject.subject_id == subject_id:
                return subject
        raise NotApplicable(
            f"不能生成{self.label}：没有对应的记录。请从{self.target.label}页面的“文书”一栏选择。"
        )


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    """Add a kind; registering the same code for the same target again replaces it."""
    for other in _KINDS.values():
        if other.code == kind.code and other.target.slug != kind.target.slug:
            raise ValueError(f"Document kind {kind.code!r} is registered by another target.")
        if other.code != kind.code and other.number_code == kind.number_code:
            raise ValueError(f"Number code {kind.number_code!r} is taken by {other.code!r}.")
    _KINDS[kind.code] = kind
    return kind


def kinds_of(target: str) -> list[DocumentKind]:
    """The kinds of a target, in the order they were registered (the order of a record's life)."""
    return [kind for kind in _KINDS.values() if kind.target.slug == target]


def target_get(slug: str) -> DocumentTarget:
    kinds = kinds_of(slug)
    if not kinds:
        raise NotFound(
            "没有这类记录的文书。请从事项页面的“文书”一栏下载。", code="unknown_document_target"
        )
    return kinds[0].target


def kind_get(target: str, code: str) -> DocumentKind:
    kind = _KINDS.get(code)
    if kind is None or kind.target.slug != target:
        target_get(target)  # an unknown target is not found as such
        labels = "、".join(k.label for k in kinds_of(target))
        raise NotFound(f"没有这种文书。可生成的文书有：{labels}。", code="unknown_document_kind")
    return kind


def kind_label(code: str) -> str:
    """The label of a kind code read from the register (the code itself if no module has it)."""
    kind = _KINDS.get(code)
    return kind.label if kind is not None else code
