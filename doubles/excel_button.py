"""Pressing the Refresh button in tests: a workbook file opened in the Excel fake (doubles/excel_com.py), the
button run as xlwings' RunPython runs it, and two workbook files compared cell by cell with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from addin.excel import refresh_from_button
from doubles import win32_stubs
from doubles.excel_com import Application, Workbook

HWND = 1001


def open_in_excel(path: Path) -> tuple[Application, Workbook]:
    app = Application(HWND)
    return app, app.open(path)


def xl(book: Workbook):
    """The open book as xlwings' own Book, for typing edits into it as a user (or a macro) would."""
    import xlwings as xw

    from xlwings import _xlwindows

    return xw.Book(impl=_xlwindows.Book(xl=_xlwindows.COMRetryObjectWrapper(book)))


def press_refresh(app: Application, book: Workbook, answer: str | Path | bool | None = None):
    """Press Refresh in `book`; `answer`: what the file dialog returns if asked. Returns (title, message) of
    the one alert shown, or None."""
    if answer is not None:
        app.answers.append(str(answer) if isinstance(answer, Path) else answer)
    shown = len(win32_stubs.MESSAGES)
    with win32_stubs.windows_platform(book.Name, HWND):
        refresh_from_button()
    alerts = win32_stubs.MESSAGES[shown:]
    assert len(alerts) <= 1, alerts  # one message at most, whatever happened
    return alerts[0] if alerts else None


def contents(path: Path) -> dict[str, dict[str, tuple]]:
    """Each sheet's cells: (what the cell holds — formula text or literal —, number format), non-empty only."""
    book = openpyxl.load_workbook(path, keep_vba=True)
    out = {}
    for sheet in book.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                held = getattr(cell.value, "text", cell.value)  # an ArrayFormula's text
                if held is not None or cell.number_format != "General":
                    cells[cell.coordinate] = (held, cell.number_format)
        out[sheet.title] = cells
    return out


def assert_same_cells(left: Path, right: Path) -> int:
    """The two files hold the same sheets, cell contents and number formats; returns the cells compared."""
    a, b = contents(left), contents(right)
    assert list(a) == list(b)
    for name in a:
        differing = {k: (a[name].get(k), b[name].get(k)) for k in a[name].keys() | b[name].keys()
                     if a[name].get(k) != b[name].get(k)}
        assert differing == {}, name
    return sum(map(len, a.values()))
