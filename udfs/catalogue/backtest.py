from __future__ import annotations

from ..core import backtest, hedge
from .hedge import PLAN_LEVELS, PLAN_RATIOS, RANGE_LEVELS
from ..registry import FRACTION, NONNEG, POSITIVE, SERIES, Arg, Example, Function

GROUP = "backtest"

_SUMMARY = backtest.SUMMARY_LABEL
_PRICES = Arg("prices", "Period prices, CNY/t, oldest first (a column or row of monthly averages or daily "
                        "closes); blanks after the last price are ignored", kind=SERIES, check=POSITIVE)
_EXPOSURE = Arg("exposure_t", "Physical exposure per period, t (one cell, the same every period)", check=NONNEG)
_LOT = Arg("lot_size", "Contract size, t per lot; hedges round down to whole lots (SHFE Al/Zn 5, Ni 1; "
                       "default 0 = no rounding)", check=NONNEG, default=0.0)

_MODEL = (
    "Table: a header row, one row per period — period (1..n), price, action, hedge ratio (the target ratio), "
    "hedged t (exposure × ratio, rounded down to whole lots when lot_size > 0), hedge P&L CNY, cumulative "
    "P&L CNY — then the summary row: [1] '{label}', [2] average realised price hedged, CNY/t, [3] average "
    "realised price unhedged, CNY/t, [4] worst period hedge P&L, CNY, [5] which period (its number, the "
    "earliest on a tie), [6] total hedge P&L, CNY (under the hedge P&L column), [7] blank. Model: period i "
    "decides on its own price P_i only; the hedge is filled at P_i and settled at the next period's price "
    "P_(i+1), the price at which that period's physical is {verb}; no position is carried from one period to "
    "the next. {pnl} The last period has no next price: its P&L is 0 and the summary's averages and worst "
    "period cover periods 1..n−1 (at least 2 prices are needed). Realised price of period i: unhedged "
    "P_(i+1); hedged {realised}. Not modelled: basis (futures = physical), margin calls and financing, "
    "commissions and fees, rolls, slippage, taxes. A blank before the last price is an error. "
    "See docs/backtest.md."
)

SPECS = (
    Function(
        "hedge_backtest", backtest.hedge_backtest,
        "Back-test a producer sell-hedge plan: each period sells forward the hedge_action ratio of exposure at "
        "its price, settled at the next period's price. Spills period rows and a summary row.",
        (_PRICES, *PLAN_LEVELS, _EXPOSURE, *PLAN_RATIOS, _LOT),
        GROUP,
        (Example(([[14600], [14700], [14000], [13400]], 14500, 14700, 13500, 1000),
                 [list(backtest.HEADER),
                  [1, 14600, hedge.SELL_HEDGE, 0.5, 500, -50000, -50000],
                  [2, 14700, hedge.SELL_HEDGE, 0.8, 800, 560000, 510000],
                  [3, 14000, hedge.HOLD, 0.0, 0, 0, 510000],
                  [4, 13400, hedge.REDUCE, 0.0, 0, 0, 510000],
                  [_SUMMARY, 42610 / 3, 42100 / 3, -50000, 1, 510000, None]],
                 "hand, report Table 5 Al zones 14,500–14,700 / 13,500: 14,600 → ratio 0.5, 500 t × (14,600 − "
                 "14,700) = −50,000; 14,700 → 0.8, 800 t × (14,700 − 14,000) = 560,000; realised 14,650, "
                 "14,560, 13,400 → 14,203.33 vs 14,033.33 unhedged; docs/backtest.md"),),
        returns="table",
        header=backtest.HEADER,
        notes=_MODEL.format(label=_SUMMARY, verb="sold",
                            pnl="Producer (short) P&L_i = hedged t × (P_i − P_(i+1)). Actions come from "
                                "hedge_action: SELL HEDGE at or above sell_low (ratio ramps from ratio_min to "
                                "ratio_max at sell_high); HOLD and REDUCE place no hedge (ratio 0).",
                            realised="P_(i+1) + P&L_i / exposure (higher is better)"),
    ),
    Function(
        "range_backtest", backtest.range_backtest,
        "Back-test a consumer buy hedge: in BUY-zone periods (price ≤ support + band) buy forward buy_ratio × "
        "exposure at the period price, settled at the next period's price. Spills period rows and a summary row.",
        (_PRICES, *RANGE_LEVELS, _EXPOSURE,
         Arg("buy_ratio", f"Share of the exposure bought forward in the buy zone, fraction (default "
                          f"{backtest.BUY_RATIO:g})", check=FRACTION, default=backtest.BUY_RATIO),
         _LOT),
        GROUP,
        (Example(([[16800], [17500], [16500], [20100]], 16000, 1000, 20000, 1000),
                 [list(backtest.HEADER),
                  [1, 16800, hedge.BUY_ZONE, 0.5, 500, 350000, 350000],
                  [2, 17500, hedge.RANGE_HOLD, 0.0, 0, 0, 350000],
                  [3, 16500, hedge.BUY_ZONE, 0.5, 500, 1800000, 2150000],
                  [4, 20100, hedge.RESISTANCE, 0.0, 0, 0, 2150000],
                  [_SUMMARY, 51950 / 3, 54100 / 3, 0, 2, 2150000, None]],
                 "hand, report Table 5 Zn: support 16,000 + 1,000, resistance 20,000; 500 t × (17,500 − 16,800) "
                 "= 350,000; 500 t × (20,100 − 16,500) = 1,800,000; realised cost 17,150, 16,500, 18,300 → "
                 "17,316.67 vs 18,033.33 unhedged; docs/backtest.md"),),
        returns="table",
        header=backtest.HEADER,
        notes=_MODEL.format(label=_SUMMARY, verb="bought",
                            pnl="Consumer (long) P&L_i = hedged t × (P_(i+1) − P_i). Actions come from "
                                "range_action: BUY HEDGE at or below support + band (ratio buy_ratio); HOLD and "
                                "SELL-HEDGE AT RESISTANCE place no buy hedge (ratio 0).",
                            realised="P_(i+1) − P&L_i / exposure (a purchase cost: lower is better)"),
    ),
)
