"""The VBA project the workbook carries: xlwings' own, taken from the installed package."""

from __future__ import annotations

import zipfile
from importlib.resources import files

SOURCE_WORKBOOK = "quickstart_standalone.xlsm"  # xlwings' standalone template: no add-in needed
MEMBER = "xl/vbaProject.bin"

# Macros of that project the buttons call (checked by the tests with olevba).
IMPORT_FUNCTIONS = "ImportPythonUDFs"  # writes the VBA wrappers of `UDF Modules`
# The Refresh button calls xlwings' public `RunPython` with the command as its argument — Excel's Assign Macro
# accepts a call with arguments in single quotes ('Macro "arg"'), stored as the button's <x:FmlaMacro>. So any
# copy of the workbook (znnial_2020_01.xlsm, "znnial 2020-01.xlsm") runs znnial.main(); xlwings' SampleCall
# would import a module named after the file instead.
REFRESH_COMMAND = "import znnial; znnial.main()"
REFRESH = f"'RunPython \"{REFRESH_COMMAND}\"'"
RESTART_PYTHON = "KillPy"  # ends the Python process; the next call starts a fresh one


def xlwings_vba_project() -> bytes:
    """The bytes of xlwings' vbaProject.bin, unchanged."""
    with zipfile.ZipFile(files("xlwings").joinpath(SOURCE_WORKBOOK).open("rb")) as source:
        return source.read(MEMBER)
