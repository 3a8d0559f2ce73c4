"""A clear message when a renamed copy of an older workbook presses Refresh.

The Refresh button of workbooks built before issue 11 called xlwings' SampleCall, which imports the module
named after the workbook, so
``znnial (2).xlsm`` or ``znnial_dec.xlsm`` would fail with a bare
"No module named 'znnial_dec'". Inside Excel's Python process this finder
answers such imports with an error that says what happened and what to do.
"""

from __future__ import annotations

import importlib.abc
import re
import sys

_COPY_NAME = re.compile(r"^znnial.+$", re.IGNORECASE)

MESSAGE = ("This workbook was built by an older znnial, whose Refresh button runs the Python module named after "
           "the file, and it is called '{name}.xlsm'. Run `znnial refresh \"{name}.xlsm\" MONTH_FILE` once from a "
           "terminal: the rebuilt button works under any file name. Or Save it as znnial.xlsm and press Refresh.")


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
