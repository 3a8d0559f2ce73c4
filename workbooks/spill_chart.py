"""A spilled back-test table's chart (workbooks/layout.py SheetLayout.spill): the constant lines beside its
period rows, the columns the chart draws the price and cumulative result through, and the chart itself.

A period without a price comes back from the function as "" text, which Excel would plot as 0: the chart
draws each series through a column of its own that turns a blank into #N/A, a gap (workbooks/formula.py
gap_formula), and a level with no value is a gap too, not a line at 0. A table with a physical leg may also
get the basis (spot − futures) and its change from the period before, each a column and a line of a second
chart beside the first: a period without a spot price is a gap there, never a basis of 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .book import axis_floor, cell_value
from . import plan as P
from .formula import (DifferenceOrGap, Expr, NumberOrGap, RowValue, difference_or_gap,
                      difference_or_gap_formula, gap_formula, gap_value)
from .plan import cell_address
from .spec import Spill

if TYPE_CHECKING:  # the module that calls this one (workbooks/layout.py)
    from .layout import SheetLayout

LINE_COLOURS = ("#70AD47", "#C00000", "#ED7D31")
PRICE_COLOUR, CUMULATIVE_COLOUR = "#1F4E79", "#7F7F7F"
_DRAWN = (("价格（图表用）", "price, for the chart"), ("累计损益（图表用）", "cumulative result, for the chart"))
BASIS_COLOUR, BASIS_CHANGE_COLOUR = "#7030A0", "#ED7D31"
_BASIS_HEADERS = (("基差（图表用）", "basis, spot − futures, for the chart"),
                  ("基差变化（图表用）", "basis change on the month, for the chart"))
BASIS_CHART_OFFSET = 7  # columns right of the price chart's left edge: past its 620 px (workbooks/sheets widths)


def lay_lines_and_chart(layout: SheetLayout, row: Spill, table: list, anchor: tuple[int, int], periods: int,
                        fmt: str) -> int:
    """Lay the lines and, for a charted table with periods, the drawn columns and the chart; the rows the
    chart takes below the table (0: it sits beside it, or there is none)."""
    anchor_row, anchor_col = anchor
    next_col = anchor_col + max(len(table[0]), 7)
    line_cols = []
    for zh, en, expr in row.lines:
        chart_column(layout, anchor_row, next_col, f"{zh}\n{en}", periods, fmt, expr=NumberOrGap(expr))
        line_cols.append((f"{zh} {en}", next_col))
        next_col += 1
    if not (row.chart and periods):
        return 0
    drawn = {}
    for table_col, (zh, en) in zip((row.price_column, row.cumulative_column), _DRAWN):
        cached = [line[table_col] if table_col < len(line) else None for line in table[1:1 + periods]]
        chart_column(layout, anchor_row, next_col, f"{zh}\n{en}", periods, fmt, source=(anchor_col + table_col, cached))
        drawn[table_col] = next_col
        next_col += 1
    series = _series(layout, row, anchor, periods, drawn, line_cols)
    prices = [line[row.price_column] for line in table[1:1 + periods]
              if isinstance(line[row.price_column], (int, float))]
    levels = [v for v in (cell_value(expr.evaluate(layout.book)) for _, _, expr in row.lines)
              if isinstance(v, (int, float))]
    rows, chart_rows = len(table), 0
    if len(table[0]) > 7:  # a wide table: the chart goes below it, where it is seen without scrolling right
        at, chart_rows = (anchor_row + max(rows, periods + 2) + 1, anchor_col), 17
    else:
        at = (anchor_row, next_col + 1)
    layout.sheet.charts.append(P.Chart(row.chart[0], at, series, row.chart[1], size=(620, 300),
                                       y2_title="CNY 元", y_min=axis_floor(prices + levels)))
    if row.basis:
        lay_basis(layout, row, anchor, next_col, periods, fmt, (at[0], at[1] + BASIS_CHART_OFFSET))
    return chart_rows


def lay_basis(layout: SheetLayout, row: Spill, anchor: tuple[int, int], col: int, periods: int, fmt: str,
              at: tuple[int, int]) -> None:
    """The basis column (spot − futures of each period's Drivers cells), its change column and their chart.

    Both columns show a number or #N/A (a chart skips #N/A, plots "" and a blank reference as 0): a period
    with no spot price (blank, or 0 as the back-tests read it) has no basis, and a change needs two bases."""
    (header_row, anchor_col), basis = anchor, row.basis
    first = header_row + 1
    spot, futures = layout.book.value(basis.spot)[0], layout.book.value(basis.futures)[0]
    values = [difference_or_gap(spot[k] if k < len(spot) else None, futures[k] if k < len(futures) else None,
                                positive=True) for k in range(periods)]
    for offset, (zh, en) in enumerate(_BASIS_HEADERS):
        layout.sheet.cells.append(P.Cell(header_row, col + offset, f"{zh}\n{en}", style=P.HEADER))
    for k in range(periods):
        cell = P.Cell(first + k, col, values[k], style=P.CALC, num_format=fmt)
        layout.formulas.append((cell, DifferenceOrGap(RowValue(basis.spot, k), RowValue(basis.futures, k), True)))
        if k == 0:  # the first period has no period before it
            change = P.Cell(first, col + 1, gap_value(None), "=NA()", style=P.CALC, num_format=fmt)
        else:
            change = P.Cell(first + k, col + 1, difference_or_gap(values[k], values[k - 1]),
                            "=" + difference_or_gap_formula(cell_address(first + k, col),
                                                            cell_address(first + k - 1, col)),
                            style=P.CALC, num_format=fmt)
        layout.sheet.cells.extend((cell, change))
    axis = _axis(layout, row, header_row, periods, anchor_col)
    last = first + periods - 1
    series = [P.Series("basis 基差 (spot − futures)", axis, (first, col, last, col), BASIS_COLOUR, markers=True),
              P.Series("change on the month 基差变化", axis, (first, col + 1, last, col + 1), BASIS_CHANGE_COLOUR,
                       "dash", markers=True)]
    layout.sheet.charts.append(P.Chart(basis.title, at, series, "CNY/t 元/吨", size=(620, 300)))


def _series(layout: SheetLayout, row: Spill, anchor: tuple[int, int], periods: int, drawn: dict,
            line_cols: list) -> list[P.Series]:
    """The price, each line (dashed) and the cumulative result on the right axis."""
    anchor_row, anchor_col = anchor
    first, last = anchor_row + 1, anchor_row + periods
    axis = _axis(layout, row, anchor_row, periods, anchor_col)
    price = drawn[row.price_column]
    series = [P.Series("price 价格", axis, (first, price, last, price), PRICE_COLOUR)]
    for (name, col), colour in zip(line_cols, LINE_COLOURS):
        series.append(P.Series(name, axis, (first, col, last, col), colour, "dash"))
    cumulative = drawn[row.cumulative_column]
    series.append(P.Series("cumulative hedge result 累计保值损益 (right axis)", axis,
                           (first, cumulative, last, cumulative), CUMULATIVE_COLOUR, None, True))
    return series


def _axis(layout: SheetLayout, row: Spill, header_row: int, periods: int, anchor_col: int):
    """The categories of a table's charts: the row's Drivers labels (months), else the table's first column."""
    if row.categories:
        months = layout.book.entries[row.categories]
        return months.row, months.col, months.row, months.col + periods - 1
    return header_row + 1, anchor_col, header_row + periods, anchor_col


def chart_column(layout: SheetLayout, header_row: int, col: int, header: str, periods: int, fmt: str,
                 expr: Expr | None = None, source: tuple[int, list] | None = None) -> None:
    """A column of `periods` cells under a header for a chart to draw: `expr` on every row, or else the
    number in column ``source[0]`` of the same row (``source[1]``: its cached values by period), or #N/A."""
    layout.sheet.cells.append(P.Cell(header_row, col, header, style=P.HEADER))
    value = gap_value(expr.evaluate(layout.book)) if expr is not None else None
    for k in range(periods):
        row = header_row + 1 + k
        if expr is not None:
            cell = P.Cell(row, col, value, style=P.CALC, num_format=fmt)
            layout.formulas.append((cell, expr))  # rendered once every row of the sheet has its cell
        else:
            source_col, cached = source
            cell = P.Cell(row, col, gap_value(cached[k] if k < len(cached) else None),
                          "=" + gap_formula(cell_address(row, source_col)), style=P.CALC, num_format=fmt)
        layout.sheet.cells.append(cell)
