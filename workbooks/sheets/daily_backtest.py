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
from ..errors import ZnnialInputError
from ..formula import (Call, HistoryRange, Ref, difference_or_gap, difference_or_gap_formula, gap_formula,
                       gap_value)
from ..layout import Book, Entry, axis_floor, cell_value, defined_name
from ..plan import cell_address, range_address
from ..spot import SpotColumn, spot_column
from ..colours import highlight_colours
from ..units import UNITS
from .scenarios import BACKTEST_COLUMN_UNITS

SHEET = "日线回测"
YEAR = "2020"
METAL = "al"
LOT = 5
TABLE_COL = 3  # the spilled table starts in column D; dates in A, closes in B, spot in C
CLOSE_COL, SPOT_COL = 1, 2
CHART_ROW, CHART_COL = 3, 9  # right of the parameter notes (D–I)
BASIS_CHART_COL = 18  # right of the price chart (760 px ≈ 8 columns of 13)
CLOSES_NAME = defined_name("dl.al_closes", computed=False)  # the closes column, an input range
SPOT_NAME = defined_name("dl.al_spot", computed=False)  # the spot column, an input range (blank: no spot)
SPOT_ITEM = "spot"  # the vocabulary item whose daily quotes fill the spot column (vocabulary.DAILY_TOO)
_FORMATS = tuple(UNITS[unit].num_format for unit in BACKTEST_COLUMN_UNITS)  # 回测's column units, one table
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


def check_sheet(declared: dict) -> None:
    """The strict build's pass over this sheet: every unit is in the units table and every key the back-test
    reads is laid out by a template sheet or by this sheet (SpecError naming the sheet and the row)."""
    from ..spec_check import SpecError, walk

    own = {key for key, *_ in PARAMS} | {PERIODS_PER_YEAR}
    problems = [f"sheet '{SHEET}', row '{key}': unknown unit '{unit}': not in the units table (workbooks/units.py)"
                for key, *_, unit in [row[:5] for row in PARAMS] + list(RESULTS) if unit not in UNITS]
    problems += [f"sheet '{SHEET}', the back-test: reference to unknown key '{part.key}': no template sheet "
                 "lays it out" for part in walk(BACKTEST)
                 if isinstance(part, Ref) and part.key not in declared and part.key not in own]
    if problems:
        raise SpecError(problems)


class DailyContext:
    """formula.Context for this sheet: the closes and spot columns, everything else by defined name."""

    def __init__(self, book: Book, first_row: int, closes: list[float], spot: list):
        self.book = book
        self.first_row = first_row
        self.columns = {"close": (CLOSE_COL, closes, CLOSES_NAME), "spot": (SPOT_COL, spot, SPOT_NAME)}

    def address(self, key):
        return self.book.entries[key].name

    def value(self, key):
        if key in self.book.declared:  # a row of the sheet specs (表5's zones, 回测's margin terms)
            return self.book.value(key)
        return self.book.entries[key].value  # this sheet's own inputs, laid out above

    def column(self, key):
        col, values, _ = self.columns[key]
        return col, values

    def column_text(self, key, offset, trim):
        col, values, name = self.columns[key]
        if offset or trim:
            return range_address(self.first_row + offset, col, self.first_row + len(values) - 1 - trim, col)
        return name


def daily_backtest_sheet(book: Book) -> P.SheetPlan:
    """The sheet: its terms, the results, the closes and the spilled back-test table, and the chart."""
    dates, closes = read_daily_closes(METAL, YEAR)
    sheet = P.SheetPlan(SHEET, widths={0: 24, 1: 40, 2: 12, **{c: 13 for c in range(TABLE_COL, TABLE_COL + 19)}},
                        pages_tall=0, picture="daily-backtest")
    _title(sheet)
    row = _params(sheet, book, 3)
    # first day's row: below the results and the chart beside them (rows 4–20), a gap, the table's header row
    first = max(row + len(RESULTS) + 3, CHART_ROW + 19)
    loaded = spot_column(dates, closes, book.dataset.daily(METAL, SPOT_ITEM, YEAR))
    spot = [book.edits.assumption(SHEET, spot_key(day), value) for day, value in zip(dates, loaded.spot)]
    _spot_note(sheet, loaded, len(dates))
    ctx = DailyContext(book, first, closes, spot)
    row = _periods_per_year(sheet, book, ctx, row, len(closes))
    table = BACKTEST.evaluate(ctx)
    if not isinstance(table, list):
        raise ZnnialInputError(f"{SHEET}: the back-test failed: {table} (check the assumptions it reads on 表5 and "
                               "回测: zones, exposure, margin ratio, interest rate, fee per lot)")
    header_row = first - 1
    _results(sheet, row, header_row + len(table) - 1, table)
    _closes_and_table(sheet, ctx, header_row, dates, closes, table)
    _spot_cells(sheet, header_row, dates, spot)
    _chart(sheet, header_row, closes, table)
    _basis_chart(sheet, header_row, closes, spot, TABLE_COL + len(table[0]) + 2)
    last = first + len(closes) - 1
    sheet.freeze = (first, 3)
    sheet.highlights = [P.Highlight(first, TABLE_COL, last, TABLE_COL + len(table[0]) - 1, word, colour)
                        for word, colour in highlight_colours("SELL", "REDUCE", "HOLD")]
    return sheet


def _fmt(unit: str) -> str:
    return UNITS[unit].num_format


def _title(sheet: P.SheetPlan) -> None:
    sheet.cells.append(P.Cell(0, 0, f"日线回测  Daily back-test — SHFE aluminium {YEAR}, the report's sell-hedge plan",
                              style=P.TITLE))
    sheet.cells.append(P.Cell(1, 0, "Daily closes of the SHFE aluminium main continuous contract (AL0; quotes "
                                    "published by SHFE, via Sina Finance; bundled bars, workbooks/data/README.md), "
                                    "not refreshed from month files. Each "
                                    "day's output is sold forward at that day's close for the days below and its metal "
                                    "sold then at the spot column's price (a blank day: at the close, basis 0); the "
                                    "margin account is marked daily. Zones from 表5, margin terms from 回测; "
                                    "docs/backtest.md.", style=P.NOTE))


def spot_key(day: str) -> str:
    """The assumption key of one day's spot cell: by date, so a typed price stays with its day."""
    return f"dl.{METAL}_spot[{day}]"


def _spot_note(sheet: P.SheetPlan, loaded: SpotColumn, days: int) -> None:
    """Row 2: how many days of the spot column the Data sheet's quotes fill, and how (docs/backtest.md). Not what
    was typed: the note is a literal, which typing in column C would not update, and a refresh must find the
    note as it wrote it (workbooks/user_edits.py find_edits)."""
    typed_text = "; a price typed in column C wins and is kept by every refresh"
    if not loaded.real:
        text = (f"spot: no daily {METAL}.{SPOT_ITEM} quotes of {YEAR} on the Data sheet: the spot column is blank and "
                "the metal is sold at the close (basis 0). Type or paste spot prices into column C, or load daily "
                "rows (docs/backtest.md, \"Your own spot series\").")
    else:
        filled = ", ".join(loaded.filled) if len(loaded.filled) <= 6 else f"{len(loaded.filled)} days"
        text = (f"spot: {loaded.real} of {days} days loaded from the Data sheet's daily {METAL}.{SPOT_ITEM}, "
                f"{len(loaded.filled)} filled (stale or missing: that day's close + the last good basis"
                f"{': ' + filled if loaded.filled else ''}), {loaded.blank} blank (outside the loaded quotes: "
                f"basis 0){typed_text}.")
    sheet.cells.append(P.Cell(2, 0, text, style=P.NOTE))


def _params(sheet: P.SheetPlan, book: Book, row: int) -> int:
    """This run's terms as named inputs from `row`; the row after them."""
    for key, zh, en, default, unit, note in PARAMS:
        name = defined_name(key, computed=False)
        value = book.edits.assumption(SHEET, key, default)  # what the user typed there, kept by every refresh
        sheet.cells.append(P.Cell(row, 0, zh, style=P.LABEL))
        sheet.cells.append(P.Cell(row, 1, en, style=P.LABEL))
        cell = P.Cell(row, 2, value, style=P.INPUT, num_format=_fmt(unit), name=name)
        cell.assumption, cell.key = True, key
        sheet.cells.append(cell)
        sheet.cells.append(P.Cell(row, 3, note, style=P.NOTE))
        book.entries[key] = _entry(row, 2, value, name)
        row += 1
    return row


def _periods_per_year(sheet: P.SheetPlan, book: Book, ctx: DailyContext, row: int, count: int) -> int:
    name = defined_name(PERIODS_PER_YEAR, computed=True)
    sheet.cells.append(P.Cell(row, 0, "每年期数", style=P.LABEL))
    sheet.cells.append(P.Cell(row, 1, "periods per year (trading days in the data)", style=P.LABEL))
    sheet.cells.append(P.Cell(row, 2, count, f"=COUNT({HistoryRange('close').render(ctx)})", style=P.CALC,
                              num_format=_fmt("days"), name=name))
    book.entries[PERIODS_PER_YEAR] = _entry(row, 2, count, name)
    return row + 1


def _results(sheet: P.SheetPlan, row: int, summary_row: int, table: list) -> None:
    """The summary's figures as named results, each a reference into the table's summary row."""
    for key, zh, en, item, unit in RESULTS:
        col = TABLE_COL + mb.SUMMARY_COLUMNS[item]
        name = defined_name(key, computed=True)
        value = table[-1][mb.SUMMARY_COLUMNS[item]]
        sheet.cells.append(P.Cell(row, 0, zh, style=P.LABEL))
        sheet.cells.append(P.Cell(row, 1, en, style=P.LABEL))
        sheet.cells.append(P.Cell(row, 2, value, f"={cell_address(summary_row, col, absolute=True)}", style=P.CALC,
                                  num_format=_fmt(unit), name=name))
        row += 1


def _closes_and_table(sheet: P.SheetPlan, ctx: DailyContext, header_row: int, dates, closes, table) -> None:
    cells, first = sheet.cells, header_row + 1
    cells.append(P.Cell(header_row, 0, "日期 date", style=P.HEADER))
    cells.append(P.Cell(header_row, 1, "沪铝收盘 SHFE aluminium close, CNY/t", style=P.HEADER))
    for i, (day, close) in enumerate(zip(dates, closes)):
        cells.append(P.Cell(first + i, 0, day, style=P.TEXT, num_format=_fmt("text")))
        cells.append(P.Cell(first + i, 1, close, style=P.INPUT, num_format=_fmt("CNY/t")))
    sheet.range_names[CLOSES_NAME] = (first, 1, first + len(closes) - 1, 1)
    anchor = P.Cell(header_row, TABLE_COL, [[cell_value(v) for v in line] for line in table],
                    "=" + BACKTEST.render(ctx), spill=(len(table), len(table[0])), style=P.CALC,
                    num_format=_fmt("CNY"))
    anchor.table_header = True
    anchor.column_formats = _FORMATS
    cells.append(anchor)
    sheet.heights[header_row] = 60


def _spot_cells(sheet: P.SheetPlan, header_row: int, dates, spot) -> None:
    """The spot column: one input cell a day, blank where there is no price; the user's typing is kept by date."""
    first = header_row + 1
    sheet.cells.append(P.Cell(header_row, SPOT_COL, "铝现货（可粘贴）\naluminium spot, CNY/t — paste yours",
                              style=P.HEADER))
    for i, (day, value) in enumerate(zip(dates, spot)):
        cell = P.Cell(first + i, SPOT_COL, value, style=P.INPUT, num_format=_fmt("CNY/t"))
        cell.assumption, cell.key = True, spot_key(day)
        sheet.cells.append(cell)
    sheet.range_names[SPOT_NAME] = (first, SPOT_COL, first + len(dates) - 1, SPOT_COL)


def _basis_chart(sheet: P.SheetPlan, header_row: int, closes, spot, col: int) -> None:
    """The basis (spot − close) a day, in a column of its own and a chart right of the price chart: a day with
    no spot (blank, or 0 as the back-test reads it) is #N/A, a gap, never a basis of 0 (formula.gap_formula)."""
    first = header_row + 1
    last = first + len(closes) - 1
    sheet.cells.append(P.Cell(header_row, col, "基差（图表用）\nbasis, spot − close, for the chart", style=P.HEADER))
    for i, (close, price) in enumerate(zip(closes, spot)):
        row = first + i
        formula = difference_or_gap_formula(cell_address(row, SPOT_COL), cell_address(row, CLOSE_COL), True)
        sheet.cells.append(P.Cell(row, col, difference_or_gap(price, close, True), "=" + formula, style=P.CALC,
                                  num_format=_fmt("CNY/t")))
    series = [P.Series("basis 基差 (spot − close)", (first, 0, last, 0), (first, col, last, col), "#7030A0")]
    sheet.charts.append(P.Chart(f"沪铝 {YEAR} 日线基差 SHFE aluminium {YEAR} daily basis (spot − close; gaps: no spot)",
                                (CHART_ROW, BASIS_CHART_COL), series, "CNY/t 元/吨", size=(560, 300)))


def _chart(sheet: P.SheetPlan, header_row: int, closes, table) -> None:
    """The close and the margin cash (right axis). No zone lines: a constant line needs a column of 243
    formulas, and every cell costs each refresh; the zones are on 表5 and drawn on 回测's monthly chart."""
    first = header_row + 1
    last = first + len(closes) - 1
    axis = (first, 0, last, 0)
    # The chart draws the margin cash through a column of its own: a period the function leaves blank arrives
    # as "" text, which Excel would plot as 0 (the same rule as History and 回测: workbooks/formula.py gap_formula).
    cash_col = TABLE_COL + len(table[0]) + 1
    sheet.cells.append(P.Cell(header_row, cash_col, "保证金占用（图表用）\nmargin cash, for the chart", style=P.HEADER))
    for i, line in enumerate(table[1:1 + len(closes)]):
        source = cell_address(first + i, TABLE_COL + mb.MARGIN_CASH)
        sheet.cells.append(P.Cell(first + i, cash_col, gap_value(line[mb.MARGIN_CASH]), "=" + gap_formula(source),
                                  style=P.CALC, num_format=_fmt("CNY")))
    series = [P.Series("沪铝收盘 SHFE aluminium close", axis, (first, 1, last, 1), "#1F4E79"),
              P.Series("margin cash 保证金占用 (right axis)", axis, (first, cash_col, last, cash_col), "#7F7F7F",
                       None, True)]
    sheet.charts.append(P.Chart(f"沪铝 {YEAR} 日线：价格与保证金占用 SHFE aluminium {YEAR} daily: price and margin cash",
                                (CHART_ROW, CHART_COL), series, "CNY/t 元/吨", size=(760, 300), y2_title="CNY 元",
                                y_min=axis_floor(closes)))


def _entry(row, col, value, name) -> Entry:
    return Entry(SHEET, row, col, value, name)
