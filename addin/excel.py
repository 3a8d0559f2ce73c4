"""The Excel side of the buttons: refresh the open workbook through xlwings (no module-level COM objects)."""

from __future__ import annotations

from pathlib import Path

from workbooks.build import plan_workbook
from workbooks.monthdata import Observation, merge, read_month_files
from workbooks.sheets.data import SHEET as DATA_SHEET
from workbooks.sheets.guide import MONTH_FILE_NAME

from .excel_writer import ExcelWriter
from .workbook_data import observations_from_rows

FILE_FILTER = "Month files (*.csv;*.xlsx),*.csv;*.xlsx"


def observations_in(book) -> list[Observation]:
    """The Data table of the open workbook, read in one call, through the reader the headless refresh uses."""
    names = [s.name for s in book.sheets]
    rows = book.sheets[DATA_SHEET].range("A1").expand().value if DATA_SHEET in names else None
    if rows and not isinstance(rows[0], (list, tuple)):
        rows = [rows]  # xlwings gives a single row as a flat list
    return observations_from_rows(rows, Path(book.name))


def month_file_for(book) -> Path | None:
    typed = book.names[MONTH_FILE_NAME].refers_to_range.value
    if typed:
        return Path(str(typed).strip().strip('"'))
    chosen = book.app.api.GetOpenFilename(FILE_FILTER)
    return Path(chosen) if chosen else None


def refresh_book(book, month_file: Path) -> str:
    """Validate and merge a month file into the open workbook; returns the message shown to the user."""
    book.app.status_bar = f"znnial: checking {month_file.name}"
    existing = observations_in(book)
    new = read_month_files([month_file])  # the same validation as the command line
    merged, changes = merge(existing, new)
    ExcelWriter(book, status=lambda text: setattr(book.app, "status_bar", text or False)).write(
        plan_workbook(merged))
    added = sum(1 for c in changes if c.old_value is None)
    return (f"{month_file.name}: {added} figures added, {len(changes) - added} replaced. "
            f"Latest month {max(o.month for o in merged)}.")


def refresh_from_button(book=None) -> None:
    import xlwings as xw

    book = book or xw.Book.caller()
    month_file = month_file_for(book)
    if month_file is None:
        return
    try:
        message = refresh_book(book, month_file)
    except (ValueError, OSError) as problem:  # MonthFileError, WorkbookError, unreadable file
        book.app.status_bar = False
        book.app.alert(str(problem), title="znnial: nothing was changed")
        return
    book.app.alert(message, title="znnial: refreshed")
