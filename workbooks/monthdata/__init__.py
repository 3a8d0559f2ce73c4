"""Month files: reading, validating and merging the monthly figures the workbook uses.

Public API::

    read_month_file(path, mapping=None) -> list[Observation]
    read_month_files(paths, mapping=None) -> list[Observation]
    merge(existing, new) -> (merged, changes)
    ITEMS, lookup(metal, key), Item, UNITS, normalise_unit(text)
    MonthFileError, safe_text(s), vocabulary_markdown(), BUNDLED_DATA

This layer only reads; it never writes a file.
"""

from pathlib import Path

from .errors import MonthFileError, Problem
from .mapping import load_mapping
from .observation import Observation
from .reader import read_month_file, read_month_files
from .text import safe_text
from .validate import Change, merge
from .vocabulary import ITEMS, UNITS, Item, lookup, normalise_unit, vocabulary_markdown

BUNDLED_DATA = Path(__file__).resolve().parent.parent / "data"

__all__ = [
    "BUNDLED_DATA", "Change", "ITEMS", "Item", "MonthFileError", "Observation", "Problem", "UNITS",
    "load_mapping", "lookup", "merge", "normalise_unit", "read_month_file", "read_month_files",
    "safe_text", "vocabulary_markdown",
]
