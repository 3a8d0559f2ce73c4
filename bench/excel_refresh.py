"""The Refresh button's cost in Excel: COM round trips per press, and function evaluations it causes.

There is no Excel here: the button runs through xlwings 0.37.8's own Windows engine over the Excel fake of
doubles/excel_com.py, which counts every COM round trip (a property read or write, a method call). The button
writes no cell into the open workbook (addin/excel.py: SaveCopyAs, the headless refresh, Workbooks.Open), so
its round trips do not grow with the history; the baseline is the count at the shortest history.

Function evaluations in Excel after the refresh: the new workbook is opened with its saved values. Excel
recalculates on open only for fullCalcOnLoad or an older calcId (ECMA-376 §18.2.2, as
tests/test_excel_opening.py checks on the template); the row reads both from the file the button made.
Counts, not times: they are exact and repeatable.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .section import Row, Sizes
from .synthetic import refresh_month_file, synthetic_observations


def _pressed(months: int, month_file: Path, folder: Path) -> tuple[int, Path]:
    from doubles.excel_button import open_in_excel, press_refresh
    from workbooks.build import plan_workbook
    from workbooks.xlsx_writer import write_workbook

    desk = folder / f"desk-{months}"
    desk.mkdir()
    workbook = desk / "znnial.xlsm"
    write_workbook(plan_workbook(synthetic_observations(months)), workbook)
    app, book = open_in_excel(workbook)
    title, message = press_refresh(app, book, answer=month_file)
    if title != "znnial: refreshed":
        raise RuntimeError(message)
    made, = (path for path in desk.glob("znnial *.xlsm"))
    return app.round_trips, made


def evaluations_on_open(workbook: Path) -> int | None:
    """0 when Excel shows the saved values on open; None (every formula) when it would recalculate."""
    from workbooks.xlsx_writer import EXCEL_CALC_ID

    with zipfile.ZipFile(workbook) as archive:
        calc = re.search(r"<calcPr[^>]*/>", archive.read("xl/workbook.xml").decode("utf-8")).group(0)
    trusted = "fullCalcOnLoad" not in calc and f'calcId="{EXCEL_CALC_ID}"' in calc
    return 0 if trusted else None


def measure(sizes: Sizes, folder: Path) -> list[Row]:
    """COM round trips of one press of Refresh at the shortest and longest history."""
    month_file = refresh_month_file(folder, "bench-excel")
    rows, counts = [], []
    for months in sorted({sizes.months[0], sizes.months[-1]}):
        trips, made = _pressed(months, month_file, folder)
        counts.append(trips)
        rows.append(Row(f"Refresh button into {months} months: COM round trips", f"{trips:,}",
                        f"{counts[0]:,} at {sizes.months[0]} months", f"{trips / counts[0]:.2f}×",
                        "same at every history length", None))
        evaluations = evaluations_on_open(made)
        rows.append(Row("  function evaluations in Excel on opening the new workbook",
                        "0 (saved values)" if evaluations == 0 else "all (recalculated)", "0", "—",
                        "0: calcId kept, no fullCalcOnLoad", evaluations == 0))
    for row in rows[::2]:
        row.met = len(set(counts)) == 1
    return rows
