"""The Refresh button's cost in Excel: COM round trips and recalculations per in-Excel refresh.

There is no Excel here: the refresh runs against doubles/excel_double.py, which counts every COM round trip
(a property read or write, a method call) and models Excel's recalculation — a write under automatic
calculation recalculates the znnial calls that depend on it. The baseline is the same writer with Excel's
calculation left on automatic (what the writer did before it suspended calculation), so the ratio is what
suspending calculation saves. Counts, not times: they are exact and repeatable.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from .section import Row, Sizes
from .synthetic import refresh_month_file, synthetic_observations


def _refreshed(months: int, month_file: Path, suspend: bool):
    from addin import excel_writer
    from addin.excel import refresh_book
    from doubles.excel_double import FakeBook
    from workbooks.build import plan_workbook

    book = FakeBook()
    excel_writer.ExcelWriter(book).write(plan_workbook(synthetic_observations(months)))
    book.app.com_calls = book.app.recalculations = book.app.function_calls = 0
    if suspend:
        refresh_book(book, month_file)
        return book.app
    quiet = excel_writer.quiet
    excel_writer.quiet = lambda app: contextlib.nullcontext()  # calculation left as it is: automatic
    try:
        refresh_book(book, month_file)
    finally:
        excel_writer.quiet = quiet
    return book.app


def measure(sizes: Sizes, folder: Path) -> list[Row]:
    """COM calls and recalculations of one in-Excel refresh at the shortest and longest history."""
    month_file = refresh_month_file(folder, "bench-excel")
    rows, calls = [], []
    for months in sorted({sizes.months[0], sizes.months[-1]}):
        ours = _refreshed(months, month_file, suspend=True)
        naive = _refreshed(months, month_file, suspend=False)
        calls.append(ours.com_calls)
        rows.append(Row(f"in-Excel refresh into {months} months: COM round trips", f"{ours.com_calls:,}",
                        f"calculation left on {naive.com_calls:,}", f"{ours.com_calls / naive.com_calls:.2f}×",
                        "same at every history length", None))
        rows.append(Row("  recalculations (znnial calls evaluated)",
                        f"{ours.recalculations} ({ours.function_calls:,})",
                        f"{naive.recalculations} ({naive.function_calls:,})",
                        f"{ours.function_calls / max(naive.function_calls, 1):.2f}×", "1 recalculation",
                        ours.recalculations == 1))
    for row in rows[::2]:
        row.met = len(set(calls)) == 1
    return rows
