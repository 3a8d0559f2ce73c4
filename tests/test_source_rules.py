"""Small modules with one job (the project's standards, issue 22 item 7): over udfs/, workbooks/ and addin/,
no source file over 450 lines, no function over 60 lines, a docstring on every module.

Lines of a file are counted as the file has them (``splitlines``); a function's from its ``def`` (or first
decorator) to its last line, as ``ast`` reports them.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("udfs", "workbooks", "addin")
MAX_FILE_LINES = 450
MAX_FUNCTION_LINES = 60


def _sources():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _function_lengths(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            yield node.name, node.lineno, node.end_lineno - first + 1


def file_offences(path: Path, text: str) -> list[str]:
    """What breaks the three rules in one file's text (path: for the messages)."""
    rel = path.relative_to(ROOT).as_posix() if path.is_absolute() else str(path)
    tree = ast.parse(text)
    offences = []
    lines = len(text.splitlines())
    if lines > MAX_FILE_LINES:
        offences.append(f"{rel}: {lines} lines (at most {MAX_FILE_LINES})")
    if not ast.get_docstring(tree):
        offences.append(f"{rel}: no module docstring")
    for name, lineno, length in _function_lengths(tree):
        if length > MAX_FUNCTION_LINES:
            offences.append(f"{rel}:{lineno} {name}: {length} lines (at most {MAX_FUNCTION_LINES})")
    return offences


def test_the_checker_finds_each_offence():
    # by hand: 451 lines, no docstring, and a 61-line function (def + 60 body lines)
    long_function = "def f():\n" + "    x = 1\n" * 60
    text = long_function + "\n" * (451 - 61)
    assert len(text.splitlines()) == 451
    assert file_offences(Path("m.py"), text) == ["m.py: 451 lines (at most 450)", "m.py: no module docstring",
                                                 "m.py:1 f: 61 lines (at most 60)"]
    fine = '"""One job."""\n\n\n@staticmethod\ndef g():\n' + "    x = 1\n" * 55
    assert file_offences(Path("m.py"), fine) == []  # decorator + def + 55 lines = 57


def test_every_source_file_keeps_the_rules():
    offences = []
    for path in _sources():
        offences += file_offences(path, path.read_text(encoding="utf-8"))
    assert offences == [], "\n".join(offences)
