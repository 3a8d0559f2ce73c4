"""Array calls: one wrapper call on a whole column, and one call per cell, against their floors.

* **array call** — one call of the Excel-facing wrapper (`udfs.<name>`) on 10⁵ rows as
  xlwings delivers a column with ``ndim=2``: a list of 1-element lists of floats, ~1 %
  blanks (``None``). Baseline: the numpy floor — ``np.asarray`` of the same lists, the same
  arithmetic written directly in numpy, ``.tolist()`` to the same output type. Before
  timing, the floor's output is checked equal to ours, so both do the same work.
* **one cell per call** — the same 10⁴ values, one wrapper call per cell (a single cell
  arrives as ``[[x]]``), against one array call over all of them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .section import Row, Sizes
from .timing import ms, paired

ARRAY_TARGET = 1.2
CELL_TARGET = 20.0


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


def measure(sizes: Sizes, folder: Path) -> list[Row]:
    """The array-call rows (one per case), then the one-cell-per-call rows."""
    rows = []
    per_cell = []
    for case in _array_cases():
        data = case.make(random.Random(f"bench-{case.name}"), sizes.rows)
        if not _same_output(case.ours(data), case.floor(data)):
            raise AssertionError(f"bench: the numpy floor for {case.name} does not give our output")
        ours, floor = paired(lambda: case.ours(data), lambda: case.floor(data), sizes.repeat)
        rows.append(Row(f"array call, {case.name}, {sizes.rows:,} rows", ms(ours), f"numpy floor {ms(floor)}",
                        f"{ours / floor:.2f}×", f"≤ {ARRAY_TARGET}×", ours / floor <= ARRAY_TARGET))

        cells = tuple(column[:sizes.cells] for column in data)

        def one_per_cell(case=case, cells=cells):
            for i in range(sizes.cells):
                case.cell(cells, i)

        loop, array = paired(one_per_cell, lambda case=case, cells=cells: case.ours(cells), max(3, sizes.repeat // 3))
        per_cell.append(Row(f"one cell per call, {case.name}, {sizes.cells:,} values", ms(loop),
                            f"one array call {ms(array)}", f"array {loop / array:,.0f}× faster",
                            f"array ≥ {CELL_TARGET:.0f}× faster", loop / array >= CELL_TARGET))
    return rows + per_cell
