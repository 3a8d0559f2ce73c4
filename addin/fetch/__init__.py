"""Public data through yesterday, fetched with AKShare on the user's own machine: see docs/data.md.

Public API::

    fetch_figures(start, end, kinds, module=None, progress=None) -> list[Figure]  # everything, or a FetchError
    write_fetch_file(figures, folder, start, end) -> Path   # one month file (long layout), written atomically
    fetch(start, end, kinds, store=None, folder=None, progress=None) -> FetchOutcome
    fetch_for_refresh(conf_value, store_url, folder, today=None, progress=None) -> list[Path]  # the Refresh button's
    FetchError, KINDS, default_range(today), local_today()

Everything is fetched and checked before anything is written: a source that breaks half-way leaves no file,
no load and the workbook as it was. Into a store, one fetch is one month file loaded in one transaction.
AKShare is imported only when a fetch runs (addin/fetch/akshare_calls.py); udfs/ and the template never do.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from workbooks.atomic_file import write_atomically

from . import transforms
from .akshare_calls import akshare, call
from .errors import FetchError
from .series import LME_STOCKS, PRICES, SERIES, SPOT, SPOT_SYMBOLS, STOCK_SYMBOLS, STOCKS
from .transforms import Figure

KINDS = tuple(SERIES)  # prices, spot, stocks
HEADER = ["month", "metal", "item", "value", "unit", "source", "note"]
__all__ = ["FetchError", "FetchOutcome", "Figure", "KINDS", "default_range", "fetch", "fetch_figures",
           "fetch_for_refresh", "parse_kinds", "write_fetch_file"]


def local_today() -> dt.date:
    """Today on the user's machine: the end of "through yesterday" (a seam the tests set to a fixed day)."""
    return dt.date.today()


def default_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """Through yesterday, from the first day of the month before: last month's figures become final."""
    end = today - dt.timedelta(days=1)
    first = end.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1), end


def parse_kinds(text: str | None) -> tuple[str, ...]:
    if not text:
        return KINDS
    kinds = tuple(k.strip().casefold() for k in str(text).split(",") if k.strip())
    unknown = [k for k in kinds if k not in SERIES]
    if unknown or not kinds:
        raise FetchError(f"--what {text!r}: unknown {', '.join(unknown) or 'nothing'}; choose from {', '.join(KINDS)}")
    return kinds


def fetch_figures(start: dt.date, end: dt.date, kinds: Sequence[str] = KINDS, module=None,
                  progress: Callable[[str], None] | None = None) -> list[Figure]:
    """Every series of ``kinds`` from ``start`` to ``end`` as monthly figures; a FetchError if any breaks."""
    if start > end:
        raise FetchError(f"--from {start} is after --to {end}")
    module = module if module is not None else akshare()
    say = progress or (lambda text: None)
    figures: list[Figure] = []
    if "prices" in kinds:
        say(f"fetching SHFE daily quotes {start}…{end} (one request per day)")
        daily = call(PRICES, module, start_date=start.strftime("%Y%m%d"), end_date=end.strftime("%Y%m%d"),
                     market="SHFE")
        figures += _required(transforms.price_figures(daily, start, end), PRICES, start, end)
    if "spot" in kinds:
        say(f"fetching 100ppi spot and basis {start}…{end} (one request per day)")
        spot = _spot_days(module, start, end, say)
        figures += _required(transforms.spot_figures(spot, start, end), SPOT, start, end)
    if "stocks" in kinds:
        for symbol, metal in STOCK_SYMBOLS.items():
            say(f"fetching SHFE {metal} stocks")
            stocks = call(STOCKS, module, symbol=symbol)
            figures += _required(transforms.stock_figures(stocks, metal, start, end), STOCKS, start, end)
        say("fetching LME stocks")
        lme = call(LME_STOCKS, module)
        figures += _required(transforms.lme_stock_figures(lme, start, end), LME_STOCKS, start, end)
    return figures


def _spot_days(module, start: dt.date, end: dt.date, say):
    """futures_spot_price day by day (weekends skipped; AKShare returns an empty table on a holiday). Not
    futures_spot_price_daily: it prints a failure and returns what it had, so a broken day would go unseen."""
    import pandas as pd

    frames = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            say(f"fetching 100ppi spot and basis {day}")
            frame = call(SPOT, module, date=day.strftime("%Y%m%d"), vars_list=list(SPOT_SYMBOLS))
            if not frame.empty:
                frames.append(frame)
        day += dt.timedelta(days=1)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(SPOT.columns))


def _required(figures: list[Figure], series, start: dt.date, end: dt.date) -> list[Figure]:
    if not figures:
        raise FetchError(f"AKShare {series.function} returned no rows for {start}…{end} (the site may be down, or "
                         "no trading day in the range); nothing was written")
    return figures


def write_fetch_file(figures: list[Figure], folder: Path, start: dt.date, end: dt.date) -> Path:
    """The figures as one long-layout month file, UTF-8 with a BOM, written under a temporary name, checked
    with the month-file rules (a MonthFileError leaves no file) and only then renamed. A file of that name
    with other contents (an earlier fetch of the same days, perhaps edited) is kept as NAME.bak first."""
    from ..store import check_files

    folder = Path(folder)
    if not folder.is_dir():
        raise FetchError(f"--out {folder}: no such folder")
    target = folder / f"fetched-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    handle, temporary = tempfile.mkstemp(prefix=".fetch-", suffix=".csv", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(HEADER)
            for f in sorted(figures, key=lambda f: (f.month, f.metal, f.item)):
                writer.writerow([f.month, f.metal, f.item, repr(f.value), f.unit, f.source, f.note])
        check_files([temporary])  # the rules a refresh or a load will apply: a figure out of range stops here
        if target.exists() and target.read_bytes() != Path(temporary).read_bytes():
            write_atomically(target.read_bytes(), target.with_name(target.name + ".bak"))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


@dataclass(frozen=True)
class FetchOutcome:
    figures: int
    months: list[str]
    file: Path | None  # the month file written (None when loaded into a store)
    loaded: str | None  # the store load's description


def fetch(start: dt.date, end: dt.date, kinds: Sequence[str] = KINDS, store: str | None = None,
          folder: Path | None = None, module=None, progress=None) -> FetchOutcome:
    """Fetch, check with the month-file rules, then write one month file or load it into ``store`` (one
    transaction; the store must exist: `znnial init-store` or `load` make one). Nothing is written unless
    every series was fetched and every figure passed the checks."""
    from ..store import check_files, open_existing_store

    figures = fetch_figures(start, end, kinds, module, progress)
    months = sorted({f.month[:7] for f in figures})  # a daily quote's date is in its month
    if store is None:
        path = write_fetch_file(figures, Path(folder or "."), start, end)
        return FetchOutcome(len(figures), months, path, None)
    with tempfile.TemporaryDirectory(prefix="znnial-fetch-") as work:
        path = write_fetch_file(figures, Path(work), start, end)
        checked = check_files([path])  # with the digest the load records
        with open_existing_store(store) as opened:  # a mistyped URL never becomes a new store (docs/store.md)
            [result] = opened.write(checked)
        return FetchOutcome(len(figures), months, None, result.describe())


def fetch_for_refresh(conf_value, store_url: str | None, folder: Path, today: dt.date | None = None,
                      progress=None) -> list[Path]:
    """What the Refresh button calls first when the `znnial fetch` key of the xlwings.conf sheet is set.

    ``conf_value``: the key's cell (blank/FALSE: off → []; TRUE: every kind; or e.g. "prices,stocks").
    With a store, the figures are loaded into it (one transaction) and [] is returned: the refresh then reads
    the store. Without one, the month file written into ``folder`` is returned, for the refresh to merge.
    """
    if conf_value in (None, "", False) or str(conf_value).strip().casefold() in ("", "false", "0", "no"):
        return []
    kinds = KINDS if conf_value is True or str(conf_value).strip().casefold() in ("true", "1", "yes") \
        else parse_kinds(str(conf_value))
    start, end = default_range(today or local_today())
    outcome = fetch(start, end, kinds, store=store_url, folder=folder, progress=progress)
    return [] if outcome.file is None else [outcome.file]
