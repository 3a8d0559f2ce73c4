"""The VBA project the workbook carries: xlwings' own, taken from the installed package."""

from __future__ import annotations

import zipfile
from importlib.resources import files

SOURCE_WORKBOOK = "quickstart_standalone.xlsm"  # xlwings' standalone template: no add-in needed
MEMBER = "xl/vbaProject.bin"

# Macros of that project the buttons call (checked by the tests with olevba).
IMPORT_FUNCTIONS = "ImportPythonUDFs"  # writes the VBA wrappers of `UDF Modules`
REFRESH = "SampleCall"  # runs `import <workbook name>; <workbook name>.main()`, i.e. znnial.main()
RESTART_PYTHON = "KillPy"  # ends the Python process; the next call starts a fresh one


def xlwings_vba_project() -> bytes:
    """The bytes of xlwings' vbaProject.bin, unchanged."""
    with zipfile.ZipFile(files("xlwings").joinpath(SOURCE_WORKBOOK).open("rb")) as source:
        return source.read(MEMBER)
