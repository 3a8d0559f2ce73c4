"""A daily spot series for the physical leg of the back-tests (docs/backtest.md, "Your own spot series").

The file is one's own: `date, metal, spot_cny_t[, source]` (the layout of ../shared/data/spot_daily_*.csv,
whose prices may not be republished, so none is bundled). `align_spot` lines the spot prices up with the
futures trading days and masks stale quotes: a price unchanged from the day before while the futures
moved more than `moved` CNY/t is not a quote of that day (../shared/data/README.md, Caveats). A masked
or missing day takes that day's futures price plus the last good basis (basis carried forward), so the
back-test still has a price for the physical sale and no artificial basis jump.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

SPOT_COLUMNS = ("date", "metal", "spot_cny_t")
STALE_MOVE = 100.0  # CNY/t: a futures move above this on a day spot did not change marks the spot stale


@dataclass(frozen=True)
class AlignedSpot:
    spot: list[float]  # one per futures day
    masked: list[str]  # the dates whose spot was stale or missing and was filled as futures + last basis


def read_spot(path: Path, metal: str) -> dict[str, float]:
    """{date: spot CNY/t} of one metal; a missing column, a bad number or a repeated date is named."""
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in SPOT_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path.name}: missing column {', '.join(missing)} (needs {', '.join(SPOT_COLUMNS)})")
        prices: dict[str, float] = {}
        for line, row in enumerate(reader, start=2):
            if None in row:  # csv puts cells beyond the header under None: e.g. 14,000 written unquoted
                raise ValueError(f"{path.name}, row {line}: more cells than the header (a number with a "
                                 "thousands comma must be quoted)")
            if (row["metal"] or "").strip().lower() != metal:
                continue
            try:
                price = float(row["spot_cny_t"])
            except ValueError:
                raise ValueError(f"{path.name}, row {line}: spot_cny_t {row['spot_cny_t']!r} is not a number") from None
            if not (math.isfinite(price) and price > 0):
                raise ValueError(f"{path.name}, row {line}: spot_cny_t {price:g} must be > 0")
            if row["date"] in prices:
                raise ValueError(f"{path.name}, row {line}: date {row['date']} appears twice for {metal}")
            prices[row["date"]] = price
    if not prices:
        raise ValueError(f"{path.name}: no rows for metal {metal}")
    return prices


def align_spot(dates: list[str], futures: list[float], prices: dict[str, float],
               moved: float = STALE_MOVE) -> AlignedSpot:
    """Spot on each futures day, stale or missing days filled as futures + the last good basis."""
    spot, masked, basis = [], [], None
    previous = None  # (spot, futures) of the day before
    for day, future in zip(dates, futures):
        price = prices.get(day)
        stale = price is None or (previous is not None and price == previous[0] and abs(future - previous[1]) > moved)
        if stale:
            if basis is None:
                raise ValueError(f"spot: {day} is missing or stale and there is no earlier basis to carry")
            spot.append(future + basis)
            masked.append(day)
        else:
            spot.append(price)
            basis = price - future
        previous = (price, future) if price is not None else previous
    return AlignedSpot(spot, masked)


@dataclass(frozen=True)
class SpotColumn:
    """A spot price (or None) per futures day, from the daily quotes loaded, and how each was had."""

    spot: list[float | None]
    real: int  # days with a quote of their own
    filled: list[str]  # days inside the quotes' span whose quote was stale or missing: close + the last basis
    blank: int  # days before the first or after the last quote: no spot (the back-test's basis 0)


def spot_column(dates: list[str], futures: list[float], prices: dict[str, float],
                moved: float = STALE_MOVE) -> SpotColumn:
    """Spot on each futures day from the quotes loaded (`align_spot` between the first and the last trading
    day that has a quote; outside that span none: a basis carried over months of no quotes is no price)."""
    quoted = [i for i, day in enumerate(dates) if day in prices]
    if not quoted:
        return SpotColumn([None] * len(dates), 0, [], len(dates))
    first, last = quoted[0], quoted[-1]
    inside = align_spot(dates[first:last + 1], futures[first:last + 1], prices, moved)
    spot = [None] * first + list(inside.spot) + [None] * (len(dates) - last - 1)
    span = last - first + 1
    return SpotColumn(spot, span - len(inside.masked), inside.masked, len(dates) - span)
