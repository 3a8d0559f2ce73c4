"""日线回测 Daily back-test: the report's aluminium sell-hedge plan on 2020's daily SHFE closes.

A sheet spec of one `DayTable` row, laid out by `SheetLayout` (workbooks/layout.py, workbooks/day_table.py) with
the template's `Book`: its terms, count and results are template keys (their units from the units table, their
references checked by the strict build, workbooks/spec_check.py). The daily closes are bundled bars
(workbooks/data/prices/daily, workbooks/data/README.md), not month data. The plan's zones come from 表5 and the
margin terms from 回测, by name, so one edit there moves this sheet too. The model is docs/backtest.md's
"Physical leg and margin account".
"""

from __future__ import annotations

from udfs.core import margin_backtest as mb

from ..formula import Call, Count, HistoryRange, Ref, SummaryCell
from ..spec import Calc, DayColumn, DayTable, Param, SheetSpec, Spill
from .scenarios import BACKTEST_COLUMN_UNITS

SHEET = "日线回测"
YEAR = "2020"
METAL = "al"
LOT = 5
TABLE = "dl.backtest"  # the spilled back-test table's key
# (key, zh, en, value, unit, note): the terms of this run; the rest comes from 表5 and 回测.
PARAMS = (
    ("dl.exposure", "每日产量", "output per trading day, t", 50, "t",
     "≈ 1,000 t a month (回测) over 243 trading days: 1,000 × 12 / 243 = 49.4"),
    ("dl.holding", "持仓天数", "days each hedge is held, trading days", 21, "days",
     "≈ one month: each day's output is sold forward for a month"),
)
PERIODS_PER_YEAR = "dl.periods_per_year"  # counted from the closes column
# (key, zh, en, summary cell, unit)
RESULTS = (
    ("dl.futures", "期货腿合计", "futures leg, total, CNY", "total_futures", "CNY"),
    ("dl.fees", "手续费", "fees, CNY", "total_fees", "CNY"),
    ("dl.financing", "保证金资金成本", "financing cost of the margin cash, CNY", "total_financing", "CNY"),
    ("dl.peak_cash", "保证金最高占用", "peak cash in the margin account, CNY", "peak_margin_cash", "CNY"),
    ("dl.result", "保值净损益", "hedge result (futures + fees + financing), CNY", "total_hedge_result", "CNY"),
    ("dl.hedged_price", "保值后平均销售价", "average effective sale price, hedged, CNY/t", "avg_effective_price",
     "CNY/t"),
    ("dl.unhedged_price", "未保值平均销售价", "average sale price, unhedged, CNY/t", "avg_unhedged_price", "CNY/t"),
)
# The back-test over the closes column, the metal sold at the spot column (a blank day: at the close, basis 0):
# 表5's zones and ratios, 回测's margin terms, this sheet's own terms.
BACKTEST = Call("sell_hedge_backtest", HistoryRange("close"), Ref("al.sell_low"), Ref("al.sell_high"),
                Ref("al.cover_below"), Ref("dl.exposure"), LOT, Ref("al.ratio_min"), Ref("al.ratio_max"),
                HistoryRange("spot"),
                Ref("bt.margin_ratio"), Ref("bt.interest_rate"), Ref("bt.fee_per_lot"), Ref("dl.holding"),
                Ref(PERIODS_PER_YEAR))

COLUMNS = (
    DayColumn("date", "日期 date", "text"),
    DayColumn("close", "沪铝收盘 SHFE aluminium close, CNY/t", "CNY/t", name="dl.al_closes"),
    DayColumn("spot", "铝现货（可粘贴）\naluminium spot, CNY/t — paste yours", "CNY/t", name="dl.al_spot"),
)
TITLE = f"日线回测  Daily back-test — SHFE aluminium {YEAR}, the report's sell-hedge plan"
NOTE = ("Daily closes of the SHFE aluminium main continuous contract (AL0; quotes published by SHFE, via Sina "
        "Finance; bundled bars, workbooks/data/README.md), not refreshed from month files. Each day's output is "
        "sold forward at that day's close for the days below and its metal sold then at the spot column's price "
        "(a blank day: at the close, basis 0); the margin account is marked daily. Zones from 表5, margin terms "
        "from 回测; docs/backtest.md.")
CHARTS = (f"沪铝 {YEAR} 日线：价格与保证金占用 SHFE aluminium {YEAR} daily: price and margin cash",
          f"沪铝 {YEAR} 日线基差 SHFE aluminium {YEAR} daily basis (spot − close; gaps: no spot)")


def spec() -> SheetSpec:
    """日线回测's sheet spec, from the terms, results and back-test as they are now (a test may replace them)."""
    table = DayTable(
        TITLE, NOTE, METAL, YEAR, "spot",
        params=tuple(Param(*row) for row in PARAMS),
        periods=Calc(PERIODS_PER_YEAR, "每年期数", "periods per year (trading days in the data)",
                     Count(HistoryRange("close")), "days"),
        results=tuple(Calc(key, zh, en, SummaryCell(TABLE, mb.SUMMARY_COLUMNS[item]), unit)
                      for key, zh, en, item, unit in RESULTS),
        columns=COLUMNS,
        backtest=Spill(TABLE, "日线回测表", "the daily back-test", BACKTEST, "CNY", column_units=BACKTEST_COLUMN_UNITS),
        close_label="沪铝收盘 SHFE aluminium close", charts=CHARTS, highlights=("SELL", "REDUCE", "HOLD"))
    widths = {0: 24, 1: 40, 2: 12, **{c: 13 for c in range(3, 3 + 19)}}  # the table's 17 columns and 2 for the charts
    return SheetSpec(SHEET, (table,), widths=widths, pages_tall=0, picture="daily-backtest")
