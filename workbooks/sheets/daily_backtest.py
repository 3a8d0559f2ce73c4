"""日线回测 Daily back-test: the report's aluminium sell-hedge plan on 2020's daily SHFE closes.

The daily closes are bundled bars (workbooks/data/prices/daily, workbooks/data/README.md), not month data:
they are written as they are on every build and refresh. The plan's zones come from 表5 and the margin terms
from 回测, by name, so one edit there moves this sheet too. The model is docs/backtest.md's
"Physical leg and margin account".
"""

from __future__ import annotations

from udfs.core import margin_backtest as mb

from .. import plan as P
from ..daily import read_daily_closes
from ..formula import Call, HistoryRange, Ref, gap_formula, gap_value
from ..layout import Book, Entry, axis_floor, cell_value, defined_name
from ..plan import cell_address, range_address
from ..colours import highlight_colours
from ..units import UNITS
from .scenarios import BACKTEST_COLUMN_UNITS

SHEET = "日线回测"
YEAR = "2020"
METAL = "al"
LOT = 5
TABLE_COL = 3  # the spilled table starts in column D; dates in A, closes in B
CHART_ROW, CHART_COL = 3, 9  # right of the parameter notes (D–I)
CLOSES_NAME = defined_name("dl.al_closes", computed=False)  # the closes column, an input range
_FORMATS = tuple(UNITS[unit].num_format for unit in BACKTEST_COLUMN_UNITS)  # 回测's column units, one table
# (key, zh, en, value, number format, note): the terms of this run; the rest comes from 表5 and 回测.
PARAMS = (
    ("dl.exposure", "每日产量", "output per trading day, t", 50, "#,##0",
     "≈ 1,000 t a month (回测) over 243 trading days: 1,000 × 12 / 243 = 49.4"),
    ("dl.holding", "持仓天数", "days each hedge is held, trading days", 21, "0",
     "≈ one month: each day's output is sold forward for a month"),
)
# (key, zh, en, summary cell, number format)
RESULTS = (
    ("dl.futures", "期货腿合计", "futures leg, total, CNY", "total_futures", "#,##0"),
    ("dl.fees", "手续费", "fees, CNY", "total_fees", "#,##0"),
    ("dl.financing", "保证金资金成本", "financing cost of the margin cash, CNY", "total_financing", "#,##0"),
    ("dl.peak_cash", "保证金最高占用", "peak cash in the margin account, CNY", "peak_margin_cash", "#,##0"),
    ("dl.result", "保值净损益", "hedge result (futures + fees + financing), CNY", "total_hedge_result", "#,##0"),
    ("dl.hedged_price", "保值后平均销售价", "average effective sale price, hedged, CNY/t", "avg_effective_price",
     "#,##0"),
    ("dl.unhedged_price", "未保值平均销售价", "average sale price, unhedged, CNY/t", "avg_unhedged_price", "#,##0"),
)


class DailyContext:
    """formula.Context for this sheet: the closes column, everything else by defined name."""

    def __init__(self, book: Book, first_row: int, closes: list[float]):
        self.book = book
        self.first_row = first_row
        self.closes = closes

    def address(self, key):
        return self.book.entries[key].name

    def value(self, key):
        if key in self.book.declared:  # a row of the sheet specs (表5's zones, 回测's margin terms)
            return self.book.value(key)
        return self.book.entries[key].value  # this sheet's own inputs, laid out above

    def column(self, key):
        return 1, self.closes

    def column_text(self, key, offset, trim):
        if offset or trim:
            return range_address(self.first_row + offset, 1, self.first_row + len(self.closes) - 1 - trim, 1)
        return CLOSES_NAME


def daily_backtest_sheet(book: Book) -> P.SheetPlan:
    dates, closes = read_daily_closes(METAL, YEAR)
    sheet = P.SheetPlan(SHEET, widths={0: 24, 1: 40, 2: 12, **{c: 13 for c in range(TABLE_COL, TABLE_COL + 19)}},
                        pages_tall=0, picture="daily-backtest")
    cells = sheet.cells
    cells.append(P.Cell(0, 0, f"日线回测  Daily back-test — SHFE aluminium {YEAR}, the report's sell-hedge plan",
                        style=P.TITLE))
    cells.append(P.Cell(1, 0, "Daily closes of the SHFE main continuous contract (bundled bars, ALNEWS snapshot of "
                              "Sina AL0; workbooks/data/README.md), not refreshed from month files. Each day's output "
                              "is sold forward at that day's close for the days below and its metal sold at the "
                              "close then (no spot series: no basis); the margin account is marked daily. Zones "
                              "from 表5, margin terms from 回测; docs/backtest.md.", style=P.NOTE))
    row = 3
    for key, zh, en, default, fmt, note in PARAMS:
        name = defined_name(key, computed=False)
        value = book.edits.assumption(SHEET, key, default)  # what the user typed there, kept by every refresh
        cells.append(P.Cell(row, 0, zh, style=P.LABEL))
        cells.append(P.Cell(row, 1, en, style=P.LABEL))
        cell = P.Cell(row, 2, value, style=P.INPUT, num_format=fmt, name=name)
        cell.assumption, cell.key = True, key
        cells.append(cell)
        cells.append(P.Cell(row, 3, note, style=P.NOTE))
        book.entries[key] = _entry(row, 2, value, name)
        row += 1
    # first day's row: below the results and the chart beside them (rows 4–20), a gap, the table's header row
    first = max(row + len(RESULTS) + 3, CHART_ROW + 19)
    ctx = DailyContext(book, first, closes)
    name = defined_name("dl.periods_per_year", computed=True)
    cells.append(P.Cell(row, 0, "每年期数", style=P.LABEL))
    cells.append(P.Cell(row, 1, "periods per year (trading days in the data)", style=P.LABEL))
    cells.append(P.Cell(row, 2, len(closes), f"=COUNT({HistoryRange('close').render(ctx)})", style=P.CALC,
                        num_format="0", name=name))
    book.entries["dl.periods_per_year"] = _entry(row, 2, len(closes), name)
    row += 1

    expr = Call("sell_hedge_backtest", HistoryRange("close"), Ref("al.sell_low"), Ref("al.sell_high"),
                Ref("al.cover_below"), Ref("dl.exposure"), LOT, Ref("al.ratio_min"), Ref("al.ratio_max"), 0,
                Ref("bt.margin_ratio"), Ref("bt.interest_rate"), Ref("bt.fee_per_lot"), Ref("dl.holding"),
                Ref("dl.periods_per_year"))
    table = expr.evaluate(ctx)
    if not isinstance(table, list):
        raise ValueError(f"{SHEET}: the back-test failed: {table}")
    header_row = first - 1
    summary_row = header_row + len(table) - 1
    for key, zh, en, item, fmt in RESULTS:
        col = TABLE_COL + mb.SUMMARY_COLUMNS[item]
        name = defined_name(key, computed=True)
        value = table[-1][mb.SUMMARY_COLUMNS[item]]
        cells.append(P.Cell(row, 0, zh, style=P.LABEL))
        cells.append(P.Cell(row, 1, en, style=P.LABEL))
        cells.append(P.Cell(row, 2, value, f"={cell_address(summary_row, col, absolute=True)}", style=P.CALC,
                            num_format=fmt, name=name))
        row += 1

    cells.append(P.Cell(header_row, 0, "日期 date", style=P.HEADER))
    cells.append(P.Cell(header_row, 1, "沪铝收盘 SHFE aluminium close, CNY/t", style=P.HEADER))
    for i, (day, close) in enumerate(zip(dates, closes)):
        cells.append(P.Cell(first + i, 0, day, style=P.TEXT, num_format="@"))
        cells.append(P.Cell(first + i, 1, close, style=P.INPUT, num_format="#,##0"))
    sheet.range_names[CLOSES_NAME] = (first, 1, first + len(closes) - 1, 1)
    anchor = P.Cell(header_row, TABLE_COL, [[cell_value(v) for v in line] for line in table],
                    "=" + expr.render(ctx), spill=(len(table), len(table[0])), style=P.CALC, num_format="#,##0")
    anchor.table_header = True
    anchor.column_formats = _FORMATS
    cells.append(anchor)
    sheet.heights[header_row] = 60

    # The chart: the close and the margin cash (right axis). No zone lines: a constant line needs a column of
    # 243 formulas, and every cell costs each refresh; the zones are on 表5 and drawn on 回测's monthly chart.
    last = first + len(closes) - 1
    axis = (first, 0, last, 0)
    # The chart draws the margin cash through a column of its own: a period the function leaves blank arrives
    # as "" text, which Excel would plot as 0 (the same rule as History and 回测: workbooks/formula.py gap_formula).
    cash_col = TABLE_COL + len(table[0]) + 1
    cells.append(P.Cell(header_row, cash_col, "保证金占用（图表用）\nmargin cash, for the chart", style=P.HEADER))
    for i, line in enumerate(table[1:1 + len(closes)]):
        source = cell_address(first + i, TABLE_COL + mb.MARGIN_CASH)
        cells.append(P.Cell(first + i, cash_col, gap_value(line[mb.MARGIN_CASH]), "=" + gap_formula(source),
                            style=P.CALC, num_format="#,##0"))
    series = [P.Series("沪铝收盘 SHFE aluminium close", axis, (first, 1, last, 1), "#1F4E79"),
              P.Series("margin cash 保证金占用 (right axis)", axis, (first, cash_col, last, cash_col), "#7F7F7F",
                       None, True)]
    sheet.charts.append(P.Chart(f"沪铝 {YEAR} 日线：价格与保证金占用 SHFE aluminium {YEAR} daily: price and margin cash",
                                (CHART_ROW, CHART_COL), series, "CNY/t 元/吨", size=(760, 300), y2_title="CNY 元",
                                y_min=axis_floor(closes)))
    sheet.freeze = (first, 2)
    sheet.highlights = [P.Highlight(first, TABLE_COL, last, TABLE_COL + len(table[0]) - 1, word, colour)
                        for word, colour in highlight_colours("SELL", "REDUCE", "HOLD")]
    return sheet


def _entry(row, col, value, name) -> Entry:
    return Entry(SHEET, row, col, value, name)
