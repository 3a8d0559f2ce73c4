"""Hedge back-tests with the physical leg and the margin account (docs/backtest.md, "Physical leg and margin").

The hedger's whole result, per hedge and for the futures account:

* period i decides on its own futures price F_i, exactly as `hedge_backtest` / `range_backtest`
  (`hedge_action_codes` sell-hedge ratio, or buy_ratio in `range_action_codes`' BUY zone);
* hedge i is hedged_t = exposure × ratio in whole lots, opened at F_i and closed `holding` periods
  later at F_(i+h); the period's physical exposure is sold (producer) or bought (consumer) at the spot
  price of that same later period, S_(i+h). Hedges whose close falls beyond the data are not placed;
* each hedge pays fee_per_lot when opened and again when closed;
* the futures account holds every open hedge: initial margin = margin_ratio × F_t × open tonnes, and
  the position is marked to market every period (variation margin). The cash the hedger has put in
  at period t is initial margin + fees paid − variation margin received so far; interest at the
  annual rate is charged on that cash when it is positive, for 1 / periods_per_year of a year.

All money columns are signed cash to the hedger: a sale is +, a purchase −, fees and financing −.
"""

from __future__ import annotations

import numpy as np

from . import hedge
from .backtest import BUY_RATIO, CONSUMER, PRODUCER, _hedged_tonnes
from .scenarios import data_rows, single

HEADER = (
    "period 期数", "futures 期货价", "spot 现货价", "action 操作", "hedge ratio 套保比例", "hedged t 套保吨数",
    "physical leg CNY 现货腿", "futures leg CNY 期货腿", "fees CNY 手续费", "financing CNY 资金成本",
    "net CNY 净额", "effective price CNY/t 实际价格", "initial margin CNY 初始保证金",
    "variation margin CNY 变动保证金", "cash paid in CNY 保证金存取", "margin cash CNY 保证金占用",
    "cumulative hedge result CNY 累计保值损益",
)
# 0-based columns of a period row.
(PERIOD, FUTURES, SPOT, ACTION, RATIO, HEDGED, PHYSICAL, FUTURES_LEG, FEES, FINANCING, NET, EFFECTIVE,
 INITIAL_MARGIN, VARIATION_MARGIN, CASH_PAID_IN, MARGIN_CASH, CUMULATIVE) = range(len(HEADER))
SUMMARY_LABEL = "summary 汇总"
# Where each summary value sits in the summary row (0-based column); every other cell is blank.
SUMMARY_COLUMNS = {
    "label": PERIOD,
    "avg_unhedged_price": SPOT,  # mean spot at which the settled hedges' physical was sold / bought
    "total_physical": PHYSICAL,
    "total_futures": FUTURES_LEG,
    "total_fees": FEES,
    "total_financing": FINANCING,
    "total_net": NET,
    "avg_effective_price": EFFECTIVE,
    "peak_initial_margin": INITIAL_MARGIN,
    "total_variation_margin": VARIATION_MARGIN,
    "peak_margin_cash": MARGIN_CASH,
    "total_hedge_result": CUMULATIVE,
}


def _series(name, values):
    values = data_rows(name, values)
    if values.size < 2:
        raise ValueError(f"{name}: needs at least 2 prices (each hedge settles at a later price)")
    if np.any(values <= 0):
        raise ValueError(f"{name}: must be > 0")
    return values


def _spot(spot, futures):
    """The spot series, one per futures price; a blank or 0 period takes that period's futures price.

    One blank / 0 cell means no spot prices at all (spot = futures). A range as long as the futures
    may leave periods blank: spot not loaded for those months (回测's spot rows, docs/backtest.md), so
    their basis is 0. A range of another length is refused.
    """
    spot = np.asarray(spot, dtype=float).ravel()
    if spot.size == 1 and (np.isnan(spot[0]) or spot[0] == 0):
        return futures
    if spot.size < futures.size or not np.all(np.isnan(spot[futures.size:])):
        given = int(np.flatnonzero(~np.isnan(spot))[-1]) + 1 if np.any(~np.isnan(spot)) else 0
        raise ValueError(f"spot: has {max(given, min(spot.size, futures.size))} values but futures has "
                         f"{futures.size}")
    spot = spot[:futures.size]
    if np.any(spot < 0):
        raise ValueError("spot: must be >= 0")
    return np.where(np.isnan(spot) | (spot == 0), futures, spot)


def _terms(exposure_t, lot_size, margin_ratio, interest_rate, fee_per_lot, holding_periods, periods_per_year, n):
    exposure = single("exposure_t", exposure_t)
    lot = single("lot_size", lot_size)
    margin = single("margin_ratio", margin_ratio)
    rate = single("interest_rate", interest_rate)
    fee = single("fee_per_lot", fee_per_lot)
    per_year = single("periods_per_year", periods_per_year)
    holding = single("holding_periods", holding_periods)
    for name, value, ok in (("exposure_t", exposure, exposure >= 0), ("lot_size", lot, lot > 0),
                            ("margin_ratio", margin, 0 <= margin <= 1), ("interest_rate", rate, 0 <= rate <= 1),
                            ("fee_per_lot", fee, fee >= 0), ("periods_per_year", per_year, per_year > 0),
                            ("holding_periods", holding, holding >= 1 and holding == int(holding))):
        if not ok:
            raise ValueError(f"{name}: {value:g} is out of range")
    holding = int(holding)
    if holding >= n:
        raise ValueError(f"holding_periods: {holding} must be below the number of prices ({n})")
    return exposure, lot, margin, rate, fee, holding, per_year


def _lagged(values, lag):
    """values shifted `lag` places later, zeros in front."""
    out = np.zeros_like(values)
    out[lag:] = values[:values.size - lag]
    return out


def _run(futures, spot, labels, ratio, position, exposure, lot, margin, rate, fee, holding, per_year):
    n = futures.size
    index = np.arange(n)
    placed = index + holding < n  # hedges whose close is inside the data
    close = np.minimum(index + holding, n - 1)
    hedged = np.where(placed, _hedged_tonnes(exposure, ratio, lot), 0.0)
    lots = hedged / lot

    # ---- each hedge and its physical exposure (row i)
    futures_leg = position * hedged * (futures[close] - futures) + 0.0  # + 0.0 turns −0.0 into 0.0
    physical = np.where(placed, -position * exposure * spot[close], 0.0) + 0.0
    fees = -2.0 * fee * lots + 0.0  # opened and closed
    with np.errstate(divide="ignore", invalid="ignore"):
        per_tonne = np.where(exposure > 0, futures_leg / exposure, 0.0)
    effective = spot[close] - position * per_tonne  # sale price up by a short's gain, cost down by a long's

    # ---- the futures account at period t (after that period's settlement and trades)
    held = np.cumsum(hedged) - np.cumsum(_lagged(hedged, holding))  # tonnes open from t to t + 1
    initial = margin * futures * held
    move = np.append(np.diff(futures), 0.0)  # F_(t+1) − F_t
    variation = _lagged(position * held * move, 1) + 0.0  # received at t for the period t − 1 → t
    fees_paid = fee * (lots + _lagged(lots, holding))  # opens at t and closes of hedges opened at t − h
    cash = initial - np.cumsum(variation) + np.cumsum(fees_paid)
    financing = -np.maximum(cash, 0.0) * rate / per_year + 0.0
    financing[-1] = 0.0  # no period after the last price
    paid_in = np.diff(cash, prepend=0.0)

    net = physical + futures_leg + fees + financing
    cumulative = np.cumsum(futures_leg + fees + financing)

    table = np.empty((n + 1, len(HEADER)), dtype=object)
    columns = {PERIOD: list(range(1, n + 1)), FUTURES: futures, SPOT: spot, ACTION: list(labels), RATIO: ratio,
               HEDGED: hedged, PHYSICAL: physical, FUTURES_LEG: futures_leg, FEES: fees, FINANCING: financing,
               NET: net, INITIAL_MARGIN: initial, VARIATION_MARGIN: variation, CASH_PAID_IN: paid_in,
               MARGIN_CASH: cash, CUMULATIVE: cumulative}
    for col, values in columns.items():
        table[:n, col] = values if isinstance(values, list) else values.tolist()
    table[:n, EFFECTIVE] = [float(p) if ok else None for p, ok in zip(effective, placed)]

    summary = table[n]
    totals = {"label": SUMMARY_LABEL,
              "avg_unhedged_price": float(spot[close][placed].mean()),
              "total_physical": float(physical.sum()),
              "total_futures": float(futures_leg.sum()),
              "total_fees": float(fees.sum()),
              "total_financing": float(financing.sum()),
              "total_net": float(net.sum()),
              "avg_effective_price": float(effective[placed].mean()),
              "peak_initial_margin": float(initial.max()),
              "total_variation_margin": float(variation.sum()),
              "peak_margin_cash": float(max(cash.max(), 0.0)),
              "total_hedge_result": float(cumulative[-1])}
    for key, value in totals.items():
        summary[SUMMARY_COLUMNS[key]] = value
    return table


def sell_hedge_backtest(futures, sell_low, sell_high, cover_below, exposure_t, lot_size, ratio_min=hedge.RATIO_MIN,
                        ratio_max=hedge.RATIO_MAX, spot=0.0, margin_ratio=0.0, interest_rate=0.0, fee_per_lot=0.0,
                        holding_periods=1, periods_per_year=12.0):
    """Producer sell hedge with its physical sales and margin account: (n + 1) × 17 rows."""
    futures = _series("futures", futures)
    terms = _terms(exposure_t, lot_size, margin_ratio, interest_rate, fee_per_lot, holding_periods,
                   periods_per_year, futures.size)
    spot = _spot(spot, futures)
    codes, ratio = hedge.hedge_action_codes(
        futures, single("sell_low", sell_low), single("sell_high", sell_high), single("cover_below", cover_below),
        single("ratio_min", ratio_min), single("ratio_max", ratio_max))
    labels = np.array(hedge.ACTION_LABELS, dtype=object)[codes]
    return _run(futures, spot, labels, np.asarray(ratio, dtype=float), PRODUCER, *terms)


def buy_hedge_backtest(futures, support, band, resistance, exposure_t, lot_size, buy_ratio=BUY_RATIO, spot=0.0,
                       margin_ratio=0.0, interest_rate=0.0, fee_per_lot=0.0, holding_periods=1,
                       periods_per_year=12.0):
    """Consumer buy hedge in the range's BUY zone with its physical purchases and margin account."""
    futures = _series("futures", futures)
    terms = _terms(exposure_t, lot_size, margin_ratio, interest_rate, fee_per_lot, holding_periods,
                   periods_per_year, futures.size)
    spot = _spot(spot, futures)
    codes = hedge.range_action_codes(
        futures, single("support", support), single("band", band), single("resistance", resistance))
    buy_ratio = single("buy_ratio", buy_ratio)
    if not 0.0 <= buy_ratio <= 1.0:
        raise ValueError("buy_ratio: must be a fraction from 0 to 1")
    labels = np.array(hedge.RANGE_LABELS, dtype=object)[codes]
    ratio = np.where(codes == hedge.BUY_CODE, buy_ratio, 0.0)
    return _run(futures, spot, labels, ratio, CONSUMER, *terms)
