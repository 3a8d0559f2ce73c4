"""A clear message when a renamed copy of the workbook presses Refresh.

xlwings' Refresh macro imports the module named after the workbook, so
``znnial (2).xlsm`` or ``znnial_dec.xlsm`` would fail with a bare
"No module named 'znnial_dec'". Inside Excel's Python process this finder
answers such imports with an error that says what happened and what to do.
"""

from __future__ import annotations

import importlib.abc
import re
import sys

_COPY_NAME = re.compile(r"^znnial.+$", re.IGNORECASE)

MESSAGE = ("The Refresh button runs the Python module named after the workbook, and this workbook is "
           "called '{name}.xlsm'. Save it as znnial.xlsm (any folder) and press Refresh again, or run "
           "`znnial refresh \"{name}.xlsm\" MONTH_FILE` from a terminal.")


class RenamedWorkbookError(ModuleNotFoundError):
    pass


class RenamedWorkbookFinder(importlib.abc.MetaPathFinder):
    """Last on sys.meta_path: only asked after every real finder has failed."""

    def find_spec(self, fullname, path=None, target=None):
        if path is None and _COPY_NAME.match(fullname) and fullname != "znnial":
            raise RenamedWorkbookError(MESSAGE.format(name=fullname), name=fullname)
        return None


def install() -> None:
    if not any(isinstance(f, RenamedWorkbookFinder) for f in sys.meta_path):
        sys.meta_path.append(RenamedWorkbookFinder())
