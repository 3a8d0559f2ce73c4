"""历史 History: one row per month of prices, each computed column one array formula, and charts.

A sheet spec like the template's, of one `MonthTable` row, laid out by `SheetLayout` (workbooks/layout.py,
workbooks/month_table.py) with the template's `Book`: its formulas name the template's cells, its formats
come from the units table and its columns are checked by the strict build (workbooks/spec_check.py).
"""

from __future__ import annotations

from ..formula import Call, HistoryRange, Ref
from ..spec import MonthColumn, MonthTable, SheetSpec

SHEET = "历史 History"
FIRST_ROW = 4  # 0-based row of the first month: under the title, the note and two header rows

COLUMNS = (
    MonthColumn("month", "月份", "month", "text"),
    MonthColumn("zn_avg", "沪锌均价", "SHFE zinc avg", "CNY/t", data=("zn", "shfe_avg")),
    MonthColumn("zn_close", "沪锌收盘", "SHFE zinc close", "CNY/t", data=("zn", "shfe_close")),
    MonthColumn("zn_support", "锌成本支撑", "zinc cost support", "CNY/t", line="zn.support_fixed_tc"),
    MonthColumn("zn_no_chase", "不追空线", "don't-chase line", "CNY/t", line="zn.buy_zone_top"),
    MonthColumn("zn_resistance", "锌反压位", "zinc resistance", "CNY/t", line="zn.resistance"),
    MonthColumn("zn_action", "锌区间判断", "zinc range reading", "text",
        spill=Call("range_action", HistoryRange("zn_avg"), Ref("zn.support_fixed_tc"), Ref("zn.buy_band"),
                   Ref("zn.resistance"))),
    MonthColumn("zn_cushion", "高于支撑", "zinc above support", "CNY/t",
        spill=Call("profit", HistoryRange("zn_avg"), Ref("zn.support_fixed_tc"))),
    MonthColumn("zn_mom", "锌环比", "zinc MoM", "MoM",
        spill=Call("pct_change", HistoryRange("zn_avg", offset=1), HistoryRange("zn_avg", trim=1)), offset=1),
    MonthColumn("ni_avg", "沪镍均价", "SHFE nickel avg", "CNY/t", data=("ni", "shfe_avg")),
    MonthColumn("ni_close", "沪镍收盘", "SHFE nickel close", "CNY/t", data=("ni", "shfe_close")),
    MonthColumn("ni_support", "镍买保位", "nickel buy level", "CNY/t", line="ni.support"),
    MonthColumn("ni_resistance", "镍反压位", "nickel resistance", "CNY/t", line="ni.resistance"),
    MonthColumn("ni_action", "镍区间判断", "nickel range reading", "text",
        spill=Call("range_action", HistoryRange("ni_avg"), Ref("ni.support"), Ref("ni.buy_band"), Ref("ni.resistance"))),
    MonthColumn("ni_sma3", "镍3月均线", "nickel 3-month SMA", "CNY/t", spill=Call("sma", HistoryRange("ni_avg"), 3)),
    MonthColumn("ni_mom", "镍环比", "nickel MoM", "MoM",
        spill=Call("pct_change", HistoryRange("ni_avg", offset=1), HistoryRange("ni_avg", trim=1)), offset=1),
    MonthColumn("al_avg", "沪铝均价", "SHFE aluminium avg", "CNY/t", data=("al", "shfe_avg")),
    MonthColumn("al_close", "沪铝收盘", "SHFE aluminium close", "CNY/t", data=("al", "shfe_close")),
    MonthColumn("al_sell_low", "铝卖保下沿", "aluminium sell hedge from", "CNY/t", line="al.sell_low"),
    MonthColumn("al_sell_high", "铝卖保上沿", "aluminium sell hedge up to", "CNY/t", line="al.sell_high"),
    MonthColumn("al_cover_below", "铝减平线", "aluminium reduce below", "CNY/t", line="al.cover_below"),
    MonthColumn("al_margin", "高于完全成本", "aluminium above full cost", "CNY/t",
        spill=Call("profit", HistoryRange("al_avg"), Ref("al.full_cost"))),
    MonthColumn("al_mom", "铝环比", "aluminium MoM", "MoM",
        spill=Call("pct_change", HistoryRange("al_avg", offset=1), HistoryRange("al_avg", trim=1)), offset=1),
    MonthColumn("al_lme", "伦铝现货均价", "LME aluminium cash avg, USD/t", "USD/t", data=("al", "lme_cash_avg")),
    MonthColumn("zn_lme", "伦锌现货均价", "LME zinc cash avg, USD/t", "USD/t", data=("zn", "lme_cash_avg")),
    MonthColumn("ni_lme", "伦镍现货均价", "LME nickel cash avg, USD/t", "USD/t", data=("ni", "lme_cash_avg")),
)


CHARTS = (
    ("沪锌：价格、成本支撑与区间 SHFE zinc: price, cost support and range",
     ("zn_avg", "zn_support", "zn_no_chase", "zn_resistance")),
    ("沪镍：价格、买保位与反压 SHFE nickel: price, buy level and resistance",
     ("ni_avg", "ni_sma3", "ni_support", "ni_resistance")),
    ("沪铝：价格与卖保区间 SHFE aluminium: price and sell-hedge zones",
     ("al_avg", "al_sell_low", "al_sell_high", "al_cover_below")),
)


def spec() -> SheetSpec:
    """History's sheet spec, from the columns as they are now (a test may replace them)."""
    table = MonthTable("历史  History — one row per month; each computed column is one formula",
                       "Prices: the SHFE main continuous contract and the LME cash price, monthly, from the Data "
                       "sheet (its source column says who published each); lines come from 表2/表4/表5.",
                       COLUMNS, CHARTS, highlights=("SELL", "BUY", "HOLD"))
    return SheetSpec(SHEET, (table,), freeze=(FIRST_ROW, 1), picture="history")
