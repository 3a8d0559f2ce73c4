"""The bundled daily SHFE bars (workbooks/data/prices/daily/, described in workbooks/data/README.md)."""

from __future__ import annotations

import csv
from pathlib import Path

from workbooks.monthdata import BUNDLED_DATA

DAILY = BUNDLED_DATA / "prices" / "daily"
COLUMNS = ("date", "metal", "open", "high", "low", "close", "settle", "volume", "open_interest")


def read_daily_closes(metal: str, year: str, directory: Path = DAILY) -> tuple[list[str], list[float]]:
    """Trading dates (YYYY-MM-DD) and closes of one metal in one year, oldest first, from every bars file."""
    rows = []
    for path in sorted(Path(directory).glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise ValueError(f"{path.name}: columns are not {', '.join(COLUMNS)}")
            rows += [r for r in reader if r["metal"] == metal and r["date"].startswith(year)]
    if not rows:
        raise ValueError(f"no daily bars for {metal} in {year}")
    rows.sort(key=lambda r: r["date"])
    dates = [r["date"] for r in rows]
    if len(set(dates)) != len(dates):
        raise ValueError(f"{metal} {year}: a trading date appears twice")
    return dates, [float(r["close"]) for r in rows]
