"""znnial worksheet functions: the module xlwings imports (UDF Modules = udfs).

Each function here is a thin wrapper generated from the registry in
`udfs.catalogue`; the calculations live in `udfs.core`.
"""

from __future__ import annotations

import sys

import xlwings as xw

from .catalogue import BY_NAME, FUNCTIONS
from .wrappers import decorate, make_wrapper

__all__ = [spec.name for spec in FUNCTIONS]

for _spec in FUNCTIONS:
    globals()[_spec.name] = decorate(make_wrapper(_spec), _spec, xw.func, xw.arg)
del _spec

if sys.platform == "win32":  # Excel's Python process: explain renamed copies of the workbook
    from . import rename_guard

    rename_guard.install()


def wrapper(name: str):
    """The Excel-facing function for a registry name."""
    return globals()[BY_NAME[name].name]
