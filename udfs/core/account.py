"""A futures account settled day by day, as the exchange and the broker settle it (逐日盯市, docs/methods.md §7).

Each day, for one contract (lot size L t), with yesterday's settlement price P' and today's P:

* 平仓盈亏 (closed): a lot carried from yesterday and closed today at C earns (C − P') × L for a long,
  (P' − C) × L for a short; a lot opened today at O and closed today at C earns (C − O) × L (long) or
  (O − C) × L (short). A closing trade closes yesterday's lots first, then today's (先开先平);
* 持仓盈亏 (marked): a lot carried from yesterday and still held earns (P − P') × L (long) or (P' − P) × L
  (short); a lot opened today at O and still held earns (P − O) × L (long) or (O − P) × L (short);
* 当日盈亏 = 平仓盈亏 + 持仓盈亏; 保证金占用 = P × |position| × L × margin rate;
* 客户权益 = yesterday's 客户权益 + 当日盈亏 − fees + deposits − withdrawals;
* 结算准备金余额 = yesterday's balance + yesterday's margin − today's margin + 当日盈亏 − fees + deposits −
  withdrawals, which is 客户权益 − 保证金占用 (the same number by construction);
* 风险度 = 保证金占用 / 客户权益; a margin call (追加保证金) of −结算准备金余额 when the balance is negative,
  the sum that brings 风险度 back to 100 %.

Trades are net: a buy first closes short lots, and opens long lots with what is left (a sell the
other way round), so a locked position (long and short at once, 锁仓) is not modelled.
"""

from __future__ import annotations

import numpy as np

from . import contracts
from .scenarios import data_rows, single

HEADER = (
    "day 日期", "settlement 结算价", "position lots 持仓手数", "closed P&L 平仓盈亏", "marked P&L 持仓盈亏",
    "day P&L 当日盈亏", "fees 手续费", "deposits − withdrawals 出入金", "margin 保证金占用",
    "equity 客户权益", "reserve balance 结算准备金余额", "risk 风险度", "margin call 追加保证金",
)
(DAY, SETTLEMENT, POSITION, CLOSED, MARKED, DAY_PNL, FEES, CASH, MARGIN, EQUITY, RESERVE, RISK,
 MARGIN_CALL) = range(len(HEADER))


def _per_day(name, values, n):
    """One value for every day: a single cell is repeated; otherwise exactly one per day."""
    values = np.asarray(values, dtype=float).ravel()
    if values.size == 1:
        return np.full(n, 0.0 if np.isnan(values[0]) else values[0])
    values = data_rows(name, values)
    if values.size != n:
        raise ValueError(f"{name}: has {values.size} values but days has {n}")
    return values


def _trades(days, trade_days, trade_lots, trade_prices):
    """The trades as (day index, signed lots, price), in the order given."""
    trade_days = data_rows("trade_days", trade_days)
    n = trade_days.size
    lots = _per_day("trade_lots", trade_lots, n) if n > 1 else np.asarray([single("trade_lots", trade_lots)])
    prices = _per_day("trade_prices", trade_prices, n) if n > 1 else np.asarray([single("trade_prices", trade_prices)])
    index = {day: i for i, day in enumerate(days)}
    trades = []
    for row, (day, lot, price) in enumerate(zip(trade_days, lots, prices), start=1):
        if day not in index:
            raise ValueError(f"trade_days: row {row} ({day:g}) is not one of the days")
        if lot == 0 or lot != int(lot):
            raise ValueError(f"trade_lots: row {row} ({lot:g}) must be a whole number of lots, + buy or − sell")
        if not price > 0:
            raise ValueError(f"trade_prices: row {row} ({price:g}) must be > 0")
        trades.append((index[day], lot, price))
    return trades


def _trade(carried, opened, lots, price, reference):
    """Apply one trade; return the closed P&L per tonne-lot and the updated (carried, opened)."""
    closed = 0.0
    if carried * lots < 0:  # closes yesterday's lots first (先开先平)
        n = min(abs(lots), abs(carried)) * np.sign(carried)
        closed += n * (price - reference)
        carried -= n
        lots += n
    while opened and lots and opened[0][0] * lots < 0:  # then today's, oldest first
        held, at = opened[0]
        n = min(abs(lots), abs(held)) * np.sign(held)
        closed += n * (price - at)
        lots += n
        opened[0] = (held - n, at)
        if opened[0][0] == 0:
            opened.pop(0)
    if lots:
        opened.append((lots, price))
    return closed, carried, opened


def futures_account(days, settlement, trade_days, trade_lots, trade_prices, symbol, margin_rate,
                    fee_per_lot=0.0, opening_balance=0.0, cash_flows=0.0):
    """Rows of HEADER, one per day (see the module docstring for each column's formula)."""
    days = data_rows("days", days)
    if np.any(np.diff(days) <= 0):
        raise ValueError("days: must be in order, oldest first, each day once")
    n = days.size
    settle = _per_day("settlement", settlement, n) if n > 1 else np.asarray([single("settlement", settlement)])
    if np.any(settle <= 0):
        raise ValueError("settlement: must be > 0")
    rate = _per_day("margin_rate", margin_rate, n)
    cash = _per_day("cash_flows", cash_flows, n)
    lot = contracts.lot_size(symbol)
    fee = single("fee_per_lot", fee_per_lot)
    trades = _trades(days, trade_days, trade_lots, trade_prices)
    equity, carried, rows = single("opening_balance", opening_balance), 0.0, []
    for d in range(n):
        reference = settle[d - 1] if d else np.nan  # nothing is carried into the first day
        closed, opened, traded = 0.0, [], 0.0
        for _, lots, price in (t for t in trades if t[0] == d):
            pnl, carried, opened = _trade(carried, opened, lots, price, reference)
            closed, traded = closed + pnl * lot, traded + abs(lots)
        marked = (carried * (settle[d] - reference) if carried else 0.0) + \
            sum(held * (settle[d] - at) for held, at in opened) * 1.0
        marked *= lot
        carried += sum(held for held, _ in opened)
        margin = abs(carried) * settle[d] * lot * rate[d]
        fees = fee * traded
        equity += closed + marked - fees + cash[d]
        reserve = equity - margin
        risk = margin / equity if equity > 0 else None
        row = [days[d], settle[d], carried, closed, marked, closed + marked, -fees, cash[d], margin, equity,
               reserve, risk, max(-reserve, 0.0)]
        rows.append([None if v is None else float(v) + 0.0 for v in row])  # + 0.0 turns −0.0 into 0.0
    return np.array(rows, dtype=object)
