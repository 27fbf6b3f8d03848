"""Model files in `settings.ROUTER_DIR` (default var/router/, outside the repository).

Each training writes `router-v0007.joblib` and its report `router-v0007.json`, then replaces the
one-line pointer `current` atomically. Every process keeps the loaded model in memory and looks
at the pointer's modification time on each use (one `stat`), so a new version written by the
nightly job is picked up by every web process without a restart. A missing or unreadable file
gives no model and a warning the admin page shows — never an error to the clerk.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
from django.conf import settings

from .engine import FORMAT, Router

log = logging.getLogger(__name__)
POINTER = "current"
NAME = re.compile(r"^router-v(\d{4,})\.joblib$")


def router_dir() -> Path:
    return Path(settings.ROUTER_DIR)


@dataclass(frozen=True)
class Loaded:
    router: Router | None
    version: int | None = None
    file: str = ""
    warning: str = ""


_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, int, str], Loaded]] = {}


def versions() -> list[int]:
    folder = router_dir()
    if not folder.is_dir():
        return []
    found = (NAME.match(p.name) for p in folder.iterdir())
    return sorted(int(m.group(1)) for m in found if m)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dump(router: Router, path: str | os.PathLike[str]) -> None:
    """Uncompressed: the arrays are already small (sparse float32 weights, an int64
    vocabulary) and loading them is then a plain read, well under a second."""
    joblib.dump(router, path, compress=0)


def save(router: Router) -> tuple[int, Path]:
    """Write the next version and make it current. Returns the version and the file."""
    folder = router_dir()
    folder.mkdir(parents=True, exist_ok=True)
    version = (versions() or [0])[-1] + 1
    router.version = version
    path = folder / f"router-v{version:04d}.joblib"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
    os.close(fd)
    try:
        dump(router, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    report = json.dumps({"version": version, **router.report}, ensure_ascii=False, indent=1)
    _atomic_write(path.with_suffix(".json"), report.encode())
    _atomic_write(folder / POINTER, path.name.encode())
    return version, path


def report(version: int) -> dict[str, Any] | None:
    path = router_dir() / f"router-v{version:04d}.json"
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def _pointer() -> tuple[tuple[int, int, str], str] | None:
    pointer = router_dir() / POINTER
    try:
        stat = pointer.stat()
        name = pointer.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, name), name


def _load(name: str) -> Loaded:
    match = NAME.match(name)
    path = router_dir() / name
    if match is None or not path.is_file():
        return Loaded(
            None, warning=f"模型文件 {name or '（空）'} 不存在，暂按关键词规则建议。请重新训练。"
        )
    try:
        router = joblib.load(path)
        if not isinstance(router, Router) or router.format != FORMAT:
            raise TypeError("not a router of this format")
    except Exception as exc:  # a damaged file must never reach the clerk as an error
        log.warning("routing model %s could not be loaded: %s", path, exc)
        return Loaded(
            None,
            file=str(path),
            warning=f"模型文件 {path.name} 已损坏或版本不符，暂按关键词规则建议。请重新训练。",
        )
    return Loaded(router, version=int(match.group(1)), file=str(path))


def current() -> Loaded:
    """The model in use, loaded once per process and again when a new version is written."""
    pointer = _pointer()
    if pointer is None:
        return Loaded(None)
    key, name = pointer
    folder = str(router_dir())
    cached = _cache.get(folder)
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        cached = _cache.get(folder)
        if cached is not None and cached[0] == key:
            return cached[1]
        loaded = _load(name)
        _cache[folder] = (key, loaded)
        return loaded


def forget() -> None:
    """Drop what this process has loaded (tests, and after the folder setting changes)."""
    _cache.clear()
