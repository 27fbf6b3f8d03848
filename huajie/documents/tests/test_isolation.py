"""The documents app serves every module and depends on none of them: nothing under
huajie/documents imports huajie.petitions (petitions registers its kinds with documents)."""

from __future__ import annotations

import ast
from pathlib import Path

import huajie.documents

ROOT = Path(huajie.documents.__file__).parent


def imported_modules(source: str, package: str) -> set[str]:
    """Every module (and imported name) `source` imports, relative imports resolved."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names |= {module, *(f"{module}.{alias.name}" for alias in node.names)}
    return names


def test_the_documents_app_imports_nothing_from_petitions():
    files = sorted(ROOT.rglob("*.py"))
    assert len(files) > 20
    offending = {}
    for path in files:
        package = ".".join(["huajie", "documents", *path.relative_to(ROOT).parent.parts])
        names = imported_modules(path.read_text(encoding="utf-8"), package)
        if found := sorted(n for n in names if n.startswith("huajie.petitions")):
            offending[str(path.relative_to(ROOT))] = found
    assert offending == {}


def test_the_check_resolves_relative_imports():
    source = "from ..petitions.models import Petition\nfrom .layout import Para\n"
    names = imported_modules(source, "huajie.documents")
    assert "huajie.petitions.models" in names and "huajie.documents.layout.Para" in names
    assert "huajie.petitions" in imported_modules("from .. import petitions", "huajie.documents")
