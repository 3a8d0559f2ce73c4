"""The xlwings.conf sheet: the settings xlwings' VBA reads (key in column A, value in B, from A1 down)."""

from __future__ import annotations

from .. import plan as P
from ..user_edits import UserEdits

SHEET = "xlwings.conf"

# Only keys with a value: xlwings' GetConfig takes a key present on this sheet — even blank — over the
# user's own %USERPROFILE%\.xlwings\xlwings.conf, so a blank Interpreter_Win here would hide the
# interpreter `znnial addin install` (or the user) set there. OVERRIDES tells how to add one.
SETTINGS = (
    # xlwings imports each module of this setting, split on ";" (xlwings/udfs.py, import_udfs): the catalogue's
    # functions, and =znnial_series, which reads the store and so lives in addin/ (addin/store_udfs.py)
    ("UDF Modules", "udfs;addin.store_udfs", "the worksheet functions: the installed packages `udfs` and "
                                              "`addin.store_udfs` (=znnial_series over the desk's store)"),
    ("Use UDF Server", True, "buttons run in the same Python process as the functions"),
    ("ADD_WORKBOOK_TO_PYTHONPATH", False, "never import a stray copy beside the workbook"),
    ("Debug UDFs", False, ""),
    ("Show Console", False, ""),
)

# Read by znnial, not by xlwings' VBA (which ignores keys it does not ask for).
STORE_KEY = "znnial store"
FETCH_KEY = "znnial fetch"  # read by addin.fetch.fetch_for_refresh, before a refresh (docs/data.md, "Fetched data")
MAPPING_KEY = "znnial mapping"  # the Refresh button's --mapping (docs/data.md)
ZNNIAL_SETTINGS = (
    (STORE_KEY, "", "blank: Refresh reads the month file; else the desk's store, e.g. sqlite:///C:/desk/desk.db "
                    "or postgresql+psycopg://you@server/desk (never a password: docs/store.md)"),
    (MAPPING_KEY, "", "blank: month files in the long layout; else the mapping file (column,metal,item,unit) of "
                      "your Wind/SMM wide files, e.g. C:/desk/wind.csv (a relative path is from this workbook)"),
    (FETCH_KEY, "", "blank: off; TRUE: Refresh first fetches SHFE prices, spot and stocks through yesterday with "
                    "AKShare (pip install \"znnial[data]\"), into the store above if set; or e.g. prices,stocks"),
)

OVERRIDES = (
    "To override your own xlwings.conf for this workbook only, add a row directly under the last key above",
    "(no blank row between: xlwings stops reading at the first blank cell in column A):",
    "Interpreter_Win — full path of pythonw.exe (e.g. C:\\Users\\you\\venv\\Scripts\\pythonw.exe)",
    "Conda Path and Conda Env — Anaconda only; used only while Interpreter_Win is blank (docs/windows.md)",
    "PYTHONPATH — extra folders; not needed: znnial comes from the installed package",
)


def conf_sheet(edits: UserEdits | None = None) -> P.SheetPlan:
    """The settings; each value is the user's to change (an interpreter path, a conda env), and kept."""
    edits = edits or UserEdits()
    sheet = P.SheetPlan(SHEET, widths={0: 30, 1: 14, 2: 70})
    for row, (key, value, note) in enumerate(SETTINGS + ZNNIAL_SETTINGS):
        sheet.cells.append(P.Cell(row, 0, key, style=P.LABEL))
        sheet.cells.append(P.Cell(row, 1, edits.assumption(SHEET, key, value), style=P.INPUT, assumption=True,
                                  key=key))
        sheet.cells.append(P.Cell(row, 2, note, style=P.NOTE))
    for row, text in enumerate(OVERRIDES, start=len(SETTINGS + ZNNIAL_SETTINGS) + 1):
        sheet.cells.append(P.Cell(row, 2, text, style=P.NOTE))
    return sheet
