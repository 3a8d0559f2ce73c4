"""``make bench``: every metric against its floor, both measured in this same run.

Rows of the table (metric, ours, baseline, ratio, target):

* **array call** — one call of the Excel-facing wrapper (`udfs.<name>`) on 10⁵ rows as
  xlwings delivers a column with ``ndim=2``: a list of 1-element lists of floats, ~1 %
  blanks (``None``). Baseline: the numpy floor — ``np.asarray`` of the same lists, the same
  arithmetic written directly in numpy, ``.tolist()`` to the same output type. Before
  timing, the floor's output is checked equal to ours, so both do the same work.
* **one cell per call** — the same 10⁴ values, one wrapper call per cell (a single cell
  arrives as ``[[x]]``), against one array call over all of them.
* **calls per recalculation** — the workbook builder evaluates every formula tree
  through the Excel-facing wrappers to compute the cached values; counting wrappers on
  `udfs` count those calls during one full build (the template's data, and a synthetic
  240-month history). History: calls per computed column; other sheets: calls per call
  site (a function name in a formula, i.e. what one Excel recalculation evaluates).
  When pycel is installed the built file is also recalculated headlessly by pycel with
  the `tests.pycel_udfs` plugin (every formula through the same wrappers), counting every
  call pycel makes and the distinct ones (what Excel, evaluating a spill once, would make).
* **refresh** — `addin.refresh.refresh` of one month file into a workbook built from
  12 … 240 months of synthetic prices (a seeded mean-reverting random walk) plus the
  bundled survey months. Baseline: bare XlsxWriter calls writing the same sheets and
  cells (values and formulas, taken from the refreshed plan) to a file, no formats.
* **cold import** — ``import udfs`` in a fresh interpreter against ``import xlwings,
  pandas, numpy`` in a fresh interpreter (time of the import statement itself).

Timing: each pair runs interleaved (ours, floor, floor, ours, …) after a warm-up, with a
``gc.collect()`` before every timed run, and the table shows medians. Nothing in the test
suite asserts a time; ``tests/test_bench_smoke.py`` only runs this on tiny sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"


@dataclass(frozen=True)
class Sizes:
    rows: int = 100_000  # array-call rows
    cells: int = 10_000  # one-cell-per-call values
    months: tuple[int, ...] = (12, 60, 120, 240)  # refresh history lengths
    recalc_months: int = 240  # the synthetic workbook whose recalculation is counted
    imports: int = 7  # fresh interpreters per side
    repeat: int = 9  # timed runs per side (after one warm-up each)
    pycel: bool = True  # also count calls under pycel, when it is installed


FULL = Sizes()
TINY = Sizes(rows=300, cells=30, months=(3, 6), recalc_months=6, imports=1, repeat=1, pycel=False)

ARRAY_TARGET = 1.2
CELL_TARGET = 20.0
REFRESH_TARGET = 1.5
IMPORT_TARGET = 1.2


@dataclass
class Row:
    metric: str
    ours: str
    baseline: str
    ratio: str
    target: str
    met: bool | None  # None: reported, no target


# --------------------------------------------------------------------------- timing


def _timed(fn: Callable[[], object], prepare: Callable[[], object] | None) -> float:
    if prepare is not None:
        prepare()
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def paired(ours: Callable[[], object], base: Callable[[], object], repeat: int,
           prepare_ours: Callable[[], object] | None = None) -> tuple[float, float]:
    """Median seconds of ours and of the baseline: one warm-up each, then interleaved runs."""
    _timed(ours, prepare_ours)
    _timed(base, None)
    a, b = [], []
    for i in range(repeat):
        if i % 2 == 0:
            a.append(_timed(ours, prepare_ours))
            b.append(_timed(base, None))
        else:
            b.append(_timed(base, None))
            a.append(_timed(ours, prepare_ours))
    return statistics.median(a), statistics.median(b)


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


# --------------------------------------------------------------------------- array calls


def _column(rng: random.Random, n: int, low: float, high: float, blanks: float = 0.01) -> list[list]:
    """n cells of a column as xlwings sends them with ndim=2: [[x], [None], ...]."""
    return [[None] if rng.random() < blanks else [rng.uniform(low, high)] for _ in range(n)]


def _same_output(ours, floor) -> bool:
    """The two outputs show the same cells: rows alike, floats to 1e-12, NaN/None as blank."""
    if not (isinstance(ours, list) and isinstance(floor, list)) or len(ours) != len(floor):
        return False
    for a_row, b_row in zip(ours, floor):
        if len(a_row) != len(b_row):
            return False
        for a, b in zip(a_row, b_row):
            a_blank = a is None or (isinstance(a, float) and math.isnan(a))
            b_blank = b is None or (isinstance(b, float) and math.isnan(b))
            if a_blank or b_blank:
                if a_blank != b_blank:
                    return False
            elif isinstance(a, str) or isinstance(b, str):
                if a != b:
                    return False
            elif not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12):
                return False
    return True


@dataclass
class ArrayCase:
    name: str
    ours: Callable  # (rows) -> the wrapper's output
    floor: Callable  # (rows) -> the numpy floor's output
    cell: Callable  # (rows, i) -> one wrapper call computing cell i
    make: Callable  # (rng, n) -> rows: the inputs


def _array_cases() -> list[ArrayCase]:
    import numpy as np

    import udfs
    from udfs.core.hedge import ACTION_LABELS

    # profit(price, cost)
    def profit_make(rng, n):
        return _column(rng, n, 12_000, 20_000), _column(rng, n, 10_000, 16_000)

    def profit_floor(rows):
        price, cost = rows
        return (np.asarray(price, dtype=float) - np.asarray(cost, dtype=float)).tolist()

    # ni_npi_cost(ore_cif_usd, fx) with every optional parameter at its default
    wet = 0.01 / (0.015 * (1.0 - 0.35) * 0.92)

    def npi_make(rng, n):
        return _column(rng, n, 40, 120), _column(rng, n, 6.3, 7.3)

    def npi_floor(rows):
        ore, fx = (np.asarray(r, dtype=float) for r in rows)
        return (wet * ore * fx * (1.0 + 0.13) + wet * (1.0 - 0.35) * 700.0 * 0.5 + 120.0 + 150.0).tolist()

    # hedge_action(price, sell_low, sell_high, cover_below): one [label, ratio] row per price
    plan = ([[14_500.0]], [[14_700.0]], [[13_500.0]])
    low, high, cover, r_min, r_max = 14_500.0, 14_700.0, 13_500.0, 0.2, 0.8
    labels = np.array(ACTION_LABELS + (None,), dtype=object)

    def hedge_make(rng, n):
        return (_column(rng, n, 12_500, 15_500),)

    def hedge_floor(rows):
        price = np.asarray(rows[0], dtype=float).ravel()
        selling = price >= low
        ratio = np.where(selling, r_min + (r_max - r_min) * np.clip((price - low) / (high - low), 0.0, 1.0), 0.0)
        codes = np.where(selling, 2, np.where(price <= cover, 0, 1))
        blank = np.isnan(price)
        codes[blank] = 3
        ratio[blank] = np.nan
        table = np.empty((price.size, 2), dtype=object)
        table[:, 0] = labels[codes]
        table[:, 1] = ratio
        return table.tolist()

    # sma(prices, 3): a price column with its blank cells at the end (a range drawn past the
    # data); sma refuses a blank inside the series, so blanks there would make an error.
    window = 3

    def sma_make(rng, n):
        filled = n - max(1, n // 100)
        return ([[rng.uniform(14_000, 16_000)] for _ in range(filled)] + [[None]] * (n - filled),)

    def sma_floor(rows):
        prices = np.asarray(rows[0], dtype=float).ravel()
        present = np.flatnonzero(~np.isnan(prices))
        start, stop = present[0], present[-1] + 1
        sums = np.cumsum(np.concatenate(([0.0], prices[start:stop])))
        out = np.full(prices.shape, np.nan)
        out[start + window - 1:stop] = (sums[window:] - sums[:-window]) / window
        return out.reshape(-1, 1).tolist()

    return [
        ArrayCase("profit", lambda r: udfs.profit(*r), profit_floor,
                  lambda r, i: udfs.profit([r[0][i]], [r[1][i]]), profit_make),
        ArrayCase("hedge_action", lambda r: udfs.hedge_action(r[0], *plan), hedge_floor,
                  lambda r, i: udfs.hedge_action([r[0][i]], *plan), hedge_make),
        ArrayCase("ni_npi_cost", lambda r: udfs.ni_npi_cost(*r), npi_floor,
                  lambda r, i: udfs.ni_npi_cost([r[0][i]], [r[1][i]]), npi_make),
        ArrayCase("sma", lambda r: udfs.sma(r[0], [[float(window)]]), sma_floor,
                  # one cell of an SMA column: the window of prices ending at that row
                  lambda r, i: udfs.sma(r[0][max(0, i - window + 1):i + 1], [[float(window)]]), sma_make),
    ]


def array_rows(sizes: Sizes) -> list[Row]:
    rows = []
    per_cell = []
    for case in _array_cases():
        data = case.make(random.Random(f"bench-{case.name}"), sizes.rows)
        if not _same_output(case.ours(data), case.floor(data)):
            raise AssertionError(f"bench: the numpy floor for {case.name} does not give our output")
        ours, floor = paired(lambda: case.ours(data), lambda: case.floor(data), sizes.repeat)
        rows.append(Row(f"array call, {case.name}, {sizes.rows:,} rows", _ms(ours), f"numpy floor {_ms(floor)}",
                        f"{ours / floor:.2f}×", f"≤ {ARRAY_TARGET}×", ours / floor <= ARRAY_TARGET))

        cells = tuple(column[:sizes.cells] for column in data)

        def one_per_cell(case=case, cells=cells):
            for i in range(sizes.cells):
                case.cell(cells, i)

        loop, array = paired(one_per_cell, lambda case=case, cells=cells: case.ours(cells), max(3, sizes.repeat // 3))
        per_cell.append(Row(f"one cell per call, {case.name}, {sizes.cells:,} values", _ms(loop),
                            f"one array call {_ms(array)}", f"array {loop / array:,.0f}× faster",
                            f"array ≥ {CELL_TARGET:.0f}× faster", loop / array >= CELL_TARGET))
    return rows + per_cell


# --------------------------------------------------------------------------- synthetic workbooks

PRICE_ITEMS = {  # metal -> (item, unit, low, high, start)
    "zn": [(item, "CNY/t", 5_000, 60_000, 18_000.0) for item in
           ("shfe_avg", "shfe_close", "shfe_high", "shfe_low", "shfe_settle_avg")]
          + [("lme_cash_avg", "USD/t", 500, 10_000, 2_500.0)],
    "ni": [(item, "CNY/t", 30_000, 400_000, 110_000.0) for item in
           ("shfe_avg", "shfe_close", "shfe_high", "shfe_low", "shfe_settle_avg")]
          + [("lme_cash_avg", "USD/t", 2_000, 100_000, 14_000.0)],
    "al": [("lme_cash_avg", "USD/t", 800, 6_000, 1_800.0)],
}
LAST_HISTORY_MONTH = "2019-12"  # the bundled survey months are 2019-11 and 2019-12
REFRESH_MONTH = "2020-01"
SOURCE = "bench: synthetic random walk"


def _months_ending(last: str, count: int) -> list[str]:
    year, month = int(last[:4]), int(last[5:7])
    months = []
    for _ in range(count):
        months.append(f"{year}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def _price_path(months: list[str], seed: str) -> dict[str, list[tuple]]:
    """month -> [(metal, item, unit, value)]: a mean-reverting log random walk per series."""
    rng = random.Random(seed)
    level = {(metal, item): math.log(start) for metal, items in PRICE_ITEMS.items() for item, *_, start in items}
    out = {}
    for month in months:
        rows = []
        for metal, items in PRICE_ITEMS.items():
            for item, unit, low, high, start in items:
                key = (metal, item)
                level[key] += 0.15 * (math.log(start) - level[key]) + rng.gauss(0.0, 0.03)
                value = min(max(math.exp(level[key]), low * 1.01), high * 0.99)
                rows.append((metal, item, unit, round(value, 2)))
        out[month] = rows
    return out


def synthetic_observations(months: int, seed: str = "bench-prices") -> list:
    """`months` months of prices ending 2019-12, plus the bundled survey months."""
    from addin.bundled import month_files
    from workbooks.monthdata import Observation, read_month_files

    path = _price_path(_months_ending(LAST_HISTORY_MONTH, months), seed)
    observations = [Observation(month, metal, item, value, unit, SOURCE, "bench", 0)
                    for month, rows in path.items() for metal, item, unit, value in rows]
    return observations + read_month_files(month_files())


def _refresh_month_file(folder: Path, seed: str) -> Path:
    rows = _price_path([REFRESH_MONTH], seed)[REFRESH_MONTH]
    path = folder / f"{REFRESH_MONTH}.csv"
    lines = ["month,metal,item,value,unit,source"]
    lines += [f"{REFRESH_MONTH},{metal},{item},{value},{unit},{SOURCE}" for metal, item, unit, value in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- calls per recalculation


def _call_sites(formula: str | None, names: set[str]) -> int:
    if not formula:
        return 0
    return sum(1 for name in re.findall(r"([A-Za-z_][A-Za-z0-9_.]*)\(", formula) if name in names)


def count_build_calls(observations) -> tuple[Counter, Counter, object]:
    """Calls of the Excel-facing wrappers while the builder computes every cached value.

    Returns (calls per sheet, call sites per sheet, the plan).
    """
    import udfs
    from workbooks import build, layout
    from workbooks.sheets import daily_backtest, history

    calls: Counter = Counter()
    where = ["(other)"]
    originals = {name: getattr(udfs, name) for name in udfs.__all__}
    lay, history_sheet = layout.SheetLayout.lay, history.history_sheet
    daily_sheet = daily_backtest.daily_backtest_sheet

    def counting(fn):
        def wrapper(*args):
            calls[where[0]] += 1
            return fn(*args)
        return wrapper

    def counted_lay(self):
        where[0] = self.spec.name
        return lay(self)

    def counted_history(*args, **kwargs):
        where[0] = history.SHEET
        return history_sheet(*args, **kwargs)

    def counted_daily(*args, **kwargs):
        where[0] = daily_backtest.SHEET
        return daily_sheet(*args, **kwargs)

    try:
        for name, fn in originals.items():
            setattr(udfs, name, counting(fn))
        layout.SheetLayout.lay = counted_lay
        history.history_sheet = counted_history
        daily_backtest.daily_backtest_sheet = counted_daily
        plan = build.plan_workbook(observations)
    finally:
        for name, fn in originals.items():
            setattr(udfs, name, fn)
        layout.SheetLayout.lay = lay
        history.history_sheet = history_sheet
        daily_backtest.daily_backtest_sheet = daily_sheet
    names = set(udfs.__all__)
    sites = Counter()
    for sheet in plan.sheets:
        for cell in sheet.cells:
            sites[sheet.name] += _call_sites(cell.formula, names)
    return calls, sites, plan


def _pycel_calls(plan, folder: Path) -> tuple[int, int] | None:
    """(distinct calls, raw calls) of a pycel recalculation of the built file; None without pycel."""
    try:
        import pycel  # noqa: F401

        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from tests import excel_eval, pycel_udfs
    except Exception:  # noqa: BLE001 - pycel or the plugin is optional here
        return None
    from workbooks.xlsx_writer import write_workbook

    path = write_workbook(plan, folder / "recalc.xlsm")
    try:
        compiler = excel_eval.load_compiler(path)
        formulas = excel_eval.formula_cells(path)
        excel_eval.recalculate(compiler, formulas)
    except Exception as problem:  # noqa: BLE001 - report, do not fail the bench
        print(f"bench: pycel recalculation skipped ({type(problem).__name__}: {problem})", file=sys.stderr)
        return None
    return sum(pycel_udfs.DISTINCT_CALLS.values()), sum(pycel_udfs.RAW_CALLS.values())


def recalc_rows(sizes: Sizes, folder: Path) -> list[Row]:
    from addin.bundled import all_observations
    from workbooks.dataset import Dataset
    from workbooks.sheets import history

    rows = []
    for label, observations in (("template (bundled data)", all_observations()),
                                (f"{sizes.recalc_months}-month workbook",
                                 synthetic_observations(sizes.recalc_months))):
        calls, sites, plan = count_build_calls(observations)
        months = len(Dataset(observations).price_months)
        h_calls, h_cols = calls[history.SHEET], sites[history.SHEET]
        rows.append(Row(f"calls per recalculation, {label}: History ({months} months)", f"{h_calls} calls",
                        f"{h_cols} computed columns", f"{h_calls / max(h_cols, 1):.2f} per column",
                        "≤ 1 per column", h_calls <= h_cols))
        t_calls = sum(n for sheet, n in calls.items() if sheet != history.SHEET)
        t_sites = sum(n for sheet, n in sites.items() if sheet != history.SHEET)
        rows.append(Row(f"calls per recalculation, {label}: tables ({len(plan.sheets) - 1} other sheets)",
                        f"{t_calls} calls", f"{t_sites} call sites in formulas",
                        f"{t_calls / max(t_sites, 1):.2f} per call site", "≤ 1 per call site, none per row",
                        t_calls <= t_sites))
        if sizes.pycel:
            found = _pycel_calls(plan, folder)
            if found is not None:
                distinct, raw = found
                all_sites = sum(sites.values())
                rows.append(Row(f"calls per recalculation, {label}: pycel recalculating the file",
                                f"{raw} calls ({distinct} distinct)", f"{all_sites} call sites in formulas",
                                f"{raw / max(all_sites, 1):.2f} per call site", "≤ 1 per call site",
                                raw <= all_sites))
    return rows


# --------------------------------------------------------------------------- refresh


def write_plan_bare(plan, target: Path) -> None:
    """The refresh floor: the plan's sheets and cells with bare XlsxWriter calls, no formats."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(target), {"in_memory": True})
    for sheet in plan.sheets:
        ws = workbook.add_worksheet(sheet.name)
        for cell in sheet.cells:
            if cell.formula is None:
                ws.write(cell.row, cell.col, cell.value)
            elif cell.spill:
                rows, cols = cell.spill
                values = cell.value
                ws.write_dynamic_array_formula(cell.row, cell.col, cell.row + rows - 1, cell.col + cols - 1,
                                               cell.formula, None, values[0][0])
                for i in range(rows):
                    for j in range(cols):
                        if i or j:
                            ws.write(cell.row + i, cell.col + j, values[i][j])
            else:
                ws.write_formula(cell.row, cell.col, cell.formula, None, cell.value)
    workbook.close()


def write_plan_full(plan, target: Path) -> None:
    """The refresh floor: the same file — cells, formats, conditional formats, charts, VBA — written by
    XlsxWriter from cells already computed, with nothing read, checked or planned."""
    from workbooks.xlsx_writer import render, write_atomically

    write_atomically(render(plan), target)


def _median(fn: Callable[[], object], repeat: int) -> float:
    _timed(fn, None)
    return statistics.median(_timed(fn, None) for _ in range(repeat))


def refresh_phases(workbook: Path, month_file: Path, repeat: int) -> list[tuple[str, float]]:
    """Each step `refresh` takes, timed on its own (median), in the order it takes them."""
    from addin.refresh import _sheet_values, backup_path
    from addin.workbook_data import observations_from_rows
    from workbooks.build import plan_workbook
    from workbooks.monthdata import merge, read_month_files
    from workbooks.sheets.data import SHEET
    from workbooks.xlsx_writer import content_digest, render, stored_digest, write_atomically

    original = workbook.read_bytes()
    found = _sheet_values(original)
    existing = observations_from_rows(found[SHEET], workbook)
    merged, _ = merge(existing, read_month_files([month_file]))
    final = plan_workbook(merged)
    data = render(final)
    scratch = workbook.with_name("phases.xlsm")

    def write_both():
        write_atomically(original, backup_path(scratch))
        write_atomically(data, scratch)

    steps = [
        ("read every sheet (calamine)", lambda: _sheet_values(original)),
        ("the Data sheet's rows into observations", lambda: observations_from_rows(found[SHEET], workbook)),
        ("edit check: the values against the digest written with them",
         lambda: stored_digest(original) == content_digest(found)),
        ("read and validate the month file, merge", lambda: merge(existing, read_month_files([month_file]))),
        ("plan the refreshed workbook", lambda: plan_workbook(merged)),
        ("render it (styles, charts, conditional formats, VBA)", lambda: render(final)),
        ("write the backup and the workbook (fsync)", write_both),
    ]
    return [(name, _median(fn, repeat)) for name, fn in steps]


def refresh_rows(sizes: Sizes, folder: Path) -> tuple[list[Row], dict[int, list[tuple[str, float]]]]:
    from addin.refresh import backup_path, refresh
    from addin.workbook_data import read_observations
    from workbooks.build import build, plan_workbook

    rows, timings, phases = [], [], {}
    month_file = _refresh_month_file(folder, "bench-refresh")
    for months in sizes.months:
        workbook = folder / f"history_{months}.xlsm"
        build(synthetic_observations(months), workbook)
        original = workbook.read_bytes()
        refresh(workbook, [month_file])  # once, for the refreshed plan the floor writes
        final_plan = plan_workbook(read_observations(workbook))

        def restore(workbook=workbook, original=original):
            workbook.write_bytes(original)
            backup_path(workbook).unlink(missing_ok=True)

        floor_target = folder / f"floor_{months}.xlsx"
        same_file = folder / f"same_{months}.xlsm"
        ours, floor = paired(lambda workbook=workbook: refresh(workbook, [month_file]),
                             lambda plan=final_plan, target=floor_target: write_plan_bare(plan, target),
                             sizes.repeat, prepare_ours=restore)
        ours_again, writing = paired(lambda workbook=workbook: refresh(workbook, [month_file]),
                                     lambda plan=final_plan, target=same_file: write_plan_full(plan, target),
                                     sizes.repeat, prepare_ours=restore)
        timings.append((months, ours, floor))
        cells = sum(len(s.cells) for s in final_plan.sheets)
        label = f"refresh of one month into {months} months ({len(final_plan.sheets)} sheets, {cells:,} planned cells)"
        rows.append(Row(label, _ms(ours_again), f"XlsxWriter writing the same file {_ms(writing)}",
                        f"{ours_again / writing:.2f}×", f"≤ {REFRESH_TARGET}×", ours_again / writing <= REFRESH_TARGET))
        rows.append(Row("  same refresh, against cells alone (no formats, charts or macros)", _ms(ours),
                        f"bare XlsxWriter {_ms(floor)}", f"{ours / floor:.2f}×", "for reference", None))
        if months in (sizes.months[0], sizes.months[-1]):
            restore()
            steps = refresh_phases(workbook, month_file, max(1, sizes.repeat // 2))
            phases[months] = steps + [("(sum of the steps)", sum(t for _, t in steps)),
                                      ("(the whole refresh, as in the table)", ours_again),
                                      ("(floor: XlsxWriter writing the same file)", writing),
                                      ("(floor: bare XlsxWriter)", floor)]
    if len(timings) > 1:
        (m0, o0, f0), (m1, o1, f1) = timings[0], timings[-1]
        rows.append(Row(f"refresh growth, {m0} → {m1} months", f"×{o1 / o0:.2f}", f"bare XlsxWriter ×{f1 / f0:.2f}",
                        f"{(o1 / o0) / (f1 / f0):.2f}", "grows like the floor", None))
    return rows, phases


# --------------------------------------------------------------------------- cold import

_IMPORT_PROBE = "import time; t = time.perf_counter(); import {what}; print(time.perf_counter() - t)"


def _fresh_import(what: str, cache: Path) -> float:
    # Both sides load byte-compiled modules, as an installed package does (pip compiles on
    # install): a private PYTHONPYCACHEPREFIX, filled by the warm-up runs, keeps the
    # repository clean and is unaffected by PYTHONDONTWRITEBYTECODE in the environment.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    done = subprocess.run([sys.executable, "-c", _IMPORT_PROBE.format(what=what)], cwd=ROOT, check=True,
                          capture_output=True, text=True, env=env)
    return float(done.stdout.strip().splitlines()[-1])


def import_rows(sizes: Sizes, folder: Path) -> list[Row]:
    ours, base = [], []
    cache = folder / "pycache"
    sides = (("udfs", ours), ("xlwings, pandas, numpy", base))
    for what, _ in sides:  # warm-up: writes the byte code, warms the file cache
        _fresh_import(what, cache)
    for i in range(max(sizes.imports, 1)):
        for what, out in (sides if i % 2 == 0 else sides[::-1]):
            out.append(_fresh_import(what, cache))
    a, b = statistics.median(ours), statistics.median(base)
    return [Row(f"cold import udfs (fresh process, median of {len(ours)})", _ms(a),
                f"import xlwings, pandas, numpy {_ms(b)}", f"{a / b:.2f}×", f"≤ {IMPORT_TARGET}×",
                a / b <= IMPORT_TARGET)]


# --------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    import numpy as np
    import xlsxwriter

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"CPU": cpu, "cores": str(os.cpu_count()), "OS": platform.platform(),
            "Python": platform.python_version(), "numpy": np.__version__, "XlsxWriter": xlsxwriter.__version__,
            "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}


HEADER = ("metric", "ours", "baseline", "ratio", "target", "met")


def table(rows: list[Row]) -> list[list[str]]:
    return [[r.metric, r.ours, r.baseline, r.ratio, r.target, "—" if r.met is None else "yes" if r.met else "NO"]
            for r in rows]


def text_table(rows: list[Row]) -> str:
    cells = [list(HEADER)] + table(rows)
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADER))]
    lines = ["  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(rows: list[Row], info: dict[str, str], sizes: Sizes,
             phases: dict[int, list[tuple[str, float]]] | None = None) -> str:
    out = ["# Performance", "",
           "Generated by `make bench` (`python -m bench.run`); do not edit by hand — rerun it. Every ratio "
           "compares ours with a floor measured in the same run (median of interleaved runs after a warm-up), "
           "never with an earlier number of ours. `bench/run.py` says what each row measures.", "",
           "Machine: " + " · ".join(f"{k} {v}" for k, v in info.items()), "",
           f"Sizes: {sizes.rows:,} rows per array call, {sizes.cells:,} one-cell calls, refresh histories of "
           f"{', '.join(map(str, sizes.months))} months, {sizes.repeat} timed runs per side, "
           f"{sizes.imports} fresh interpreters per side.", "",
           "| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in table(rows)]
    if phases:
        months = list(phases)
        out += ["", "## Where a refresh spends its time", "",
                "Each step of `addin.refresh.refresh` timed on its own (median, a `gc.collect()` before "
                "each), same run. Their sum differs from the whole by run-to-run noise and by the garbage "
                "collections the refresh's allocations trigger while it runs.", "",
                "| step | " + " | ".join(f"{m} months" for m in months) + " |",
                "|---|" + "|".join("---:" for _ in months) + "|"]
        for i, (name, _) in enumerate(phases[months[0]]):
            out.append(f"| {name} | " + " | ".join(_ms(phases[m][i][1]) for m in months) + " |")
        ratios = []
        for m in months:
            steps = dict(phases[m])
            render = next(t for name, t in steps.items() if name.startswith("render"))
            ratios.append(f"{render / steps['(floor: bare XlsxWriter)']:.2f}× at {m} months")
        out += ["", "Rendering alone, against the bare floor: " + ", ".join(ratios) + "."]
    out += ["", FINDINGS.strip(), ""]
    return "\n".join(out)


FINDINGS = """
## What we found and changed

Profiles with cProfile (pyinstrument is not installed here), summarised; "before" numbers were
measured on this machine before each change.

**Array calls** (before: profit 1.32×, ni_npi_cost 1.29× the floor; hedge_action ≈ 2× once the
±inf result check had landed).
- cProfile of `profit` on 10⁵ rows: `coercion.as_grid` 47 % (a Python generator per row for
  the list test, a set comprehension for the widths), the cell-type set 15 %, `np.array` of a
  list of 1-element lists 16 % (numpy converts one flat list ~8× faster), `.tolist()` 31 %.
- `udfs/coercion.py`: rows tested with `set(map(type, rows))` and `set(map(len, rows))` (C
  loops; subclasses still take the old test); the cells flattened once, typed once, converted
  from the flat list and reshaped; `series` no longer converts its grid twice. A differential
  run of the old against the new coercion over 86,212 argument values (numbers, blanks, bools,
  text, dates, NaN/±inf, 1×1, ranges, ragged, tuples, arrays) gave identical arrays and messages.
- `udfs/wrappers.py`: the ±inf check on object results (hedge_action's [label, ratio] rows)
  looped over every cell in Python; now `inf in cells` (a C comparison) first, and the exact
  test only on a hit.

**One cell per call** met the target before; still, a single number went through the range
machinery (≈ 10 µs of numpy calls on a 1×1 array per argument). `_scalar_number` applies the
same checks in plain Python: profit 25 → 9 µs a call, ni_npi_cost 109 → 25 µs. The builder's
162 calls per workbook are of this kind.

**Calls per recalculation**: nothing to fix. History is one spilled call per computed column
at 24 and at 240 months (its per-row cells are `=in_…` name references, not calls); every other
formula calls each function it names once; pycel, recalculating the whole built file through
the same wrappers, makes one call per call site (74 distinct).

**Refresh** (before: 4.5× the bare floor at 12 and at 240 months).
- cProfile at 240 months: `render` 64 % of the time, and it ran twice — once for the new
  workbook, once to rebuild the *existing* workbook as bytes only so calamine could read them
  back for the edit check (one more full parse of the file on top).
- `workbooks/xlsx_writer.shown_values(plan)` gives the values a rebuild holds straight from its
  plan — exactly what calamine reads from `render(plan)`, type and value, checked cell by cell
  in `tests/test_bench_smoke.py`. `addin/refresh.py` compares the workbook with it
  (`foreign_cells`) and, only when that finds a difference, confirms against the rendered
  rebuild, so a refusal names the same cells as before. `_write_sheet` writes literal cells
  inline (same calls; the rendered files are byte-identical before and after).
- Then, by design, against the floor that writes the same file (formats, conditional formats,
  charts, VBA: our `render` is a thin loop of XlsxWriter calls over computed cells — the bare-cells
  floor, a smaller and different file, is kept in the table for reference):
  - the workbook carries a digest of every sheet's values (custom property
    `znnial content digest`, written with the file). When the values read back still match it the
    workbook is exactly what znnial wrote, and the edit check's second plan and comparison are
    skipped; any edit, added sheet or older file takes the full check as before;
  - the Data sheet is taken from the sheets already read for the check (one calamine parse, not two);
  - highlight rules only for the words a sheet's formulas can show (67 → 31 rules, each one a
    formula XlsxWriter runs through its regex expansion);
  - the cyclic garbage collector is paused during a refresh (measured apart: 2.41× → 2.06× of the
    bare floor at 240 months; the refresh frees everything it allocates when it returns).

**Cold import** adds ~5 % to xlwings + pandas + numpy: `import udfs` pulls in neither
XlsxWriter nor calamine, and pandas only because xlwings imports it (`ema` imports it lazily).
A first run showed 1.25×: the sandbox sets PYTHONDONTWRITEBYTECODE, so our modules were
compiled from source in every fresh process while site-packages were byte-compiled; both
sides now load from a byte-code cache, as an installed package does.
"""


def main(sizes: Sizes | dict | None = None, doc: Path | None = DOC, stream=sys.stdout) -> list[Row]:
    """Run every metric, print the table, write `doc` (None: do not write). Returns the rows."""
    if sizes is None:
        sizes = FULL
    elif isinstance(sizes, dict):
        sizes = replace(FULL, **sizes)
    folder = Path(tempfile.mkdtemp(prefix="znnial-bench-"))
    try:
        # Timed sections first; the call counts last: loading pycel and openpyxl leaves ~200,000
        # live objects behind, which would make every later garbage collection slower.
        arrays = array_rows(sizes)
        refreshed, phases = refresh_rows(sizes, folder)
        imports = import_rows(sizes, folder)
        rows = arrays + recalc_rows(sizes, folder) + refreshed + imports
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    info = machine()
    print(" · ".join(f"{k} {v}" for k, v in info.items()), file=stream)
    print(text_table(rows), file=stream)
    if doc is not None:
        Path(doc).write_text(markdown(rows, info, sizes, phases), encoding="utf-8")
        print(f"written to {doc}", file=stream)
    return rows


def _cli(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="tiny sizes (a smoke run; times mean nothing)")
    parser.add_argument("--no-doc", action="store_true", help=f"do not write {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    main(TINY if args.tiny else FULL, doc=None if args.no_doc or args.tiny else DOC)
    return 0


if __name__ == "__main__":
    sys.exit(_cli())
