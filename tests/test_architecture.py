"""The shape the architecture promises (docs/architecture.md): the shared machinery imports no
module that uses it, and the import circles between apps stay gone."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "huajie"
SHARED = ["common", "deadlines", "timelimits", "workflow", "jobs", "notices", "documents"]
MODULES = ["petitions", "mediation", "duty", "emergency", "portal", "analytics"]


def imports_of(package: str) -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add((str(path.relative_to(ROOT)), node.module))
            elif isinstance(node, ast.Import):
                found.update((str(path.relative_to(ROOT)), a.name) for a in node.names)
    return found


@pytest.mark.parametrize("package", [p for p in SHARED if (ROOT / p).exists()])
def test_shared_machinery_imports_no_module(package):
    bad = [
        (where, module)
        for where, module in imports_of(package)
        if any(module.startswith(f"huajie.{m}") for m in MODULES)
    ]
    assert not bad, f"huajie/{package} imports a module that builds on it: {bad}"


def test_petitions_does_not_import_the_apps_built_on_it():
    bad = [
        (where, module)
        for where, module in imports_of("petitions")
        if module.startswith(("huajie.similarity", "huajie.imports", "huajie.routing"))
    ]
    assert not bad, bad


def test_the_timeline_does_not_import_the_workflow():
    events = ROOT / "petitions" / "services" / "events.py"
    assert "workflow" not in events.read_text(encoding="utf-8")


def test_the_product_does_not_import_the_benchmarks():
    """The bulk data generator lives in bench/ and nothing under huajie/ (tests included) may
    reach it."""
    bad = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            bad += [(str(path.relative_to(ROOT)), n) for n in names if n.split(".")[0] == "bench"]
    assert not bad, bad
    assert importlib.util.find_spec("huajie.petitions.generator") is None
