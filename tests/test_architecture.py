"""Dependencies point one way: udfs.core ← udfs ← workbooks ← addin; the core does no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"udfs/core": 0, "udfs": 1, "workbooks": 2, "addin": 3}
PACKAGE_LAYER = {"udfs.core": 0, "udfs": 1, "workbooks": 2, "addin": 3}
CORE_FORBIDDEN = {"xlwings", "openpyxl", "xlsxwriter", "python_calamine", "os", "io", "pathlib", "csv",
                  "subprocess", "socket", "open"}


def _layer_of_file(path: Path) -> int:
    rel = path.relative_to(ROOT).as_posix()
    matches = [prefix for prefix in LAYERS if rel.startswith(prefix + "/")]
    return LAYERS[max(matches, key=len)]  # udfs/core/x.py is the core, not udfs


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                yield ".".join((*base, node.module)) if node.module else ".".join(base)
            else:
                yield node.module


def _layer_of_module(name: str) -> int | None:
    for prefix in sorted(PACKAGE_LAYER, key=len, reverse=True):
        if name == prefix or name.startswith(prefix + "."):
            return PACKAGE_LAYER[prefix]
    return None


def test_no_module_imports_a_higher_layer():
    offences = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if not rel.startswith(tuple(p + "/" for p in LAYERS)):
            continue
        mine = _layer_of_file(path)
        for name in _imports(path):
            theirs = _layer_of_module(name)
            if theirs is not None and theirs > mine:
                offences.append(f"{rel} imports {name}")
    assert offences == []


def test_the_core_does_no_io_and_knows_no_excel():
    offences = []
    for path in sorted((ROOT / "udfs" / "core").glob("*.py")):
        for name in _imports(path):
            if name.split(".")[0] in CORE_FORBIDDEN:
                offences.append(f"{path.name} imports {name}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
        if "open" in calls or "print" in calls:
            offences.append(f"{path.name} does I/O")
    assert offences == []


def test_bench_imports_nothing_from_tests():
    # bench/ measures what users run, with the doubles it shares with the tests (doubles/), not the tests
    offences = [f"{path.relative_to(ROOT).as_posix()} imports {name}" for path in sorted((ROOT / "bench").glob("*.py"))
                for name in _imports(path) if name == "tests" or name.startswith("tests.")]
    assert offences == []


def test_no_production_code_reads_a_test_variable():
    # a variable only the tests set (ZNNIAL_TEST_…, ZNNIAL_STORE_TEST_…) has no reader in udfs/, workbooks/, addin/
    offences = [f"{path.relative_to(ROOT).as_posix()}: {text}" for layer in LAYERS for path in
                sorted((ROOT / layer).glob("**/*.py")) for text in ("_TEST_", "PYTEST_CURRENT_TEST")
                if text in path.read_text(encoding="utf-8")]
    assert offences == []
