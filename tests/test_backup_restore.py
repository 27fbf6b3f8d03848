"""manage.py backup and restore, round trip: after a backup, changes, and a restore, the exported
ledger is cell for cell what it was, the ID and phone numbers still decrypt (and are still
found by their blind index), the uploaded files are back byte for byte and the later ones gone.
On SQLite through the online backup API, on PostgreSQL through pg_dump/pg_restore."""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from huajie.common.backup import key_fingerprints
from huajie.imports.export import ledger_export
from huajie.orgs.models import Role, RoleCode
from huajie.orgs.tests.factories import VALID_IDS
from huajie.petitions.models import Attachment, Petition, Petitioner
from huajie.petitions.selectors import LedgerFilters
from huajie.petitions.services import PetitionerInput
from huajie.petitions.tests.factories import County, make_county, register

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def c() -> County:
    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    return make_county()


def ledger(c: County) -> list[tuple[Any, ...]]:
    book = load_workbook(ledger_export(user=c.office_leader, filters=LedgerFilters()))
    sheet = book.active
    assert sheet is not None
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def attach(p: Petition, c: County, content: bytes) -> Attachment:
    item = Attachment(petition=p, original_name="材料.pdf", kind="pdf", mime="application/pdf",
                      size=len(content), uploaded_by=c.clerk)  # fmt: skip
    item.file.save("scan.pdf", ContentFile(content), save=False)
    item.save()
    return item


def backup(folder: Path) -> Path:
    call_command("backup", folder=folder)
    (archive,) = folder.glob("huajie-*.tar.gz")
    return archive


def test_round_trip(c: County, tmp_path: Path) -> None:
    first = register(c)
    register(
        c, title="工地拖欠工资", petitioners=[PetitionerInput(name="周福生", phone="0731-88601234")]
    )
    scan = attach(first, c, b"%PDF-1.4 signed record")
    before = ledger(c)
    person = first.parties.get().petitioner
    assert person.id_number == VALID_IDS[0]

    archive = backup(tmp_path)
    assert archive.stat().st_mode & 0o077 == 0  # readable by its owner only
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0] == "manifest.json" and f"media/{scan.file.name}" in names

    # Life goes on after the backup: a new case, an edit, a new file, a lost file.
    later = register(c, title="备份之后登记的事项")
    Petition.objects.filter(pk=first.pk).update(title="备份之后改过的标题")
    extra = attach(later, c, b"%PDF-1.4 after")
    default_storage.delete(scan.file.name)

    call_command("restore", str(archive), "--yes")

    assert ledger(c) == before
    assert not Petition.objects.filter(pk=later.pk).exists()
    restored = Petitioner.objects.get(pk=person.pk)
    assert restored.id_number == VALID_IDS[0] and restored.phone == "13812345678"
    assert Petitioner.objects.filter(id_index=person.id_index).count() == 1
    with default_storage.open(scan.file.name, "rb") as handle:
        assert handle.read() == b"%PDF-1.4 signed record"
    assert not default_storage.exists(extra.file.name)


def test_a_damaged_archive_changes_nothing(c: County, tmp_path: Path) -> None:
    register(c)
    archive = backup(tmp_path)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(bytes(data))
    count = Petition.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(broken), "--yes")
    assert "未做任何改动" in str(refused.value)
    assert Petition.objects.count() == count


def test_without_the_backups_key_restore_is_refused(c: County, tmp_path: Path, settings) -> None:  # noqa: ANN001
    register(c)
    archive = backup(tmp_path)
    settings.FIELD_ENCRYPTION_KEYS = ["cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="]
    assert key_fingerprints() != []
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), "--yes")
    assert "FIELD_ENCRYPTION_KEYS" in str(refused.value)


OLD_KEY = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
NEW_KEY = "2dYJ8f3s0m9wR3u8nL8lM5q7CwVn3k1dN0uQ6xX9bZk="


@pytest.mark.django_db
def test_rotating_the_encryption_key(c: County, settings) -> None:  # noqa: ANN001
    """Put the new key first, re-encrypt, drop the old key: every number still reads."""
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    settings.BLIND_INDEX_KEY = "x" * 40
    p = register(c)
    person = p.parties.get().petitioner
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    call_command("reencrypt_fields")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    again = Petitioner.objects.get(pk=person.pk)
    assert again.id_number == VALID_IDS[0] and again.phone == "13812345678"
    assert Petitioner.objects.filter(id_index=person.id_index).count() == 1
