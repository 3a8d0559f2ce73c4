"""A `MonthTable` row laid out by `SheetLayout` (workbooks/layout.py): one row per month of prices, its columns
registered in the `Book` so a later column's formula takes an earlier one as a range (`HistoryRange`), the
columns its charts draw, and the charts.

The table grows a row a month; its columns, formats (the units table), references (workbooks/spec_check.py)
and cells are the layout's like any other row's. A column a function fills (a spill, whose blanks arrive as
"" text, which Excel plots as 0) or that refers to the Data sheet (a reference to a cleared Data cell shows
0) is charted through a column beside the table: the number, or #N/A (a gap), one formula per row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .book import TableColumn, axis_floor, cell_value
from . import plan as P
from .colours import highlight_colours
from .formula import gap_formula, gap_value
from .sheets.data import value_reference
from .spec import MonthColumn, MonthTable

if TYPE_CHECKING:  # the module that calls this one (workbooks/layout.py)
    from .layout import SheetLayout

CHART_COLOURS = ("#1F4E79", "#C00000", "#70AD47", "#ED7D31")
CHART_SPACING = 9  # columns from one chart's left edge to the next one's, below the table
COLUMN_WIDTH, CHART_COLUMN_WIDTH, MONTH_WIDTH = 13, 16, 9


def lay_month_table(layout: SheetLayout, table: MonthTable) -> None:
    """Lay the title, the headers, a row per price month and the charts; the rows below are left to the charts."""
    sheet, book = layout.sheet, layout.book
    months = book.dataset.price_months
    layout.put(0, table.title, P.TITLE)
    layout.row += 1
    layout.put(0, table.note, P.NOTE)
    layout.row += 1
    first = layout.row + 2  # the first month's row, under the two header rows
    sheet.heights[first - 1] = 30
    sheet.widths[0] = MONTH_WIDTH
    drawn: dict[str, tuple[int, list]] = {}
    for col, spec in enumerate(table.columns):
        sheet.cells.append(P.Cell(first - 2, col, spec.zh, style=P.HEADER))
        sheet.cells.append(P.Cell(first - 1, col, spec.en, style=P.HEADER))
        sheet.widths.setdefault(col, COLUMN_WIDTH)
        values = _column(layout, spec, col, first, months)
        book.columns[spec.key] = TableColumn(first, col, values, len(months))
        drawn[spec.key] = (col, values)
    last = first + len(months) - 1
    _chart_columns(sheet, table, drawn, first, len(months))
    sheet.charts.extend(_chart(title, table, drawn, first, last, keys, (last + 3, CHART_SPACING * i))
                        for i, (title, keys) in enumerate(table.charts))
    sheet.highlights.extend(P.Highlight(first, 0, last, len(table.columns) - 1, word, colour)
                            for word, colour in highlight_colours(*table.highlights))
    layout.row = last + 1


def _column(layout: SheetLayout, spec: MonthColumn, col: int, first: int, months: list[str]) -> list:
    """Place one column's cells; its values by month (a spill's from its first row)."""
    sheet, book = layout.sheet, layout.book
    if spec.data:  # prices live on the Data sheet: each cell shows its Data row (or is blank)
        points = book.dataset.series_points(*spec.data, months)
        values = [None if point is None else point.value for point in points]
        sheet.cells.extend(P.Cell(first + i, col, values[i], None if point is None else value_reference(point.row),
                                  style=P.CALC, num_format=spec.fmt) for i, point in enumerate(points))
    elif spec.line:
        entry = book.entries[spec.line]
        values = [entry.value] * len(months)
        # a level with no value is a gap in the chart, not a line at 0
        sheet.cells.extend(P.Cell(first + i, col, gap_value(entry.value), "=" + gap_formula(entry.name),
                                  style=P.CALC, num_format=spec.fmt) for i in range(len(months)))
    elif spec.spill is not None:
        result = spec.spill.evaluate(book)
        rows = result if isinstance(result, list) else [[result]]
        values = [row[0] for row in rows]
        sheet.cells.append(P.Cell(first + spec.offset, col, [[cell_value(v)] for v in values],
                                  "=" + spec.spill.render(book), spill=(len(rows), 1), style=P.CALC,
                                  num_format=spec.fmt))
    else:  # the months themselves
        values = list(months)
        sheet.cells.extend(P.Cell(first + i, col, value, style=P.TEXT, num_format=spec.fmt)
                           for i, value in enumerate(values))
    return values


def _chart_columns(sheet: P.SheetPlan, table: MonthTable, drawn: dict, first: int, months: int) -> None:
    """For each charted column a function fills or the Data sheet gives, the column beside the table the chart
    draws instead (see the module's docstring)."""
    charted = {key for _, keys in table.charts for key in keys}
    col = len(table.columns) + 1
    for spec in table.columns:
        if spec.key not in charted or (spec.spill is None and spec.data is None):
            continue
        source, values = drawn[spec.key]
        sheet.cells.append(P.Cell(first - 2, col, "图表用", style=P.HEADER))
        sheet.cells.append(P.Cell(first - 1, col, f"{spec.en}, for the chart (gaps as #N/A)", style=P.HEADER))
        sheet.widths[col] = CHART_COLUMN_WIDTH
        for i in range(months):
            value = values[i - spec.offset] if 0 <= i - spec.offset < len(values) else None
            sheet.cells.append(P.Cell(first + i, col, gap_value(value),
                                      "=" + gap_formula(P.cell_address(first + i, source)),
                                      style=P.CALC, num_format=spec.fmt))
        drawn[spec.key] = (col, [gap_value(v) for v in values])
        col += 1


def _chart(title: str, table: MonthTable, drawn: dict, first: int, last: int, keys: tuple[str, ...],
           anchor: tuple[int, int]) -> P.Chart:
    series = []
    by_key = {spec.key: spec for spec in table.columns}
    for key, colour in zip(keys, CHART_COLOURS):
        col, _ = drawn[key]
        spec = by_key[key]
        series.append(P.Series(f"{spec.zh} {spec.en}", (first, 0, last, 0), (first, col, last, col), colour,
                               None if key.endswith("avg") else "dash"))
    values = [v for key in keys for v in drawn[key][1] if isinstance(v, (int, float))]
    return P.Chart(title, anchor, series, "CNY/t 元/吨", y_min=axis_floor(values))
