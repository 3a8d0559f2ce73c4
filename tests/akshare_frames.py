"""Tables shaped as AKShare 1.19.5's own functions return them (columns, order and dtypes read from its code,
github:akfamily/akshare, the 1.19.5 wheel), with hand-made values, and a stand-in `akshare` module that
returns them. The network is below AKShare; these tables are what AKShare hands us.

- `get_futures_daily(start_date, end_date, market="SHFE")`: futures/futures_daily_bar.py. `get_shfe_daily`
  renames SHFE's JSON fields (cons.SHFE_COLUMNS), keeps cons.OUTPUT_COLUMNS and calls `reset_index()`
  without drop, so an `index` column leads; `date` is text YYYYMMDD; prices are the JSON's numbers, or ""
  for a contract without trades (the reason the columns are `object`); `variety` is the upper-case code.
- `futures_spot_price(date, vars_list)`: futures/futures_basis.py `_check_information`: `date` (text
  YYYYMMDD) inserted first, prices float64, contracts text such as "al2612", months text.
- `futures_inventory_em(symbol)`: futures/futures_inventory_em.py: 日期 (datetime.date objects), 库存 and
  增减 through `pd.to_numeric` (int64 for whole numbers).
- `macro_euro_lme_stock()`: economic/macro_euro.py: 日期 (text YYYY-MM-DD, the JSON's keys), then for each
  metal of Jin10's report METAL-库存, METAL-注册仓单, METAL-注销仓单 (whole tonnes, int64): 19 columns in its
  documented example (docs/data/macro/macro.md, 铜 first, 镍 last); only 铜, 铝, 锌, 镍 are reproduced here.

Figures (hand-made, so a hand calculation checks them; see tests/test_fetch.py).
"""

from __future__ import annotations

import datetime as dt
import types

import pandas as pd

DAILY_COLUMNS = ["index", "symbol", "date", "open", "high", "low", "close", "volume", "open_interest", "turnover",
                 "settle", "pre_settle", "variety"]
SPOT_COLUMNS = ["date", "symbol", "spot_price", "near_contract", "near_contract_price", "dominant_contract",
                "dominant_contract_price", "near_month", "dominant_month", "near_basis", "dom_basis",
                "near_basis_rate", "dom_basis_rate"]

# symbol, date, high, low, close, open_interest, settle, variety
_DAILY = [
    ("AL2611", "20261102", 20990, 20880, 20950, 5000, 20960, "AL"),
    ("AL2612", "20261102", 21100, 20900, 21000, 200000, 21010, "AL"),
    ("AL2701", "20261102", 21150, 20950, 21050, 150000, 21060, "AL"),
    ("AO2701", "20261102", 3250, 3150, 3200, 300000, 3210, "AO"),
    ("CU2612", "20261102", 79000, 78000, 78500, 400000, 78600, "CU"),
    ("ZN2612", "20261102", "", "", "", 0, 0, "ZN"),  # listed, not traded: SHFE sends blanks
    ("AL2612", "20261103", 21300, 21000, 21200, 180000, 21190, "AL"),
    ("AL2701", "20261103", 21350, 21050, 21240, 190000, 21230, "AL"),
    ("AL2612", "20261130", 21500, 21350, 21460, 120000, 21450, "AL"),
    ("AL2701", "20261130", 21600, 21400, 21500, 210000, 21480, "AL"),
    ("AL2701", "20261201", 21700, 21500, 21600, 205000, 0, "AL"),  # no settlement printed
]


def futures_daily() -> pd.DataFrame:
    rows = [dict(index=i, symbol=s, date=d, open=c, high=h, low=lo, close=c, volume=1000, open_interest=oi,
                 turnover=0, settle=st, pre_settle=st, variety=v)
            for i, (s, d, h, lo, c, oi, st, v) in enumerate(_DAILY)]
    frame = pd.DataFrame(rows, columns=DAILY_COLUMNS)
    for column in ("open", "high", "low", "close"):
        frame[column] = frame[column].astype(object)
    return frame


def spot_price(day: str) -> pd.DataFrame:
    quotes = {"20261102": [("AL", 20950.0, "al2611", 20960.0, "al2612", 21010.0),
                           ("CU", 78400.0, "cu2611", 78500.0, "cu2612", 78600.0)],
              "20261103": [("AL", 21100.0, "al2611", 21150.0, "al2612", 21190.0)]}
    rows = [dict(date=day, symbol=s, spot_price=sp, near_contract=nc, near_contract_price=np_,
                 dominant_contract=dc, dominant_contract_price=dp, near_month=nc[-4:], dominant_month=dc[-4:],
                 near_basis=np_ - sp, dom_basis=dp - sp, near_basis_rate=np_ / sp - 1, dom_basis_rate=dp / sp - 1)
            for s, sp, nc, np_, dc, dp in quotes.get(day, [])]
    return pd.DataFrame(rows, columns=SPOT_COLUMNS) if rows else pd.DataFrame()


def inventory(symbol: str) -> pd.DataFrame:
    reports = {"al": [(dt.date(2026, 10, 30), 150000), (dt.date(2026, 11, 14), 140000), (dt.date(2026, 11, 27), 123456)],
               "zn": [(dt.date(2026, 11, 27), 45678)], "ni": [(dt.date(2026, 11, 27), 31234)]}[symbol]
    frame = pd.DataFrame({"日期": [d for d, _ in reports], "库存": [v for _, v in reports],
                          "增减": [0] * len(reports)})
    return frame


def lme_stock() -> pd.DataFrame:
    days = ["2026-10-30", "2026-11-27", "2026-11-30"]
    columns = {"日期": days}
    for metal, tonnes in (("铜", [150000, 140000, 139000]), ("铝", [500000, 480000, 476550]),
                          ("锌", [120000, 110000, 105325]), ("镍", [200000, 205000, 206112])):
        columns.update({f"{metal}-库存": tonnes, f"{metal}-注册仓单": tonnes, f"{metal}-注销仓单": [0, 0, 0]})
    return pd.DataFrame(columns)


def module(**replace) -> types.ModuleType:
    """A stand-in `akshare` module returning the tables above; ``replace`` swaps a function (a failure)."""
    fake = types.ModuleType("akshare")
    fake.__version__ = "1.19.5"
    fake.get_futures_daily = lambda start_date, end_date, market: futures_daily()
    fake.futures_spot_price = lambda date, vars_list: spot_price(date)
    fake.futures_inventory_em = lambda symbol: inventory(symbol)
    fake.macro_euro_lme_stock = lambda: lme_stock()
    for name, function in replace.items():
        setattr(fake, name, function)
    return fake
