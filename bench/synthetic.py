"""Synthetic prices for the bench: months of history and a month file to refresh with.

A seeded mean-reverting log random walk per price series, kept inside the plausible range
the month-file checks accept, ending 2019-12 so the bundled survey months (2019-11 and
2019-12) join the history as in the template.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

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


def months_ending(last: str, count: int) -> list[str]:
    """The `count` months up to and including `last` ("YYYY-MM"), oldest first."""
    year, month = int(last[:4]), int(last[5:7])
    months = []
    for _ in range(count):
        months.append(f"{year}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def price_path(months: list[str], seed: str) -> dict[str, list[tuple]]:
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

    path = price_path(months_ending(LAST_HISTORY_MONTH, months), seed)
    observations = [Observation(month, metal, item, value, unit, SOURCE, "bench", 0)
                    for month, rows in path.items() for metal, item, unit, value in rows]
    return observations + read_month_files(month_files())


def refresh_month_file(folder: Path, seed: str) -> Path:
    """A month file (CSV) of the month after the history, written into `folder`."""
    rows = price_path([REFRESH_MONTH], seed)[REFRESH_MONTH]
    path = folder / f"{REFRESH_MONTH}.csv"
    lines = ["month,metal,item,value,unit,source"]
    lines += [f"{REFRESH_MONTH},{metal},{item},{value},{unit},{SOURCE}" for metal, item, unit, value in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
