"""Reading the Data table back out of a workbook (python-calamine: fast, no formulas evaluated)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from python_calamine import CalamineWorkbook

from workbooks.errors import ZnnialFileError
from workbooks.monthdata import MonthFileError, Observation
from workbooks.monthdata.file_shapes import RawRecord
from workbooks.monthdata.validate import check_records, find_duplicates
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
    """The Data table's rows (as calamine reads them) as observations, checked as a month file's are.

    The Data sheet is where each figure lives and where users correct one (docs/data.md), so its rows pass
    the month-file checks (item vocabulary, unit, plausible range, duplicates): one MonthFileError lists every
    problem, each naming the Data sheet's row (header = row 1) as Excel shows it."""
    path = Path(path)
    if rows is None:
        raise WorkbookError(f"{path.name}: has no '{SHEET}' sheet — not a znnial workbook")
    if not rows or tuple(str(c) for c in rows[0][: len(COLUMNS)]) != COLUMNS:
        raise WorkbookError(f"{path.name}: the '{SHEET}' sheet does not start with {', '.join(COLUMNS)}")
    records = []
    for number, row in enumerate(rows[1:], start=2):
        cells = (list(row) + [None] * len(COLUMNS))[: len(COLUMNS)]
        if all(cell in ("", None) for cell in cells):
            continue
        records.append(RawRecord(number, *(None if cell == "" else cell for cell in cells)))
    where = data_sheet_label(path)
    observations, problems = check_records(records, where)
    problems += find_duplicates(observations)
    if problems:
        raise MonthFileError(problems)
    return [replace(obs, file=str(path)) for obs in observations]


def data_sheet_label(path: Path) -> str:
    """How a message names the Data sheet of a workbook: ``znnial.xlsm, sheet '数据 Data'``."""
    return f"{Path(path).name}, sheet '{SHEET}'"
