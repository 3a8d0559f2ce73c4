"""The xlwings.conf sheet: the settings xlwings' VBA reads (key in column A, value in B, from A1 down)."""

from __future__ import annotations

from .. import plan as P
from ..user_edits import UserEdits

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


def conf_sheet(edits: UserEdits | None = None) -> P.SheetPlan:
    """The settings; each value is the user's to change (an interpreter path, a conda env), and kept."""
    edits = edits or UserEdits()
    sheet = P.SheetPlan(SHEET, widths={0: 30, 1: 14, 2: 70})
    for row, (key, value, note) in enumerate(SETTINGS):
        sheet.cells.append(P.Cell(row, 0, key, style=P.LABEL))
        sheet.cells.append(P.Cell(row, 1, edits.assumption(SHEET, key, value), style=P.INPUT, assumption=True,
                                  key=key))
        sheet.cells.append(P.Cell(row, 2, note, style=P.NOTE))
    return sheet
