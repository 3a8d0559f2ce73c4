"""A `DayTable` row laid out by `SheetLayout` (workbooks/layout.py): 日线回测's terms, results, daily columns, the
spilled back-test table over them, and its two charts.

Its terms, count and results are spec rows (`Param`, `Calc`) of the template's name space: their names, units
(the units table) and references are the layout's and the strict check's like any other row's
(workbooks/spec_check.py). The date, close and spot columns are registered in the `Book` as a month table's are,
so the back-test's formula takes them whole (`HistoryRange`) by their defined names. The daily closes are bundled
bars (workbooks/data/prices/daily, workbooks/data/README.md), not month data: written as they are on every build
and refresh. A column the chart draws that a function fills is drawn through a column of its own (a blank
arrives as "" text, which Excel plots as 0: workbooks/formula.py gap_formula).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from udfs.core import margin_backtest as mb

from .book import TableColumn, axis_floor, cell_value, defined_name
from . import plan as P
from .colours import highlight_colours
from .daily import read_daily_closes
from .errors import ZnnialInputError
from .formula import difference_or_gap, difference_or_gap_formula, gap_formula, gap_value
from .plan import cell_address
from .spec import DayTable, Param
from .spot import SpotColumn, spot_column
from .units import unit as unit_of

if TYPE_CHECKING:  # the module that calls this one (workbooks/layout.py)
    from .layout import SheetLayout

DATE_COL, CLOSE_COL, SPOT_COL = 0, 1, 2
TABLE_COL = 3  # the spilled table starts in column D, right of the date, close and spot columns
TERMS_ROW = 3  # the run's terms from row 4, under the title and the two notes
CHART_ROW, CHART_COL = 3, 9  # right of the parameter notes (D–I)
BASIS_CHART_COL = 18  # right of the price chart (760 px ≈ 8 columns of 13)
CHART_ROWS = 19  # the charts' height in rows: the table starts below them


def column_formats(table: DayTable) -> tuple[str, ...]:
    """The back-test table's number format per column, from the units table."""
    return tuple(unit_of(unit).num_format for unit in table.backtest.column_units)


def spot_key(table: DayTable, day: str) -> str:
    """The assumption key of one day's spot cell: by date, so a typed price stays with its day."""
    spot = next(column for column in table.columns if column.key == "spot")
    return f"{spot.name}[{day}]"


def lay_day_table(layout: SheetLayout, table: DayTable) -> None:
    """Lay the sheet: title and notes, terms, count, results, the daily columns and table, the charts."""
    book, sheet, name = layout.book, layout.sheet, layout.spec.name
    dates, closes = read_daily_closes(table.metal, table.year)
    _title(layout, table)
    layout.row = TERMS_ROW
    for param in table.params:
        _param(layout, param)
    # first day's row: below the results and the chart beside them, a gap, the table's header row
    first = max(layout.row + len(table.results) + 3, CHART_ROW + CHART_ROWS)
    loaded = spot_column(dates, closes, book.dataset.daily(table.metal, table.spot_item, table.year))
    spot = [book.edits.assumption(name, spot_key(table, day), value) for day, value in zip(dates, loaded.spot)]
    _spot_note(layout, table, loaded, len(dates))
    for column, values in zip(table.columns, (dates, closes, spot)):
        range_name = defined_name(column.name, computed=False) if column.name else None
        book.columns[column.key] = TableColumn(first, table.columns.index(column), values, len(values), range_name)
    _calc(layout, table.periods, TERMS_ROW + len(table.params))
    result = book.value(table.backtest.key)
    if not isinstance(result, list):
        raise ZnnialInputError(f"{name}: the back-test failed: {result} (check the assumptions it reads on 表5 and "
                               "回测: zones, exposure, margin ratio, interest rate, fee per lot)")
    header_row = first - 1
    layout.row = header_row
    layout.register(table.backtest.key, TABLE_COL, result)
    for i, calc in enumerate(table.results):
        _calc(layout, calc, TERMS_ROW + len(table.params) + 1 + i)
    _columns_and_table(layout, table, header_row, result)
    cash_col = TABLE_COL + len(result[0]) + 1
    _price_chart(sheet, table, header_row, closes, result, cash_col)
    _basis_chart(sheet, table, header_row, closes, spot, cash_col + 1)
    last = first + len(closes) - 1
    sheet.freeze = (first, TABLE_COL)
    sheet.highlights.extend(P.Highlight(first, TABLE_COL, last, TABLE_COL + len(result[0]) - 1, word, colour)
                            for word, colour in highlight_colours(*table.highlights))
    layout.row = last + 1


def _title(layout: SheetLayout, table: DayTable) -> None:
    layout.put(0, table.title, P.TITLE)
    layout.row = 1
    layout.put(0, table.note, P.NOTE)


def _spot_note(layout: SheetLayout, table: DayTable, loaded: SpotColumn, days: int) -> None:
    """Row 3: how many days of the spot column the Data sheet's quotes fill, and how (docs/backtest.md). Not what
    was typed: the note is a literal, which typing in column C would not update, and a refresh must find the
    note as it wrote it (workbooks/user_edits.py find_edits)."""
    item, year = f"{table.metal}.{table.spot_item}", table.year
    if not loaded.real:
        text = (f"spot: no daily {item} quotes of {year} on the Data sheet: the spot column is blank and "
                "the metal is sold at the close (basis 0). Type or paste spot prices into column C, or load daily "
                "rows (docs/backtest.md, \"Your own spot series\").")
    else:
        filled = ", ".join(loaded.filled) if len(loaded.filled) <= 6 else f"{len(loaded.filled)} days"
        text = (f"spot: {loaded.real} of {days} days loaded from the Data sheet's daily {item}, "
                f"{len(loaded.filled)} filled (stale or missing: that day's close + the last good basis"
                f"{': ' + filled if loaded.filled else ''}), {loaded.blank} blank (outside the loaded quotes: "
                "basis 0); a price typed in column C wins and is kept by every refresh.")
    layout.sheet.cells.append(P.Cell(2, 0, text, style=P.NOTE))


def _param(layout: SheetLayout, param: Param) -> None:
    """One of this run's terms as a named input: what the user typed there, kept by every refresh."""
    value = layout.book.value(param.key)
    layout.labels(param.zh, param.en)
    cell = layout.put(2, value, P.INPUT, num_format=unit_of(param.unit).num_format,
                      name=layout.register(param.key, 2, value))
    cell.assumption, cell.key = True, param.key
    layout.put(3, param.source, P.NOTE)
    layout.row += 1


def _calc(layout: SheetLayout, calc, row: int) -> None:
    """A named result in column C: its formula over the sheet's columns or table."""
    layout.row = row
    value = layout.book.value(calc.key)
    layout.labels(calc.zh, calc.en)
    layout.put(2, value, P.CALC, formula="=" + calc.expr.render(layout.book), num_format=unit_of(calc.unit).num_format,
               name=layout.register(calc.key, 2, value))


def _columns_and_table(layout: SheetLayout, table: DayTable, header_row: int, result: list) -> None:
    """The date and close columns, the spilled table, the spot column: one input cell a day, blank where there
    is no price (the user's typing is kept by date)."""
    sheet, book, first = layout.sheet, layout.book, header_row + 1
    date, close, spot = table.columns
    sheet.cells.append(P.Cell(header_row, DATE_COL, date.header, style=P.HEADER))
    sheet.cells.append(P.Cell(header_row, CLOSE_COL, close.header, style=P.HEADER))
    closes = book.columns[close.key]
    for i, (day, price) in enumerate(zip(book.columns[date.key].values, closes.values)):
        sheet.cells.append(P.Cell(first + i, DATE_COL, day, style=P.TEXT, num_format=date.fmt))
        sheet.cells.append(P.Cell(first + i, CLOSE_COL, price, style=P.INPUT, num_format=close.fmt))
    sheet.range_names[closes.name] = (first, CLOSE_COL, first + closes.rows - 1, CLOSE_COL)
    anchor = P.Cell(header_row, TABLE_COL, [[cell_value(v) for v in line] for line in result],
                    "=" + table.backtest.expr.render(book), spill=(len(result), len(result[0])), style=P.CALC,
                    num_format=unit_of(table.backtest.unit).num_format)
    anchor.table_header = True
    anchor.column_formats = column_formats(table)
    sheet.cells.append(anchor)
    sheet.heights[header_row] = 60
    sheet.cells.append(P.Cell(header_row, SPOT_COL, spot.header, style=P.HEADER))
    days, spots = book.columns[date.key].values, book.columns[spot.key]
    for i, (day, value) in enumerate(zip(days, spots.values)):
        cell = P.Cell(first + i, SPOT_COL, value, style=P.INPUT, num_format=spot.fmt)
        cell.assumption, cell.key = True, spot_key(table, day)
        sheet.cells.append(cell)
    sheet.range_names[spots.name] = (first, SPOT_COL, first + spots.rows - 1, SPOT_COL)


def _price_chart(sheet: P.SheetPlan, table: DayTable, header_row: int, closes, result, cash_col: int) -> None:
    """The close and the margin cash (right axis). No zone lines: a constant line needs a column of 243
    formulas, and every cell costs each refresh; the zones are on 表5 and drawn on 回测's monthly chart."""
    first = header_row + 1
    last = first + len(closes) - 1
    axis = (first, DATE_COL, last, DATE_COL)
    cash_fmt = unit_of(table.backtest.column_units[mb.MARGIN_CASH]).num_format
    sheet.cells.append(P.Cell(header_row, cash_col, "保证金占用（图表用）\nmargin cash, for the chart", style=P.HEADER))
    for i, line in enumerate(result[1:1 + len(closes)]):
        source = cell_address(first + i, TABLE_COL + mb.MARGIN_CASH)
        sheet.cells.append(P.Cell(first + i, cash_col, gap_value(line[mb.MARGIN_CASH]), "=" + gap_formula(source),
                                  style=P.CALC, num_format=cash_fmt))
    series = [P.Series(table.close_label, axis, (first, CLOSE_COL, last, CLOSE_COL), "#1F4E79"),
              P.Series("margin cash 保证金占用 (right axis)", axis, (first, cash_col, last, cash_col), "#7F7F7F",
                       None, True)]
    sheet.charts.append(P.Chart(table.charts[0], (CHART_ROW, CHART_COL), series, "CNY/t 元/吨", size=(760, 300),
                                y2_title="CNY 元", y_min=axis_floor(closes)))


def _basis_chart(sheet: P.SheetPlan, table: DayTable, header_row: int, closes, spot, col: int) -> None:
    """The basis (spot − close) a day, in a column of its own and a chart right of the price chart: a day with
    no spot (blank, or 0 as the back-test reads it) is #N/A, a gap, never a basis of 0 (formula.gap_formula)."""
    first = header_row + 1
    last = first + len(closes) - 1
    fmt = table.columns[SPOT_COL].fmt
    sheet.cells.append(P.Cell(header_row, col, "基差（图表用）\nbasis, spot − close, for the chart", style=P.HEADER))
    for i, (close, price) in enumerate(zip(closes, spot)):
        row = first + i
        formula = difference_or_gap_formula(cell_address(row, SPOT_COL), cell_address(row, CLOSE_COL), True)
        sheet.cells.append(P.Cell(row, col, difference_or_gap(price, close, True), "=" + formula, style=P.CALC,
                                  num_format=fmt))
    series = [P.Series("basis 基差 (spot − close)", (first, DATE_COL, last, DATE_COL), (first, col, last, col),
                       "#7030A0")]
    sheet.charts.append(P.Chart(table.charts[1], (CHART_ROW, BASIS_CHART_COL), series, "CNY/t 元/吨",
                                size=(560, 300)))
