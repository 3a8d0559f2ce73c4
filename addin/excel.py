"""The Excel side of the buttons: refresh the open workbook through xlwings (no module-level COM objects)."""

from __future__ import annotations

from pathlib import Path

from workbooks.build import plan_workbook
from workbooks.monthdata import Observation, merge, read_month_files
from workbooks.plan import WorkbookPlan
from workbooks.sheets.data import COLUMNS, SHEET as DATA_SHEET
from workbooks.sheets.guide import MONTH_FILE_NAME
from workbooks.user_edits import UserEdits, assumption_cells, assumption_edits, clear_vacated

from .excel_writer import ExcelWriter
from .workbook_data import WorkbookError

FILE_FILTER = "Month files (*.csv;*.xlsx),*.csv;*.xlsx"


def observations_in(book) -> list[Observation]:
    """The Data table of the open workbook, read in one call."""
    names = [s.name for s in book.sheets]
    if DATA_SHEET not in names:
        raise WorkbookError(f"{book.name} has no '{DATA_SHEET}' sheet — not a znnial workbook")
    rows = book.sheets[DATA_SHEET].range("A1").expand().value or []
    if not rows or tuple(rows[0][: len(COLUMNS)]) != COLUMNS:
        raise WorkbookError(f"'{DATA_SHEET}' does not start with {', '.join(COLUMNS)}")
    return [Observation(str(m), str(metal), str(item), float(v), str(u), str(src), book.name, n)
            for n, (m, metal, item, v, u, src) in enumerate((r[:6] for r in rows[1:]), start=2)]


def _block(value) -> list[list]:
    """Range.Value of a block as a list of rows (xlwings gives a scalar for one cell, a flat list for one row)."""
    if not isinstance(value, list):
        return [[value]]
    return value if value and isinstance(value[0], list) else [value]


def edits_in(book, layout: WorkbookPlan) -> UserEdits:
    """The user's assumptions in the open workbook (source order included), by key, so the plan
    computes with them; one block read per sheet. The rule is workbooks/user_edits.py's."""
    present = {s.name for s in book.sheets}
    edits = UserEdits()
    for sheet in layout.sheets:
        if sheet.name not in present or not assumption_cells(sheet):
            continue
        rows = _block(book.sheets[sheet.name].range((1, 1), (sheet.last_row + 1, sheet.last_col + 1)).value)
        kept = assumption_edits(sheet, lambda r, c: rows[r][c] if r < len(rows) and c < len(rows[r]) else None)
        if kept:
            edits.assumptions[sheet.name] = kept
    return edits


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
    layout = plan_workbook(existing)  # where the open sheets' tables are
    workbook_plan = plan_workbook(merged, edits_in(book, layout))
    clear_vacated(layout, workbook_plan)
    ExcelWriter(book, status=lambda text: setattr(book.app, "status_bar", text or False)).write(workbook_plan)
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
