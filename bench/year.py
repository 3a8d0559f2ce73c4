"""A year of monthly refreshes, timed month by month against the same-file floor.

From the committed template, each 2020 month file (made-up survey figures from two sources,
labelled "(made up)" in the file, plus that month's bundled SHFE/LME prices) is refreshed into
the workbook the previous months left, as an analyst does once a month. For each month:

* **ours** — `addin.refresh.refresh` of that month's file (the workbook restored before every run);
* **floor** — XlsxWriter writing the same refreshed file from cells already computed
  (`bench.run.write_plan_full`): what any refresh must at least do;
* a second row: the same refresh of a workbook carrying the user's edits (an assumption changed
  on 表4, a note beside it), which reads the file's layout to find them (`addin.refresh.read_workbook`).

The ratio should stay flat over the year: the workbook grows by one monthly sheet a month, and the
refresh should grow with the file it writes, not faster. `python -m bench.year` prints the rows;
`year_rows(sizes, folder)` gives them to the bench's table.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
from pathlib import Path

from bench.refresh import REFRESH_TARGET, write_plan_full
from bench.report import text_table
from bench.section import FULL, TINY, Row, Sizes
from bench.timing import ms as _ms, paired_cpu

SOURCES = ("BENCH-SMM (made up)", "BENCH-Antaike (made up)")
NOTE = "made up for bench/year.py, not data"
EDITS_SHEET = "表4 铝"


def year_months(count: int = 12) -> list[str]:
    return [f"2020-{m:02d}" for m in range(1, count + 1)]


def write_year(folder: Path, months: list[str]) -> dict[str, Path]:
    """One month file per month: both sources' made-up survey rows and the bundled prices of the month."""
    from addin import bundled
    from workbooks.monthdata import read_month_files

    prices = [o for o in read_month_files(bundled.price_files()) if o.month in months]
    files = {}
    for month in months:
        i = int(month[5:])
        rows = [(month, "al", "full_cost", 13000 + 50 * i, "CNY/t", SOURCES[0]),
                (month, "al", "spot_price", 14000 + 40 * i, "CNY/t", SOURCES[0]),
                (month, "al", "primary_output", 300 + i, "10kt", SOURCES[0]),
                (month, "zn", "refined_output", 50 + i / 2, "10kt", SOURCES[0]),
                (month, "al", "full_cost", 13200 + 50 * i, "CNY/t", SOURCES[1]),
                (month, "al", "alumina_cost", 2400 + 10 * i, "CNY/t", SOURCES[1])]
        path = folder / f"{month}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["month", "metal", "item", "value", "unit", "source", "note"])
            out.writerows(row + (NOTE,) for row in rows)
            out.writerows([o.month, o.metal, o.item, o.value, o.unit, o.source, "bundled"] for o in prices
                          if o.month == month)
        files[month] = path
    return files


def _user_edits():
    from workbooks.user_edits import UserEdits

    # 表4: prebaked anode 3,200 CNY/t instead of 3,000; a note in H3, beside the table.
    return UserEdits({EDITS_SHEET: {"al.anode_price": 3200}}, {EDITS_SHEET: {(2, 7): "anode quote, our supplier"}})


def year_rows(sizes: Sizes, folder: Path) -> list[Row]:
    from addin import bundled
    from addin.refresh import backup_path, refresh
    from workbooks.build import plan_workbook
    from workbooks.monthdata import merge, read_month_files
    from workbooks.xlsx_writer import render

    folder = Path(folder)
    months = year_months(12 if sizes.repeat > 1 else 3)
    files = write_year(folder, months)
    repeat = max(1, sizes.repeat // 3)
    observations = bundled.all_observations()
    rows, timings = [], []
    workbook = folder / "year.xlsm"
    for month in months:
        before = {False: render(plan_workbook(observations)), True: render(plan_workbook(observations, _user_edits()))}
        observations, _ = merge(observations, read_month_files([files[month]]))
        final = plan_workbook(observations)
        floor_target = folder / "year_floor.xlsm"
        label = f"year: refresh of {month} ({len(final.sheets)} sheets)"
        for edited in (False, True):

            def restore(data=before[edited]):
                workbook.write_bytes(data)
                backup_path(workbook).unlink(missing_ok=True)

            (ours, ours_cpu), (floor, floor_cpu) = paired_cpu(
                lambda: refresh(workbook, [files[month]]), lambda plan=final: write_plan_full(plan, floor_target),
                repeat, prepare_ours=restore)
            ratio = ours_cpu / floor_cpu
            times = (f"CPU {_ms(ours_cpu)} (wall {_ms(ours)})", f"XlsxWriter writing the same file: CPU "
                     f"{_ms(floor_cpu)} (wall {_ms(floor)})", f"{ratio:.2f}× CPU ({ours / floor:.2f}× wall)")
            if edited:
                rows.append(Row("  same, carrying the user's edits (an assumption, a note)", *times, "for reference",
                                None))
            else:
                timings.append(ratio)
                rows.append(Row(label, *times, f"≤ {REFRESH_TARGET}× CPU", ratio <= REFRESH_TARGET))
    rows.append(Row(f"year: ratio to the floor, {months[0]} → {months[-1]}", f"{timings[0]:.2f}× → {timings[-1]:.2f}×",
                    "the same file's floor each month", f"{timings[-1] / timings[0]:.2f}", "flat (≈ 1)", None))
    return rows


def _cli(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.year", description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="three months, one run each (times mean nothing)")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="znnial-year-"))
    try:
        print(text_table(year_rows(TINY if args.tiny else FULL, folder)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(_cli())
