"""Hedge back-tests over a column of period prices (docs/backtest.md).

Model, one period at a time, with no position carried between periods:

* period i's decision uses only its own price P_i: the producer plan of
  `hedge_action_codes` (sell-hedge ratio) or the consumer range reading of
  `range_action_codes` (buy_ratio in the BUY zone, else 0);
* hedged_t = exposure × ratio, rounded DOWN to whole lots when lot_size > 0
  (`hedge_lots`);
* the hedge is filled at P_i and settled at the next period's price P_{i+1},
  the price at which that period's physical metal is sold (producer) or bought
  (consumer);
* producer (short) P&L_i = hedged_t × (P_i − P_{i+1}); consumer (long)
  P&L_i = hedged_t × (P_{i+1} − P_i); the last period has no next price: its
  P&L is 0 and it is left out of the summary's averages and worst period.

Not modelled: basis (futures = physical price), margin calls, financing,
commissions and fees, rolls, slippage, taxes.
"""

from __future__ import annotations

import numpy as np

from . import hedge
from .scenarios import data_rows, single

HEADER = ("period 期数", "price 价格", "action 操作", "hedge ratio 套保比例", "hedged t 套保吨数",
          "hedge P&L CNY 套保盈亏", "cumulative P&L CNY 累计盈亏")
SUMMARY_LABEL = "summary 汇总"
# Where each summary value sits in the summary row (column index, 0-based).
SUMMARY_COLUMNS = {
    "label": 0,
    "avg_realised_hedged": 1,
    "avg_realised_unhedged": 2,
    "worst_pnl": 3,
    "worst_period": 4,
    "total_pnl": 5,  # under "hedge P&L"; the last cell (under "cumulative P&L") is left blank
}
PRODUCER, CONSUMER = -1.0, 1.0  # sign of the futures position: short / long


BUY_RATIO = 0.5  # share of a period's need a consumer buys forward in the buy zone

def _prices(prices):
    prices = data_rows("prices", prices)
    if prices.size < 2:
        raise ValueError("prices: needs at least 2 prices (each hedge settles at the next price)")
    if np.any(prices <= 0):
        raise ValueError("prices: must be > 0")
    return prices


def _hedged_tonnes(exposure, ratio, lot_size):
    if lot_size > 0:
        return hedge.hedge_lots(exposure, ratio, lot_size) * lot_size
    return exposure * ratio


def _run(prices, labels, ratio, exposure, lot_size, position):
    """The period rows and the summary row, as one object table (no header)."""
    if exposure < 0:
        raise ValueError("exposure_t: must be >= 0")
    if lot_size < 0:
        raise ValueError("lot_size: must be >= 0")
    n = prices.size
    hedged = _hedged_tonnes(exposure, ratio, lot_size)
    move = np.append(np.diff(prices), 0.0)  # P_{i+1} − P_i; 0 for the last period
    pnl = position * hedged * move + 0.0  # + 0.0 turns −0.0 into 0.0
    cumulative = np.cumsum(pnl)

    settled = slice(0, n - 1)  # periods that have a next price
    unhedged = prices[1:]  # physical sold (bought) at the next period's price
    per_tonne = np.divide(pnl[settled], exposure) if exposure > 0 else np.zeros(n - 1)
    # Producer: the hedge gain adds to the sale price; consumer: it lowers the purchase cost.
    realised = unhedged - position * per_tonne
    worst = int(np.argmin(pnl[settled]))  # earliest on ties

    table = np.empty((n + 1, len(HEADER)), dtype=object)
    table[:n, 0] = list(range(1, n + 1))
    table[:n, 1] = prices.tolist()
    table[:n, 2] = list(labels)
    table[:n, 3] = ratio.tolist()
    table[:n, 4] = hedged.tolist()
    table[:n, 5] = pnl.tolist()
    table[:n, 6] = cumulative.tolist()
    summary = table[n]
    summary[SUMMARY_COLUMNS["label"]] = SUMMARY_LABEL
    summary[SUMMARY_COLUMNS["avg_realised_hedged"]] = float(realised.mean())
    summary[SUMMARY_COLUMNS["avg_realised_unhedged"]] = float(unhedged.mean())
    summary[SUMMARY_COLUMNS["worst_pnl"]] = float(pnl[worst])
    summary[SUMMARY_COLUMNS["worst_period"]] = worst + 1
    summary[SUMMARY_COLUMNS["total_pnl"]] = float(pnl.sum())
    return table


def hedge_backtest(prices, sell_low, sell_high, cover_below, exposure_t, ratio_min=hedge.RATIO_MIN,
                   ratio_max=hedge.RATIO_MAX, lot_size=0.0):
    """Producer sell-hedge back-test: (n + 1) × 7 rows — n periods, then the summary row."""
    prices = _prices(prices)
    codes, ratio = hedge.hedge_action_codes(
        prices, single("sell_low", sell_low), single("sell_high", sell_high),
        single("cover_below", cover_below), single("ratio_min", ratio_min), single("ratio_max", ratio_max))
    labels = np.array(hedge.ACTION_LABELS, dtype=object)[codes]
    return _run(prices, labels, np.asarray(ratio, dtype=float), single("exposure_t", exposure_t),
                single("lot_size", lot_size), PRODUCER)


def range_backtest(prices, support, band, resistance, exposure_t, buy_ratio=BUY_RATIO, lot_size=0.0):
    """Consumer buy-hedge back-test: buy forward buy_ratio × exposure in BUY-zone periods."""
    prices = _prices(prices)
    codes = hedge.range_action_codes(
        prices, single("support", support), single("band", band), single("resistance", resistance))
    buy_ratio = single("buy_ratio", buy_ratio)
    if not 0.0 <= buy_ratio <= 1.0:
        raise ValueError("buy_ratio: must be a fraction from 0 to 1")
    labels = np.array(hedge.RANGE_LABELS, dtype=object)[codes]
    ratio = np.where(codes == hedge.BUY_CODE, buy_ratio, 0.0)
    return _run(prices, labels, ratio, single("exposure_t", exposure_t), single("lot_size", lot_size), CONSUMER)
