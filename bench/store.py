"""The store's two costs, each against the floor it replaces (``python -m bench.store [--tiny]``):

* **loading a year of month files** into a fresh SQLite store (`znnial load`: the month-file rules, then
  one transaction per file, WAL) against only reading and validating the same files with
  `read_month_files` — what a refresh from files does with them anyway. Each file is a month of the
  synthetic prices of bench/run.py plus the bundled November survey figures re-dated to that month.
* **a refresh from the store** at 240 months (`refresh(..., base=store.observations())`, opening the
  store and reading every figure's latest revision included) against the same refresh from the workbook's
  own Data sheet. The two refreshed files are checked byte-identical before timing, so both do the
  same work.

`store_rows(sizes, folder)` returns bench.run's `Row`s; the lead wires it into `make bench`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.report import text_table
from bench.section import FULL, TINY, Row, Sizes
from bench.synthetic import SOURCE, months_ending as _months_ending, price_path as _price_path, \
    refresh_month_file as _refresh_month_file, synthetic_observations
from bench.timing import ms as _ms, paired

YEAR = 12


def _write_long(path: Path, rows: list[tuple]) -> Path:
    """(month, metal, item, value, unit, source) rows as a long-layout month file."""
    import csv

    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["month", "metal", "item", "value", "unit", "source"])
        writer.writerows(rows)
    return path


def year_of_month_files(folder: Path, count: int) -> list[Path]:
    from addin.bundled import month_files
    from workbooks.monthdata import read_month_file

    survey = read_month_file(month_files()[0])
    months = _months_ending("2019-10", count)
    prices = _price_path(months, "bench-store-year")
    files = []
    for month in months:
        rows = [(month, metal, item, repr(value), unit, SOURCE) for metal, item, unit, value in prices[month]]
        rows += [(month, o.metal, o.item, repr(o.value), o.unit, o.source) for o in survey]
        files.append(_write_long(folder / f"year-{month}.csv", rows))
    return files


def load_rows(sizes: Sizes, folder: Path) -> list[Row]:
    from addin.store import open_store
    from workbooks.monthdata import read_month_files

    count = min(YEAR, sizes.months[-1])
    files = year_of_month_files(folder, count)
    database = folder / "year.db"
    figures = len(read_month_files(files))

    def fresh_store():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)

    def load():
        with open_store(f"sqlite:///{database}") as store:
            results = store.load(files)
        assert sum(r.revisions for r in results) == figures

    ours, floor = paired(load, lambda: read_month_files(files), sizes.repeat, fresh_store, fresh_store)
    return [Row(f"store: load {count} month files ({figures:,} figures) into a new SQLite store", _ms(ours),
                f"read_month_files of the same files {_ms(floor)}", f"{ours / floor:.2f}×", "for reference", None)]


def refresh_from_store_rows(sizes: Sizes, folder: Path) -> list[Row]:
    from addin.bundled import month_files
    from addin.refresh import backup_path, refresh
    from addin.store import open_store
    from workbooks.build import build

    months = sizes.months[-1]
    observations = synthetic_observations(months)
    workbook = folder / f"store_history_{months}.xlsm"
    build(observations, workbook)
    original = workbook.read_bytes()
    url = f"sqlite:///{folder / f'history_{months}.db'}"
    prices = _write_long(folder / f"prices_{months}.csv", [(o.month, o.metal, o.item, repr(o.value), o.unit, o.source)
                                                            for o in observations if o.source == SOURCE])
    with open_store(url) as store:
        store.load([prices, *month_files()])
    month_file = _refresh_month_file(folder, "bench-store-refresh")

    def restore():
        workbook.write_bytes(original)
        backup_path(workbook).unlink(missing_ok=True)

    def from_store():
        with open_store(url) as store:
            refresh(workbook, [month_file], base=store.observations())

    def from_data_sheet():
        refresh(workbook, [month_file])

    restore()
    from_data_sheet()
    expected = workbook.read_bytes()
    restore()
    from_store()
    if workbook.read_bytes() != expected:
        raise AssertionError("a refresh from the store and from the Data sheet wrote different files")
    ours, floor = paired(from_store, from_data_sheet, sizes.repeat, restore, restore)
    return [Row(f"store: refresh of one month into {months} months from a SQLite store", _ms(ours),
                f"the same refresh from the Data sheet {_ms(floor)}", f"{ours / floor:.2f}×", "for reference", None)]


def store_rows(sizes: Sizes, folder: Path) -> list[Row]:
    return load_rows(sizes, Path(folder)) + refresh_from_store_rows(sizes, Path(folder))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="the smoke-test sizes")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        rows = store_rows(TINY if args.tiny else FULL, Path(folder))
    print(text_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
