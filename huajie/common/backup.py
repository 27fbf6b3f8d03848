"""Backup and restore of the database and the uploaded files, as one archive.

`manage.py backup` writes `huajie-<date>-<time>.tar.gz` (mode 0600) holding:

    manifest.json      format, time, database vendor, the latest migration of each app, the
                       SHA-256 of every member, and fingerprints of the encryption keys in use
    database.sqlite3   SQLite: a consistent copy through the online backup API (no lock held
                       for long; writers may go on)
    database.dump      PostgreSQL: `pg_dump --format=custom`, one consistent snapshot
    media/<name>       every file of the default storage (uploaded materials, scans, imports)

The encryption keys are never in it: a backup without its keys is unreadable personal data,
and keys and backups are kept apart (README, "Backups"). `manage.py restore <archive>` checks
every member's hash, that the archive's database kind matches this one, and that at least one
configured key is one the backup was made with (else the ID and phone numbers would not
decrypt), then replaces the database and the files with the archive's.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump / pg_restore, with arguments we build
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .crypto import _configured_keys
from .errors import ApplicationError

FORMAT = 1
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    database_bytes: int
    files: int
    media_bytes: int


def key_fingerprints() -> list[str]:
    """Short hashes of the configured encryption keys: enough to tell whether a backup's data
    can be decrypted here, nothing that helps to guess a key."""
    return [hashlib.sha256(f"huajie-key:{k}".encode()).hexdigest()[:16] for k in _configured_keys()]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _storage_files(storage, f"{folder}/{sub}" if folder else sub)


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ApplicationError(
            f"找不到 {name}，请安装 PostgreSQL 客户端（postgresql-client）后重试。"
        )
    return path


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def backup_create(*, folder: Path, storage: Storage = default_storage) -> BackupResult:
    connection = connections[DEFAULT_DB_ALIAS]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"huajie-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="huajie-backup-") as tmp:
        work = Path(tmp)
        if connection.vendor == "sqlite":
            db_name = "database.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(work / db_name)
            connection.connection.backup(copy)
            copy.close()
        elif connection.vendor == "postgresql":
            db_name = "database.dump"
            args, env = _pg_env(connection.settings_dict)
            done = subprocess.run(  # noqa: S603
                [_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--file",
                 str(work / db_name), str(connection.settings_dict["NAME"])],
                env=env, capture_output=True, text=True,
            )  # fmt: skip
            if done.returncode != 0:
                raise ApplicationError(f"pg_dump 失败，未生成备份：{done.stderr.strip()[:300]}")
        else:
            raise ApplicationError(f"不支持备份 {connection.vendor} 数据库。")
        media = work / "media"
        count = size = 0
        for name in _storage_files(storage):
            path = media / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, path.open("wb") as out:
                shutil.copyfileobj(source, out)
            count, size = count + 1, size + path.stat().st_size
        members = [db_name] + [f"media/{p.relative_to(media).as_posix()}" for p in
                               sorted(media.rglob("*")) if p.is_file()]  # fmt: skip
        manifest = {
            "format": FORMAT,
            "created": datetime.now(tz=timezone.get_current_timezone()).isoformat(),
            "vendor": connection.vendor,
            "migrations": _migrations(),
            "keys": key_fingerprints(),
            "files": {m: _sha256(work / m) for m in members},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            for member in members:
                archive.add(work / member, arcname=member)
        os.chmod(partial, 0o600)
        partial.rename(target)  # a backup killed half-way never looks complete
        database_bytes = (work / db_name).stat().st_size
    return BackupResult(target, database_bytes, count, size)


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise ApplicationError("该文件不是化解系统的备份（缺少 manifest.json），未做任何改动。")
    manifest: dict[str, Any] = json.loads(member.read().decode("utf-8"))
    if manifest.get("format") != FORMAT:
        raise ApplicationError("备份格式版本不符，未做任何改动。请用生成该备份的版本恢复。")
    return manifest


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def backup_restore(
    *, source: Path, force: bool = False, storage: Storage = default_storage
) -> dict[str, Any]:
    """Replace the database and the stored files with the archive's. Checked before anything
    is touched; the database is replaced in one step (SQLite backup API, pg_restore in a single
    transaction)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not source.is_file():
        raise ApplicationError(f"找不到备份文件 {source}，请核对路径。")
    with tempfile.TemporaryDirectory(prefix="huajie-restore-") as tmp:
        work = Path(tmp)
        try:
            archive = tarfile.open(source, "r:gz")
        except (tarfile.TarError, OSError) as exc:
            raise ApplicationError("无法读取该备份文件，可能已损坏，未做任何改动。") from exc
        with archive:
            manifest = _read_manifest(archive)
            files: dict[str, str] = manifest["files"]
            for name, digest in files.items():
                if not _safe(name):
                    raise ApplicationError(f"备份中的路径 {name} 不安全，未做任何改动。")
                member = archive.extractfile(name)
                if member is None:
                    raise ApplicationError(f"备份缺少 {name}，未做任何改动。")
                path = work / name
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("wb") as out:
                    shutil.copyfileobj(member, out)
                if _sha256(path) != digest:
                    raise ApplicationError(
                        f"备份中的 {name} 校验值不符（文件已损坏），未做任何改动。"
                    )
        if manifest["vendor"] != connection.vendor:
            raise ApplicationError(
                f"这是 {manifest['vendor']} 数据库的备份，当前系统使用 {connection.vendor}，"
                "不能直接恢复。"
            )
        if not force and not set(manifest["keys"]) & set(key_fingerprints()):
            raise ApplicationError(
                "当前配置的加密密钥（FIELD_ENCRYPTION_KEYS）中没有生成该备份时使用的密钥，"
                "恢复后身份证号、电话将无法解密。请先配置原密钥（可放在列表后面）再恢复。"
            )
        if connection.vendor == "sqlite":
            connection.close()
            connection.ensure_connection()
            copy = sqlite3.connect(work / "database.sqlite3")
            copy.backup(connection.connection)
            copy.close()
        else:
            args, env = _pg_env(connection.settings_dict)
            name = str(connection.settings_dict["NAME"])
            connection.close()
            done = subprocess.run(  # noqa: S603
                [_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner",
                 "--single-transaction", "--dbname", name, str(work / "database.dump")],
                env=env, capture_output=True, text=True,
            )  # fmt: skip
            if done.returncode != 0:
                raise ApplicationError(
                    f"pg_restore 失败，数据库未改动：{done.stderr.strip()[:300]}"
                )
        kept = {n.removeprefix("media/") for n in files if n.startswith("media/")}
        for name in list(_storage_files(storage)):
            if name not in kept:
                storage.delete(name)
        for name in sorted(kept):
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile((work / "media" / name).read_bytes()))
            if saved != name:
                raise ApplicationError(f"文件 {name} 未能按原名恢复（存为 {saved}）。")
    return {"created": manifest["created"], "files": len(kept), "vendor": manifest["vendor"]}


__all__ = ["BackupResult", "backup_create", "backup_restore", "key_fingerprints"]
