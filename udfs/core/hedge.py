"""Hedge zones, actions, ratios and lot sizing (docs/methods.md §4, the report's Table 5)."""

from __future__ import annotations

import numpy as np

SELL_HEDGE = "SELL HEDGE 卖保"
HOLD = "HOLD 持有"
REDUCE = "REDUCE 减平卖保"
ACTION_LABELS = (REDUCE, HOLD, SELL_HEDGE)  # indexed by the codes below
REDUCE_CODE, HOLD_CODE, SELL_CODE = 0, 1, 2

BUY_ZONE = "BUY HEDGE, DON'T CHASE SHORTS 买保·不追空"
RANGE_HOLD = "HOLD 区间观望"
RESISTANCE = "SELL-HEDGE AT RESISTANCE 反压卖保"
RANGE_LABELS = (BUY_ZONE, RANGE_HOLD, RESISTANCE)
BUY_CODE, RANGE_HOLD_CODE, RESISTANCE_CODE = 0, 1, 2


# The producer plan's defaults (docs/methods.md, "Hedge zones"): the hedge ratio ramps from RATIO_MIN at the
# bottom of the sell band to RATIO_MAX at its top; zones round to the SHFE aluminium and zinc tick.
RATIO_MIN = 0.2
RATIO_MAX = 0.8
TICK = 5.0  # CNY/t


def round_to_tick(value, tick):
    """Nearest multiple of the tick, halves rounded up (exchange prices are tick multiples)."""
    tick = np.asarray(tick, dtype=float)
    return np.floor(np.divide(value, tick) + 0.5) * tick


def hedge_zones(cost, sell_margin_low, sell_margin_high, cover_margin, tick=TICK):
    """Rows of (sell-hedge low, sell-hedge high, cover below) = cost + margin, on the tick."""
    cost, low, high, cover, tick = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (
        cost, sell_margin_low, sell_margin_high, cover_margin, tick)))
    if np.any(low > high):
        raise ValueError("sell_margin_low must not exceed sell_margin_high")
    if np.any(cover >= low):
        raise ValueError("cover_margin must be below sell_margin_low")
    zones = np.stack([round_to_tick(cost + low, tick), round_to_tick(cost + high, tick),
                      round_to_tick(cost + cover, tick)], axis=-1)
    return zones.reshape(-1, 3)


def _check_plan(sell_low, sell_high, cover_below, ratio_min, ratio_max):
    if np.any(np.asarray(sell_low) > np.asarray(sell_high)):
        raise ValueError("sell_low must not exceed sell_high")
    if np.any(np.asarray(cover_below) >= np.asarray(sell_low)):
        raise ValueError("cover_below must be below sell_low")
    if np.any(np.asarray(ratio_min) > np.asarray(ratio_max)):
        raise ValueError("ratio_min must not exceed ratio_max")


def hedge_action_codes(price, sell_low, sell_high, cover_below, ratio_min=RATIO_MIN, ratio_max=RATIO_MAX):
    """Action codes (REDUCE/HOLD/SELL) and the sell-hedge ratio for each price.

    At or above sell_low the ratio ramps linearly from ratio_min to ratio_max at
    sell_high and stays there; in the hold band and below cover_below no new
    hedge is placed, so the ratio is 0.
    """
    _check_plan(sell_low, sell_high, cover_below, ratio_min, ratio_max)
    price = np.asarray(price, dtype=float)
    width = np.subtract(sell_high, sell_low)
    progress = np.where(width > 0, np.divide(np.subtract(price, sell_low), np.where(width > 0, width, 1.0)), 1.0)
    ramp = np.add(ratio_min, np.multiply(np.subtract(ratio_max, ratio_min), np.clip(progress, 0.0, 1.0)))
    selling = price >= sell_low
    codes = np.where(selling, SELL_CODE, np.where(price <= cover_below, REDUCE_CODE, HOLD_CODE))
    ratio = np.where(selling, ramp, 0.0)
    # A blank anywhere in a row's plan leaves that row blank, as a blank price does.
    blank = np.isnan(price)
    for plan_value in (sell_low, sell_high, cover_below, ratio_min, ratio_max):
        blank = blank | np.isnan(np.asarray(plan_value, dtype=float))
    codes = np.where(blank, -1, codes)
    ratio = np.where(blank, np.nan, ratio)
    return codes, ratio


def _labels(codes, labels):
    table = np.array(labels + (None,), dtype=object)  # code −1 (blank price) → None
    return table[codes]


def hedge_action(price, sell_low, sell_high, cover_below, ratio_min=RATIO_MIN, ratio_max=RATIO_MAX):
    """One row per price: (action label, hedge ratio)."""
    codes, ratio = hedge_action_codes(price, sell_low, sell_high, cover_below, ratio_min, ratio_max)
    codes, ratio = np.broadcast_arrays(codes, ratio)
    table = np.empty((codes.size, 2), dtype=object)
    table[:, 0] = _labels(codes.ravel(), ACTION_LABELS)
    table[:, 1] = ratio.ravel()
    return table


def range_action_codes(price, support, band, resistance):
    """Codes of the report's range reading: buy zone, hold, resistance."""
    if np.any(np.add(support, band) >= np.asarray(resistance)):
        raise ValueError("support + band must be below resistance")
    price = np.asarray(price, dtype=float)
    codes = np.where(price <= np.add(support, band), BUY_CODE,
                     np.where(price >= resistance, RESISTANCE_CODE, RANGE_HOLD_CODE))
    return np.where(np.isnan(price) | np.isnan(np.add(np.add(support, band), resistance)), -1, codes)


def range_action(price, support, band, resistance):
    """The report's reading of a price in a range, bilingual, same shape as the prices."""
    codes = range_action_codes(price, support, band, resistance)
    return _labels(codes, RANGE_LABELS)


def hedge_lots(tonnes, ratio, lot_size):
    """Whole lots whose tonnage does not exceed tonnes × ratio."""
    hedged = np.multiply(tonnes, ratio)
    # The epsilon keeps 100 × 0.3 / 5 = 5.999999… from losing a whole lot.
    return np.floor(np.divide(hedged, lot_size) + 1e-9)
