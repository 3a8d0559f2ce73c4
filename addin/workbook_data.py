"""Reading the Data table back out of a workbook (python-calamine: fast, no formulas evaluated)."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from workbooks.errors import ZnnialFileError
from workbooks.monthdata import Observation
from workbooks.sheets.data import COLUMNS, SHEET


class WorkbookError(ZnnialFileError, ValueError):
    """The workbook is not one znnial can read or refresh; the message says why."""


def read_observations(workbook: Path) -> list[Observation]:
    path = Path(workbook)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as problem:  # calamine raises several types for unreadable files
        raise WorkbookError(f"{path.name}: cannot be read as a workbook ({problem})") from None
    if SHEET not in book.sheet_names:
        raise WorkbookError(f"{path.name}: has no '{SHEET}' sheet — not a znnial workbook")
    return observations_from_rows(book.get_sheet_by_name(SHEET).to_python(skip_empty_area=False), path)


def observations_from_rows(rows: list[list] | None, path: Path) -> list[Observation]:
    """The Data table's rows (as calamine reads them) as observations."""
    path = Path(path)
    if rows is None:
        raise WorkbookError(f"{path.name}: has no '{SHEET}' sheet — not a znnial workbook")
    if not rows or tuple(str(c) for c in rows[0][: len(COLUMNS)]) != COLUMNS:
        raise WorkbookError(f"{path.name}: the '{SHEET}' sheet does not start with {', '.join(COLUMNS)}")
    observations = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell not in ("", None) for cell in row):
            continue
        month, metal, item, value, unit, source = (list(row) + [""] * 6)[:6]
        try:
            observations.append(Observation(str(month), str(metal), str(item), float(value), str(unit), str(source),
                                            str(path), number))
        except (TypeError, ValueError):
            raise WorkbookError(f"{path.name}: '{SHEET}' row {number} has value {value!r}, not a number") from None
    return observations
