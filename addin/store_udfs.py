"""`=znnial_series("al.shfe_close", "2026-01", "2026-11")`: the desk's store as an Excel data source.

Like Wind's WSD or Bloomberg's BDH for theirs, it spills every stored figure of one item between two months
(optionally as the store held it at a date): a header row, then month, value and source, one row per month
and source. It reads the store named beside `znnial store` on the workbook's xlwings.conf sheet, with one
query per call (addin/store/reading.py `observations`), never creating a store (`open_existing_store`).

Why here and not in udfs/: the store is in addin/ and udfs may not import addin (tests/test_architecture.py).
xlwings imports every module of its *UDF Modules* setting, split on ";" (xlwings/udfs.py, `import_udfs`), so
this module is registered beside the catalogue's by `UDF Modules` = `udfs;addin.store_udfs`; a parameter
named `caller` is xlwings' reserved argument for the calling range (xlwings/udfs.py, `call_udf`), which
is how the function finds its workbook's conf sheet.
"""

from __future__ import annotations

import xlwings as xw

from workbooks.sheets import conf

NO_STORE = ("znnial: no store is set: type its URL beside 'znnial store' on the xlwings.conf sheet "
            "(docs/store.md)")


def series_rows(url: str, series: str, first_month, last_month, as_of=None) -> list[list]:
    """The spill of znnial_series for a store URL; an error is one row of text naming the argument."""
    from workbooks.monthdata import lookup
    from workbooks.monthdata.months import parse_month

    from .store import StoreError, open_existing_store, parse_as_of

    metal, dot, key = str(series).strip().partition(".")
    try:
        if not dot:
            raise ValueError(f"series {series!r} is not metal.item (write e.g. al.shfe_close)")
        item = _argument("series", series, lambda text: lookup(metal, key))
        first = _argument("first_month", first_month, parse_month)
        last = _argument("last_month", last_month, parse_month)
        moment = None if as_of in (None, "") else _argument("as_of", as_of, _as_of_moment(parse_as_of))
        with open_existing_store(url, where="the 'xlwings.conf' sheet") as store:
            found = store.series(item.metal, item.key, first, last, moment)
            name = store.name
    except (ValueError, KeyError, StoreError) as problem:
        return [[f"znnial: {str(problem).strip(chr(39))}"]]
    if not found:
        return [[f"znnial: store {name} holds no {item.metal}.{item.key} for {first}…{last}"]]
    return [["month", f"{item.metal}.{item.key} ({item.unit})", "source"],
            *([o.month, o.value, o.source] for o in found)]


def _argument(name: str, value, parse):
    from .store import StoreError

    try:
        return parse(value)
    except (ValueError, KeyError, StoreError) as problem:
        raise ValueError(f"{name} {value!r}: {str(problem).strip(chr(39))}") from None


def _as_of_moment(parse_as_of):
    """A date typed in a cell comes as a datetime (the whole day, as --as-of); text as --as-of reads it."""
    import datetime as dt

    def parse(value):
        if isinstance(value, (dt.date, dt.datetime)):
            return parse_as_of(value.strftime("%Y-%m-%d"))
        return parse_as_of(str(value))

    return parse


CONF_ROWS = 60  # more than the conf sheet's keys and notes


def store_url_of(book) -> str | None:
    """The URL beside `znnial store` on the calling workbook's xlwings.conf sheet, read live through xlwings
    (a worksheet function cannot save a copy as the Refresh button does); None when blank or absent."""
    if conf.SHEET not in [sheet.name for sheet in book.sheets]:
        return None
    # one read of a fixed block (the sheet holds a few dozen rows, workbooks/sheets/conf.py); keys run from A1
    # down to the first blank cell, as xlwings reads them (xlwings.bas GetConfigFromSheet)
    for key, value in book.sheets[conf.SHEET].range(f"A1:B{CONF_ROWS}").value:
        if key is None or str(key).strip() == "":
            break
        if str(key).strip().casefold() == conf.STORE_KEY:
            return str(value).strip() or None if value is not None else None
    return None


@xw.func
def znnial_series(series, first_month, last_month, as_of=None, caller=None):
    """Every stored figure of one item between two months, as the store held it at `as_of` (blank: now)."""
    url = store_url_of(caller.sheet.book) if caller is not None else None
    if not url:
        return [[NO_STORE]]
    return series_rows(url, series, first_month, last_month, as_of)
