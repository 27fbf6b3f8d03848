"""Reads: which documents a record has now, which are issued, and whether the user may issue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType

from huajie.orgs.models import User

from .models import IssuedDocument
from .registry import NotApplicable, kinds_of


@dataclass(frozen=True)
class DocumentOption:
    kind: str
    label: str
    subject_id: int  # which record of the target it is for (督办单); 0 for most kinds
    number: str  # the 发文字号 once issued, else ""
    issued_on: date | None
    may_issue: bool  # the user may issue it (when it is not issued yet)

    @property
    def query(self) -> str:
        """The query string naming the subject in a download link, if it needs one."""
        return f"?subject={self.subject_id}" if self.subject_id else ""


def document_options_for(*, user: User, target: str, record: Any) -> list[DocumentOption]:
    """The documents `record` has now, in the order of its life, for the record's page and the
    API. `record` is the target as its module loads it for `user` (what the kinds read is
    prefetched there); one query reads the numbers issued, none when there is nothing to list."""
    found = []
    for kind in kinds_of(target):
        try:
            found.append((kind, kind.subjects(record)))
        except NotApplicable:
            continue
    if not found:
        return []
    issued = {
        (d.kind, d.subject_id): d
        for d in IssuedDocument.objects.filter(
            target_type=ContentType.objects.get_for_model(found[0][0].target.model),
            target_id=record.pk,
        ).only("kind", "subject_id", "number", "issued_on")
    }
    options = []
    for kind, subjects in found:
        for subject in subjects:
            may_issue = kind.may_issue(user, record, subject)
            done = issued.get((kind.code, subject.subject_id))
            options.append(
                DocumentOption(
                    kind=kind.code,
                    label=subject.label or kind.label,
                    subject_id=subject.subject_id,
                    number=done.number if done else "",
                    issued_on=done.issued_on if done else None,
                    may_issue=may_issue and done is None,
                )
            )
    return options
