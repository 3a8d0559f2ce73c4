"""AKShare's daily tables to monthly figures: pure pandas, no network (tests run them on recorded shapes).

Rules (docs/data.md, "Fetched data"):
- SHFE: each day, the main contract is the one with the most open interest (ties: the first listed);
  `PREFIX_close` is its close on the last trading day fetched in the month, `PREFIX_avg` the mean of its daily
  closes, `PREFIX_settle_avg` of its settlements (a settlement of 0, which the exchange prints for a day
  without one, is left out), `PREFIX_high`/`_low` the highest high and lowest low.
- Spot: `spot` (the back-tests' physical leg, docs/backtest.md) the mean of the daily 100ppi spot quotes, and each
  day's quote as a daily row of `spot` (dated YYYY-MM-DD); `basis_avg` the mean of (spot − main
  contract settlement): the sign of `basis()` and 基差 = 现货 − 期货 (docs/methods.md), the opposite of AKShare's
  `dom_basis`, which futures_spot_price computes as contract − spot.
- Stocks: `shfe_stocks` and `lme_stocks` the last report of the month, tonnes → 10kt (÷ 10,000).
A month still running holds the days fetched so far: the next fetch revises it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .errors import FetchError
from .series import CONTRACTS, LME_STOCK_COLUMNS, LME_STOCKS, PRICES, SPOT, SPOT_SYMBOLS, STOCKS, Contract, Series


@dataclass(frozen=True)
class Figure:
    month: str
    metal: str
    item: str
    value: float
    unit: str
    source: str
    note: str


def _numbers(frame: pd.DataFrame, series: Series, columns: list[str]) -> pd.DataFrame:
    """The columns as floats; "" (SHFE's blank for a contract without trades) becomes NaN; any other text is
    an error naming the function, column and value."""
    frame = frame.copy()
    for column in columns:
        blanks = frame[column].astype(str).str.strip().isin(["", "nan", "None", "-"])
        converted = pd.to_numeric(frame[column].where(~blanks), errors="coerce")
        bad = converted.isna() & ~blanks & frame[column].notna()
        if bad.any():
            raise FetchError(f"AKShare {series.function} returned {frame[column][bad].iloc[0]!r} in column "
                             f"{column!r}, not a number: the source has changed; nothing was written")
        frame[column] = converted.astype(float)
    return frame


def _days(values: pd.Series, series: Series, column: str) -> pd.Series:
    parsed = pd.to_datetime(values.astype(str).str.replace("-", "", regex=False), format="%Y%m%d", errors="coerce")
    if parsed.isna().any():
        raise FetchError(f"AKShare {series.function} returned {values[parsed.isna()].iloc[0]!r} in column "
                         f"{column!r}, not a date: the source has changed; nothing was written")
    return parsed.dt.date


def _within(frame: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    return frame[(frame["day"] >= start) & (frame["day"] <= end)]


def main_contract_days(daily: pd.DataFrame, contract: Contract) -> pd.DataFrame:
    """One row per trading day: the contract with the most open interest, its close, settle, high, low."""
    rows = daily[daily["variety"].astype(str).str.strip().str.upper() == contract.code]
    rows = _numbers(rows, PRICES, ["close", "settle", "high", "low", "open_interest"])
    rows = rows[(rows["open_interest"] > 0) & (rows["close"] > 0)].copy()
    rows["day"] = _days(rows["date"], PRICES, "date")
    if rows.empty:
        return rows
    best = rows.groupby("day", sort=True)["open_interest"].idxmax()
    return rows.loc[best.values].sort_values("day").reset_index(drop=True)


def _month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def price_figures(daily: pd.DataFrame, start: dt.date, end: dt.date) -> list[Figure]:
    figures = []
    for contract in CONTRACTS:
        days = main_contract_days(daily, contract)
        if days.empty:
            continue
        days = _within(days, start, end)
        for month, rows in days.groupby(days["day"].map(_month_of), sort=True):
            symbols = "/".join(dict.fromkeys(rows["symbol"].astype(str)))
            note = f"main contract {symbols}; {len(rows)} trading days {rows['day'].iloc[0]}…{rows['day'].iloc[-1]}"
            settles = rows["settle"][rows["settle"] > 0]
            values = {"close": rows["close"].iloc[-1], "avg": rows["close"].mean()}
            if len(settles):
                values["settle_avg"] = settles.mean()
            if contract.extremes:
                values.update(high=rows["high"].max(), low=rows["low"].min())
            figures += [Figure(month, contract.metal, f"{contract.prefix}_{name}", round(float(value), 2), "CNY/t",
                               PRICES.source, note) for name, value in values.items()]
    return figures


def spot_figures(spot: pd.DataFrame, start: dt.date, end: dt.date) -> list[Figure]:
    rows = spot[spot["symbol"].astype(str).str.strip().str.upper().isin(SPOT_SYMBOLS)]
    rows = _numbers(rows, SPOT, ["spot_price", "dominant_contract_price"])
    rows = rows.assign(day=_days(rows["date"], SPOT, "date"), basis=rows["spot_price"] - rows["dominant_contract_price"])
    rows = _within(rows.dropna(subset=["spot_price"]), start, end)
    figures = []
    for (symbol, month), group in rows.groupby([rows["symbol"].str.upper(), rows["day"].map(_month_of)], sort=True):
        metal = SPOT_SYMBOLS[symbol]
        note = f"{len(group)} daily quotes {group['day'].min()}…{group['day'].max()}"
        figures.append(Figure(month, metal, "spot", round(float(group["spot_price"].mean()), 2), "CNY/t",
                              SPOT.source, note))
        # each day's quote too (docs/data.md, "Daily quotes"): 日线回测's spot column reads them
        figures += [Figure(day.isoformat(), metal, "spot", round(float(price), 2), "CNY/t", SPOT.source, "daily quote")
                    for day, price in zip(group["day"], group["spot_price"])]
        basis = group["basis"].dropna()
        if len(basis):
            figures.append(Figure(month, metal, "basis_avg", round(float(basis.mean()), 2), "CNY/t", SPOT.source,
                                  note + "; main contract settlement − spot"))
    return figures


def stock_figures(stocks: pd.DataFrame, metal: str, start: dt.date, end: dt.date) -> list[Figure]:
    rows = _numbers(stocks, STOCKS, ["库存"]).dropna(subset=["库存"])
    rows = _within(rows.assign(day=_days(rows["日期"], STOCKS, "日期")), start, end).sort_values("day")
    return [Figure(month, metal, "shfe_stocks", round(float(group["库存"].iloc[-1]) / 10000, 4), "10kt",
                   STOCKS.source, f"report of {group['day'].iloc[-1]}: {group['库存'].iloc[-1]:,.0f} t")
            for month, group in rows.groupby(rows["day"].map(_month_of), sort=True)]


def lme_stock_figures(stocks: pd.DataFrame, start: dt.date, end: dt.date) -> list[Figure]:
    rows = _numbers(stocks, LME_STOCKS, list(LME_STOCK_COLUMNS))
    rows = _within(rows.assign(day=_days(rows["日期"], LME_STOCKS, "日期")), start, end).sort_values("day")
    figures = []
    for column, metal in LME_STOCK_COLUMNS.items():
        reported = rows.dropna(subset=[column])
        for month, group in reported.groupby(reported["day"].map(_month_of), sort=True):
            tonnes = group[column].iloc[-1]
            figures.append(Figure(month, metal, "lme_stocks", round(float(tonnes) / 10000, 4), "10kt",
                                  LME_STOCKS.source, f"report of {group['day'].iloc[-1]}: {tonnes:,.0f} t"))
    return figures
