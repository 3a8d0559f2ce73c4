"""The xlwings.conf sheet: the settings xlwings' VBA reads (key in column A, value in B, from A1 down)."""

from __future__ import annotations

from .. import plan as P

SHEET = "xlwings.conf"

SETTINGS = (
    ("UDF Modules", "udfs", "the worksheet functions: the installed package `udfs`"),
    ("Use UDF Server", True, "buttons run in the same Python process as the functions"),
    ("Interpreter_Win", "", "blank: pythonw.exe on PATH; else its full path"),
    ("Interpreter_Mac", "", "blank: python on PATH"),
    ("Conda Path", "", "only for Anaconda installs"),
    ("Conda Env", "", "only for Anaconda installs"),
    ("PYTHONPATH", "", "blank: znnial comes from the installed package, wherever this file is"),
    ("ADD_WORKBOOK_TO_PYTHONPATH", False, "never import a stray copy beside the workbook"),
    ("Debug UDFs", False, ""),
    ("Show Console", False, ""),
)

# Read by znnial, not by xlwings' VBA (which ignores keys it does not ask for).
STORE_KEY = "znnial store"
ZNNIAL_SETTINGS = (
    (STORE_KEY, "", "blank: Refresh reads the month file; else the desk's store, e.g. sqlite:///C:/desk/desk.db "
                    "or postgresql+psycopg://you@server/desk (never a password: docs/store.md)"),
)


def conf_sheet() -> P.SheetPlan:
    sheet = P.SheetPlan(SHEET, widths={0: 30, 1: 14, 2: 70})
    for row, (key, value, note) in enumerate(SETTINGS + ZNNIAL_SETTINGS):
        sheet.cells.append(P.Cell(row, 0, key, style=P.LABEL))
        sheet.cells.append(P.Cell(row, 1, value, style=P.INPUT))
        sheet.cells.append(P.Cell(row, 2, note, style=P.NOTE))
    return sheet
