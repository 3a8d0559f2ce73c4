"""The Excel side of the buttons: refresh the open workbook through xlwings (no module-level COM objects)."""

from __future__ import annotations

from pathlib import Path

from workbooks.build import plan_workbook
from workbooks.errors import ZnnialError
from workbooks.monthdata import Observation, merge, read_month_files
from workbooks.plan import WorkbookPlan
from workbooks.sheets import conf
from workbooks.sheets.data import SHEET as DATA_SHEET
from workbooks.sheets.guide import MONTH_FILE_NAME
from workbooks.user_edits import UserEdits, assumption_cells, assumption_edits, clear_vacated

from .excel_writer import ExcelWriter, block_rows
from .workbook_data import WorkbookError, observations_from_rows

FILE_FILTER = "Month files (*.csv;*.xlsx),*.csv;*.xlsx"


def observations_in(book) -> list[Observation]:
    """The Data table of the open workbook, read in one call, through the reader the headless refresh uses."""
    names = [s.name for s in book.sheets]
    rows = book.sheets[DATA_SHEET].range("A1").expand().value if DATA_SHEET in names else None
    if rows and not isinstance(rows[0], (list, tuple)):
        rows = [rows]  # xlwings gives a single row as a flat list
    return observations_from_rows(rows, Path(book.name))


def store_url_in(book) -> str | None:
    """The store named on the xlwings.conf sheet (key `conf.STORE_KEY`); None when blank or absent."""
    if conf.SHEET not in [s.name for s in book.sheets]:
        return None
    for row in book.sheets[conf.SHEET].range("A1").expand().value or []:
        if isinstance(row, list) and len(row) > 1 and str(row[0]).strip().casefold() == conf.STORE_KEY:
            return str(row[1]).strip() or None if row[1] is not None else None
    return None


def typed_month_file(book) -> Path | None:
    typed = book.names[MONTH_FILE_NAME].refers_to_range.value
    return Path(str(typed).strip().strip('"')) if typed else None


def edits_in(book, layout: WorkbookPlan) -> UserEdits:
    """The user's assumptions in the open workbook (source order included), by key, so the plan
    computes with them; one block read per sheet. The rule is workbooks/user_edits.py's."""
    present = {s.name for s in book.sheets}
    edits = UserEdits()
    for sheet in layout.sheets:
        if sheet.name not in present or not assumption_cells(sheet):
            continue
        rows = block_rows(book.sheets[sheet.name].range((1, 1), (sheet.last_row + 1, sheet.last_col + 1)).value)
        kept = assumption_edits(sheet, lambda r, c: rows[r][c] if r < len(rows) and c < len(rows[r]) else None)
        if kept:
            edits.assumptions[sheet.name] = kept
    return edits


def month_file_for(book) -> Path | None:
    typed = typed_month_file(book)
    if typed:
        return typed
    chosen = book.app.api.GetOpenFilename(FILE_FILTER)
    return Path(chosen) if chosen else None


def refresh_book(book, month_file: Path | None, base: list[Observation] | None = None,
                 base_name: str = "the store") -> str:
    """Validate and merge a month file into the open workbook (into ``base``, a store's figures, instead of
    the workbook's Data when given); returns the message shown to the user."""
    book.app.status_bar = f"znnial: checking {month_file.name if month_file else base_name}"
    existing = observations_in(book)
    new = read_month_files([month_file]) if month_file else []  # the same validation as the command line
    merged, changes = merge(existing if base is None else base, new)
    if base is not None:
        _, changes = merge(existing, merged)  # what changed in this workbook
    layout = plan_workbook(existing)  # where the open sheets' tables are
    workbook_plan = plan_workbook(merged, edits_in(book, layout))
    clear_vacated(layout, workbook_plan)
    ExcelWriter(book, status=lambda text: setattr(book.app, "status_bar", text or False)).write(workbook_plan)
    added = sum(1 for c in changes if c.old_value is None)
    left_out = len({o.key for o in existing} - {o.key for o in merged}) if base is not None else 0
    return (f"{month_file.name if month_file else base_name}: {added} figures added, {len(changes) - added} replaced. "
            f"Latest month {max(o.month for o in merged)}."
            + (f" {left_out} figures of the workbook are not in {base_name} and were left out." if left_out else ""))


def store_figures(url: str, book) -> tuple[list[Observation], str]:
    """The latest figures of the store the workbook names, and how to name it in a message."""
    from .store import open_store

    book.app.status_bar = "znnial: reading the store"
    with open_store(url, where=f"the '{conf.SHEET}' sheet") as store:
        return store.observations(), f"store {store.name}"


def refresh_from_button(book=None) -> None:
    import xlwings as xw

    book = book or xw.Book.caller()
    store_url = store_url_in(book)
    month_file = typed_month_file(book) if store_url else month_file_for(book)  # optional with a store
    if month_file is None and not store_url:
        return
    try:
        if store_url:
            base, name = store_figures(store_url, book)
            message = refresh_book(book, month_file, base, name)
        else:
            message = refresh_book(book, month_file)
    except (ZnnialError, OSError) as problem:  # every refusal (workbooks/errors.py), or an unreadable file
        book.app.status_bar = False
        book.app.alert(str(problem), title="znnial: nothing was changed")
        return
    book.app.alert(message, title="znnial: refreshed")
