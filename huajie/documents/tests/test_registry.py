"""The registry: any module's records get documents. A kind registered here for a unit (a letter
of introduction) goes through the same issue register, numbering and download as a petition's."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from huajie.common.errors import NotFound, PermissionDenied
from huajie.common.models import Counter
from huajie.common.scoping import can_write, get_visible
from huajie.documents import registry
from huajie.documents.layout import Para
from huajie.documents.models import IssuedDocument
from huajie.documents.registry import DocumentKind, DocumentTarget, NotApplicable, Subject
from huajie.documents.selectors import document_options_for
from huajie.documents.services import NotIssued, document_issue, document_render
from huajie.documents.tests.readback import docx_text
from huajie.orgs.models import Unit
from huajie.orgs.tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db

UNIT = DocumentTarget(
    slug="unit",
    label="单位",
    model=Unit,
    load=lambda user, pk: get_visible(Unit.objects.all(), user, pk=pk),
    page=lambda pk: f"/orgs/units/{pk}/",
    file_stem=lambda unit: unit.code,
)
RECORDED: list[tuple[str, str]] = []


def subjects(unit: Unit) -> list[Subject]:
    if unit.parent is None:
        raise NotApplicable("不能生成介绍信：该单位没有上级单位。")
    return [Subject(unit.parent, date(2026, 3, 2), unit)]


LETTER = DocumentKind(
    code="introduction",
    label="介绍信",
    number_code="介",
    target=UNIT,
    subjects=subjects,
    compose=lambda unit, subject, issue: issue.document(
        title="介绍信",
        addressee="各有关单位：",
        paragraphs=[Para(f"兹介绍{unit.name}的同志前往。")],
    ),
    may_issue=lambda user, unit, subject: can_write(user, unit),
    issuers="上级单位的管理员",
    on_issue=lambda unit, issued, label, user: RECORDED.append((label, issued.number)),
)


@pytest.fixture(autouse=True)
def letter(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setitem(registry._KINDS, LETTER.code, LETTER)
    RECORDED.clear()


def issue(unit: Unit, user: Any) -> str:
    issued = document_issue(target="unit", pk=unit.pk, kind="introduction", acting_user=user)
    return issued.document.number


def test_a_kind_of_another_module_is_issued_once_and_downloaded():
    county = make_unit("清河县人民政府", kind="government")
    town = make_unit("城关镇人民政府", parent=county)
    admin, reader = make_user(county, "admin"), make_user(county, "clerk")
    with pytest.raises(NotIssued) as err:
        document_render(
            target="unit", pk=town.pk, kind="introduction", fmt="docx", acting_user=reader
        )
    assert err.value.message == "该文书尚未出具。请由上级单位的管理员点击“出具”后再下载。"
    with pytest.raises(PermissionDenied):
        issue(town, reader)
    assert not Counter.objects.exists() and RECORDED == []
    number = f"{county.code.upper()}介〔2026〕1号"
    assert issue(town, admin) == issue(town, admin) == number
    assert RECORDED == [("介绍信", number)]
    rendered = document_render(
        target="unit", pk=town.pk, kind="introduction", fmt="docx", acting_user=reader
    )
    assert rendered.filename == f"{town.code}-介绍信.docx"
    assert number in docx_text(rendered.content) and "兹介绍城关镇人民政府" in docx_text(
        rendered.content
    )
    issued = IssuedDocument.objects.get()
    assert (issued.target_type.model, issued.target_id, issued.unit) == ("unit", town.pk, county)
    options = document_options_for(user=reader, target="unit", record=town)
    assert [(o.label, o.number, o.may_issue) for o in options] == [("介绍信", number, False)]
    assert document_options_for(user=admin, target="unit", record=county) == []  # no parent


def test_unknown_targets_and_kinds_are_not_found():
    county = make_unit(kind="government")
    admin = make_user(county, "admin")
    with pytest.raises(NotFound) as err:
        document_issue(target="ledger", pk=county.pk, kind="introduction", acting_user=admin)
    assert err.value.code == "unknown_document_target"
    with pytest.raises(NotFound) as err:
        document_issue(target="unit", pk=county.pk, kind="acceptance", acting_user=admin)
    assert err.value.code == "unknown_document_kind" and "介绍信" in err.value.message


def test_codes_and_number_codes_are_unique_across_modules():
    other = DocumentTarget("mediation", "调解", Unit, UNIT.load, UNIT.page, UNIT.file_stem)
    with pytest.raises(ValueError, match="another target"):
        registry.register(DocumentKind(**{**LETTER.__dict__, "target": other}))
    with pytest.raises(ValueError, match="taken"):
        registry.register(DocumentKind(**{**LETTER.__dict__, "code": "letter2"}))
    assert registry.register(LETTER) is LETTER  # the same kind again replaces itself
