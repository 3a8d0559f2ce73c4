"""Hedge back-test worksheet functions: the monthly zone and range back-tests, and the sell- and buy-hedge
back-tests with the physical leg and the margin account (udfs/core/backtest.py, margin_backtest.py).
"""

from __future__ import annotations

from ..core import backtest, hedge, margin_backtest
from .hedge import PLAN_LEVELS, PLAN_RATIOS, RANGE_LEVELS
from ..registry import FRACTION, INTEGER, NONNEG, POSITIVE, SERIES, Arg, Example, Function

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
    "commissions and fees, rolls, slippage, taxes (sell_hedge_backtest and buy_hedge_backtest add the spot leg, "
    "margin, financing and fees). A blank before the last price is an error. See docs/backtest.md."
)

_BUY_RATIO = Arg("buy_ratio", f"Share of the exposure bought forward in the buy zone, fraction (default "
                              f"{backtest.BUY_RATIO:g})", check=FRACTION, default=backtest.BUY_RATIO)

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
         _BUY_RATIO,
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

# ---------------------------------------------------------------- with the physical leg and the margin account

_ACCOUNT = margin_backtest.SUMMARY_LABEL
_FUTURES = Arg("futures", "Futures prices, CNY/t, oldest first (a column or row of monthly averages or daily "
                          "closes); hedges open and close at these; blanks after the last price are ignored",
               kind=SERIES, check=POSITIVE)
_LOT_REQUIRED = Arg("lot_size", "Contract size, t per lot; hedges round down to whole lots and fees are per lot "
                                "(SHFE Al/Zn 5, Ni 1)", check=POSITIVE)
_ACCOUNT_ARGS = (
    Arg("spot", "Spot (physical) prices, CNY/t, the same length as futures; the physical is sold or bought at "
                "these. Default 0 (or blank): spot = futures, no basis; a blank period: basis 0 then", kind=SERIES, check=NONNEG, default=0.0),
    Arg("margin_ratio", "Initial margin, fraction of the futures value held (SHFE floor 0.05; brokers ask more); "
                        "default 0", check=FRACTION, default=0.0),
    Arg("interest_rate", "Annual interest on the cash in the margin account, fraction (0.05 = 5 %); default 0",
        check=FRACTION, default=0.0),
    Arg("fee_per_lot", "Trading fee, CNY per lot, paid when a hedge opens and again when it closes; default 0",
        check=NONNEG, default=0.0),
    Arg("holding_periods", "Periods each hedge is held, whole number (default 1: closed at the next price; "
                           "daily closes: about 21 for a month)", kind=INTEGER, check=POSITIVE, default=1),
    Arg("periods_per_year", "Periods in a year, for interest: 12 for months, trading days for daily closes "
                            "(default 12)", check=POSITIVE, default=12.0),
)

_ACCOUNT_MODEL = (
    "Table: a header row, one row per period, then the summary row. Row i is hedge i and its physical "
    "exposure: the action and ratio at futures F_i; hedged t = exposure × ratio in whole lots, opened at F_i and "
    "closed holding_periods (h) later at F_(i+h); the period's exposure is {verb} at spot S_(i+h) (physical leg); "
    "futures leg = {pnl}; fees = −2 × fee_per_lot × lots; effective price = {effective}. Hedges that would close "
    "after the last price are not placed. Account columns (period t): initial margin = margin_ratio × F_t × open "
    "t; variation margin received at t for the move from t−1; cash paid in; margin cash = initial margin + fees "
    "paid − variation margin received so far; financing = −max(margin cash, 0) × interest_rate / "
    "periods_per_year. Net = physical + futures + fees + financing (signed CNY: a sale +, a purchase −, costs "
    "−). Summary: [3] average spot of the settled hedges (unhedged price), [7]–[11] totals, [12] average "
    "effective price, [13] peak initial margin, [14] total variation margin, [16] peak margin cash, [17] total "
    "hedge result (futures + fees + financing). Not modelled: delivery, rolls, the delivery grade's basis, "
    "VAT and income tax, interest earned on surplus cash. See docs/backtest.md."
)

SPECS = SPECS + (
    Function(
        "sell_hedge_backtest", margin_backtest.sell_hedge_backtest,
        "Back-test a producer sell-hedge plan with its physical sales and margin account: physical and futures "
        "legs, effective sale price, variation margin, peak margin cash, financing, fees and net, CNY. Spills.",
        (_FUTURES, *PLAN_LEVELS, _EXPOSURE, _LOT_REQUIRED, *PLAN_RATIOS, *_ACCOUNT_ARGS),
        GROUP,
        (Example(([[14600], [14700], [14000]], 14500, 14700, 13500, 1000, 5, 0.2, 0.8,
                  [[14500], [14650], [13900]], 0.1, 0.05, 2),
                 [list(margin_backtest.HEADER),
                  [1, 14600, 14500, hedge.SELL_HEDGE, 0.5, 500, 14650000, -50000, -400, -3042.5,
                   14596557.5, 14600, 730000, 0, 730200, 730200, -53442.5],
                  [2, 14700, 14650, hedge.SELL_HEDGE, 0.8, 800, 13900000, 560000, -640, -1226720 * 0.05 / 12,
                   13900000 + 560000 - 640 - 1226720 * 0.05 / 12, 14460, 1176000, -50000, 496520, 1226720,
                   -53442.5 + 560000 - 640 - 1226720 * 0.05 / 12],
                  [3, 14000, 13900, hedge.HOLD, 0.0, 0, 0, 0, 0, 0, 0, None, 0, 560000, -1735680, -508960,
                   -53442.5 + 560000 - 640 - 1226720 * 0.05 / 12],
                  [_ACCOUNT, None, 14275, None, None, None, 28550000, 510000, -1040, -3042.5 - 1226720 * 0.05 / 12,
                   28550000 + 510000 - 1040 - 3042.5 - 1226720 * 0.05 / 12, 14530, 1176000, 510000, None, 1226720,
                   510000 - 1040 - 3042.5 - 1226720 * 0.05 / 12]],
                 "hand, docs/backtest.md 'Physical leg and margin': report Table 5 Al zones; 500 t (100 lots) then "
                 "800 t (160 lots); margin 10 %: 0.1 × 14,600 × 500 = 730,000 + fee 200; then 0.1 × 14,700 × 800 "
                 "= 1,176,000 + 50,000 lost + 720 fees = 1,226,720 (peak); interest 5 %/12"),),
        returns="table",
        header=margin_backtest.HEADER,
        notes=_ACCOUNT_MODEL.format(verb="sold", pnl="hedged t × (F_i − F_(i+h)) (short)",
                                    effective="S_(i+h) + futures leg / exposure (a sale price: higher is "
                                              "better). Actions as hedge_action; HOLD and REDUCE place no hedge"),
    ),
    Function(
        "buy_hedge_backtest", margin_backtest.buy_hedge_backtest,
        "Back-test a consumer buy hedge (buy zone ≤ support + band) with its physical purchases and margin "
        "account: physical and futures legs, effective cost, variation margin, peak margin cash, financing, "
        "fees, net, CNY.",
        (_FUTURES, *RANGE_LEVELS, _EXPOSURE, _LOT_REQUIRED,
         _BUY_RATIO,
         *_ACCOUNT_ARGS),
        GROUP,
        (Example(([[16800], [17500], [16500]], 16000, 1000, 20000, 1000, 5, 0.5, 0, 0.1, 0, 0, 2),
                 [list(margin_backtest.HEADER),
                  [1, 16800, 16800, hedge.BUY_ZONE, 0.5, 500, -16500000, -150000, 0, 0, -16650000, 16650, 840000, 0,
                   840000, 840000, -150000],
                  [2, 17500, 17500, hedge.RANGE_HOLD, 0.0, 0, 0, 0, 0, 0, 0, None, 875000, 350000, -315000, 525000,
                   -150000],
                  [3, 16500, 16500, hedge.BUY_ZONE, 0.5, 0, 0, 0, 0, 0, 0, None, 0, -500000, -375000, 150000,
                   -150000],
                  [_ACCOUNT, None, 16500, None, None, None, -16500000, -150000, 0, 0, -16650000, 16650, 875000,
                   -150000, None, 840000, -150000]],
                 "hand, docs/backtest.md: report Table 5 Zn range, held 2 periods: 500 t long at 16,800 closed at "
                 "16,500 = −150,000; cost 16,500 + 150 = 16,650; margin 10 %: 840,000, then 875,000 − 350,000 "
                 "gain = 525,000, then 150,000 (the loss)"),),
        returns="table",
        header=margin_backtest.HEADER,
        notes=_ACCOUNT_MODEL.format(verb="bought", pnl="hedged t × (F_(i+h) − F_i) (long)",
                                    effective="S_(i+h) − futures leg / exposure (a cost: lower is better). "
                                              "Actions as range_action; only BUY HEDGE places a hedge"),
    ),
)
