"""One error root (workbooks/errors.py): every error znnial raises to a user derives from ZnnialError through
the branch that says whose move it is, so the command line and the button catch one class."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from addin.fetch.errors import FetchError
from workbooks.function_options import WorkbookXmlError
from workbooks.vba import ProjectError

from addin.install import AddinInstallError
from addin.store.errors import StoreError
from addin.workbook_data import WorkbookError
from workbooks.errors import ZnnialError, ZnnialFileError, ZnnialInputError
from workbooks.monthdata import MonthFileError
from workbooks.spec_check import SpecError
from workbooks.user_edits import EditConflict

ROOT = Path(__file__).resolve().parent.parent

# Each class and its branch, by hand: input is the user's to fix in what they gave, file is a file's state.
BRANCHES = {MonthFileError: ZnnialInputError, SpecError: ZnnialInputError, EditConflict: ZnnialInputError,
            WorkbookError: ZnnialFileError, AddinInstallError: ZnnialFileError, StoreError: ZnnialError,
            FetchError: ZnnialInputError, ProjectError: ZnnialFileError, WorkbookXmlError: ZnnialFileError}
# Errors that never reach the command line or the button: a worksheet function's message shown in its cell
# (udfs/coercion.py), and the import error Excel's VBA shows for a renamed workbook (udfs/rename_guard.py).
# `udfs` sits below `workbooks` and cannot import the root (tests/test_architecture.py).
IN_EXCEL_ONLY = {"udfs/coercion.py": "InputError", "udfs/rename_guard.py": "RenamedWorkbookError",
                 # raised when the catalogue is imported (a developer's declaration), never by a command
                 "udfs/registry.py": "DeclarationError"}


@pytest.mark.parametrize("error", list(BRANCHES), ids=lambda e: e.__name__)
def test_each_error_is_on_its_branch(error):
    assert issubclass(error, BRANCHES[error]) and issubclass(error, ZnnialError)


def test_no_error_class_outside_the_root():
    declared = {}
    for package in ("udfs", "workbooks", "addin"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef) and node.name.endswith(("Error", "Conflict")):
                    declared[node.name] = path.relative_to(ROOT).as_posix()
    by_name = {e.__name__: e for e in BRANCHES} | {"ZnnialInputError": ZnnialInputError,
                                                   "ZnnialFileError": ZnnialFileError, "ZnnialError": ZnnialError}
    outside = {name: where for name, where in declared.items()
               if name not in by_name and IN_EXCEL_ONLY.get(where) != name}
    assert outside == {}, "derive each from a branch of workbooks/errors.py and list it in BRANCHES"
