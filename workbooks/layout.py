"""Laying sheet specs out into sheet plans: rows, names, cached values.

Item rows use six columns: 中文 | English | value | unit | as of | source or note.
On the template sheets every figure, assumption and result is a defined name
(``in_al_full_cost``, ``out_al_profit_at_spot``) so formulas read like the
report; on a monthly sheet the same formulas refer to cells of that sheet.
"""

from __future__ import annotations

from workbooks.monthdata import lookup

from . import plan as P
from .colours import COLOUR_SCALES, HIGHLIGHT_COLOURS
from .book import Book, Entry, cell_value, driver_key, name_for
from .dataset import previous_month
from .formula import Expr
from .spec import (Buttons, Calc, DayTable, Drivers, Figure, Matrix, MonthTable, Param, Section, SheetSpec, Spill,
                   Text, Title)
from .spill_chart import lay_lines_and_chart
from .month_table import lay_month_table
from .day_table import lay_day_table
from .units import unit as _unit
from .sheets.data import value_reference

COL_ZH, COL_EN, COL_VALUE, COL_UNIT, COL_ASOF, COL_NOTE = range(6)
MISSING = "— no data 无数据"


class SheetLayout:
    def __init__(self, book: Book, spec: SheetSpec, month_sheet: bool = False):
        self.book = book
        self.spec = spec
        self.sheet = P.SheetPlan(spec.name, month_sheet=month_sheet, picture=spec.picture)
        self.row = 0
        self.formulas: list[tuple[P.Cell, Expr]] = []  # written once every row of the sheet has its cell
        book.current_sheet = spec.name

    def put(self, col, value=None, style=P.TEXT, formula=None, num_format=None, name=None, spill=None):
        """Place a cell; a formula given as an Expr is rendered once the sheet has every cell (`lay`)."""
        cell = P.Cell(self.row, col, value, formula if isinstance(formula, str) else None, spill, style,
                      num_format, name)
        if isinstance(formula, Expr):
            self.formulas.append((cell, formula))
        self.sheet.cells.append(cell)
        return cell

    def register(self, key: str, col: int, value) -> str | None:
        if key in self.book.entries:
            raise ValueError(f"{key} is laid out twice")
        name = name_for(self.book.declared[key].node) if self.book.use_names else None
        self.book.entries[key] = Entry(self.spec.name, self.row, col, value, name)
        return name

    def labels(self, zh: str, en: str, style=P.LABEL):
        self.put(COL_ZH, zh, style)
        self.put(COL_EN, en, style)

    # -- row kinds
    def title(self, row: Title):
        self.put(COL_ZH, f"{row.zh}  {row.en}", P.TITLE)
        self.row += 1
        self.put(COL_ZH, f"as of 截至 {self.book.month}", P.NOTE)
        self.row += 2

    def section(self, row: Section):
        if self.row > 3:
            self.row += 1
        if row.columns:
            for col, text in enumerate(("value 数值", "unit 单位", "as of 月份", "source / note 来源·说明"),
                                       start=COL_VALUE):
                self.put(col, text, P.HEADER)
        self.put(COL_ZH, row.zh, P.SECTION)
        self.put(COL_EN, row.en, P.SECTION)
        self.row += 1

    def text(self, row: Text):
        self.put(COL_ZH, row.zh, P.TEXT)
        if row.en:
            self.row += 1
            self.put(COL_ZH, row.en, P.TEXT)
        self.row += 1

    def figure_cell(self, key: str, col: int):
        """Place a data figure: a formula showing its cell on the Data sheet, where it lives (blank when there
        is none); returns the data point looked up (or None)."""
        found = self.book.figure(key)
        metal, item = key.split("@")[0].split(".", 1)
        fmt = _unit(lookup(metal, item).unit).num_format
        value = self.book.value(key)
        name = self.register(key, col, value)
        formula = None if found is None else value_reference(found.row)
        self.put(col, value, P.CALC, formula=formula, num_format=fmt, name=name)
        return found

    def figure(self, row: Figure):
        metal, item = row.key.split("@")[0].split(".", 1)
        vocab = lookup(metal, item)
        zh = row.zh or vocab.label_zh
        en = row.en or vocab.label_en
        if row.key.endswith("@prev"):
            zh, en = zh + "（上月）", en + " (previous month)"
        self.labels(zh, en)
        found = self.figure_cell(row.key, COL_VALUE)
        self.put(COL_UNIT, _unit(vocab.unit).label, P.UNIT)
        if found is None:
            self.put(COL_ASOF, "", P.NOTE)
            self.put(COL_NOTE, MISSING, P.NOTE)
        else:
            self.put(COL_ASOF, found.month, P.NOTE)
            self.put(COL_NOTE, found.source, P.NOTE)
        self.row += 1

    def param(self, row: Param):
        self.labels(row.zh, row.en)
        unit = _unit(row.unit)
        value = self.book.value(row.key)  # the user's value where they typed one (Book._compute)
        name = self.register(row.key, COL_VALUE, value)
        cell = self.put(COL_VALUE, value, P.INPUT, num_format=unit.num_format, name=name)
        cell.assumption, cell.key = True, row.key
        self.put(COL_UNIT, unit.label, P.UNIT)
        self.put(COL_ASOF, "assumption 假设", P.NOTE)
        self.put(COL_NOTE, row.source, P.NOTE)
        self.row += 1

    def calc_cell(self, key: str, expr: Expr, unit: str, col: int):
        missing = self.book.missing(expr)
        fmt = _unit(unit).num_format
        if missing:
            self.register(key, col, None)
            self.put(col, MISSING, P.NOTE)
            return missing
        value = self.book.value(key)
        style = P.FLAG if isinstance(value, str) else P.CALC
        name = self.register(key, col, value)
        self.put(col, value, style, formula=expr, num_format=fmt, name=name)
        return []

    def calc(self, row: Calc):
        self.labels(row.zh, row.en)
        missing = self.calc_cell(row.key, row.expr, row.unit, COL_VALUE)
        self.put(COL_UNIT, _unit(row.unit).label, P.UNIT)
        self.put(COL_ASOF, "formula 公式", P.NOTE)
        note = row.note if not missing else f"needs 缺少: {', '.join(missing)}"
        self.put(COL_NOTE, note, P.NOTE)
        self.row += 1

    def matrix(self, block: Matrix):
        prev = previous_month(self.book.month)
        self.row += 1
        self.put(COL_ZH, "", P.HEADER)
        self.put(COL_EN, "", P.HEADER)
        for i, (zh, en) in enumerate(block.headers):
            text = f"{zh}\n{en}".format(month=self.book.month, prev=prev)
            self.put(COL_VALUE + i, text, P.HEADER)
        note_col = COL_VALUE + len(block.headers)
        self.put(note_col, "source / note 来源·说明", P.HEADER)
        self.sheet.heights[self.row] = 30  # two lines: 中文 over English
        self.row += 1
        for zh, en, cells in block.rows:
            self.labels(zh, en)
            sources = []
            for i, cell in enumerate(cells):
                col = COL_VALUE + i
                if isinstance(cell, Figure):
                    found = self.figure_cell(cell.key, col)
                    if found is not None:
                        sources.append(found.month)
                elif isinstance(cell, Calc):
                    self.calc_cell(cell.key, cell.expr, cell.unit, col)
                elif isinstance(cell, str):
                    self.put(col, cell, P.NOTE)
            has_data = any(isinstance(cell, Figure) for cell in cells)
            if sources:
                self.put(note_col, "as of 月份: " + ", ".join(sorted(set(sources))), P.NOTE)
            elif has_data:
                self.put(note_col, MISSING, P.NOTE)
            self.row += 1
        if block.note:
            self.put(COL_ZH, block.note, P.NOTE)
            self.row += 1

    def _filled(self, row: Drivers) -> str:
        """For a row filled from the Data sheet: how many of its months were loaded there."""
        if not row.fill:
            return ""
        loaded = sum(v is not None for v in self.book.dataset.series(*row.fill, list(row.months)))
        return f" · Data sheet {'.'.join(row.fill)}: {loaded} of {len(row.months)} months loaded"

    def drivers(self, row: Drivers):
        self.labels(row.zh, row.en)
        values = self.book.value(row.key)[0]  # the user's values where they typed them (Book._compute)
        fmt = _unit(row.unit).num_format
        first = COL_VALUE
        last = first + len(values) - 1
        points = self.book.dataset.series_points(*row.data, list(row.months)) if row.data else ()
        for i, value in enumerate(values):
            if row.data:  # prices from the Data sheet, where they live: each cell shows its Data row
                formula = None if points[i] is None else value_reference(points[i].row)
                self.put(first + i, value, P.CALC, formula=formula, num_format=fmt)
            else:
                cell = self.put(first + i, value, P.INPUT, num_format=fmt)
                cell.assumption, cell.key = True, driver_key(row.key, i)
        name = self.register(row.key, first, [values])
        if name:
            self.sheet.range_names[name] = (self.row, first, self.row, last)
        self.row += 1
        self.put(COL_EN, f"{_unit(row.unit).label} · {row.source}{self._filled(row)}", P.NOTE)
        self.row += 1

    def spill(self, row: Spill):
        self.labels(row.zh, row.en, P.SECTION)
        self.put(COL_VALUE, row.note, P.NOTE)
        self.row += 1
        fmt = _unit(row.unit).num_format
        result = self.book.value(row.key)
        table = result if isinstance(result, list) else [[result]]
        table = [[cell_value(v) for v in line] for line in table]
        anchor_row, anchor_col = self.row, COL_VALUE
        formula = row.expr
        if isinstance(result, list):
            cell = self.put(anchor_col, table, P.CALC, formula=formula, num_format=fmt,
                            spill=(len(table), len(table[0])))
            cell.table_header = isinstance(table[0][0], str)
            if cell.table_header:
                # a wrapped label of up to three lines; four in a wide back-test table's narrower columns
                self.sheet.heights[anchor_row] = 60 if len(table[0]) > 7 else 45
            if row.column_units:
                cell.column_formats = tuple(_unit(u).num_format for u in row.column_units)
        elif row.periods:
            # A message today (no prices yet): the block its table will fill once the inputs are there is
            # the formula's own, so both writers keep it empty and Excel can spill into it (no #SPILL!).
            cell = self.put(anchor_col, table[0][0], P.FLAG, formula=formula)
            cell.reserve = (row.periods + 2, max(len(row.column_units), 1))  # header, periods, summary
        else:
            self.put(anchor_col, table[0][0], P.FLAG, formula=formula)
        self.register(row.key, anchor_col, result)
        rows, cols = len(table), len(table[0])
        if row.colour_scale and rows > 2 and cols > 2:
            low, mid, high, mid_value = COLOUR_SCALES[row.colour_scale]
            self.sheet.scales.append(P.ColourScale(anchor_row + 1, anchor_col + 1, anchor_row + rows - 1,
                                                   anchor_col + cols - 1, low, mid, high, mid_value))
        periods = max(rows - 2, row.periods) if row.lines else 0  # a back-test table: header, periods, summary
        chart_rows = lay_lines_and_chart(self, row, table, (anchor_row, anchor_col), periods, fmt)
        if chart_rows:
            self.row = anchor_row + max(rows, periods + 2) + 1 + chart_rows
        else:
            self.row = anchor_row + max(rows, 16 if row.chart else 0) + 1

    def buttons(self, block: Buttons):
        for caption, macro, what in block.buttons:
            self.sheet.buttons.append(P.Button(self.row, COL_ZH, caption, macro))
            self.put(COL_VALUE, what, P.BUTTON_NOTE)
            self.row += 2

    def lay(self) -> P.SheetPlan:
        handlers = {Title: self.title, Section: self.section, Text: self.text, Figure: self.figure,
                    Param: self.param, Calc: self.calc, Matrix: self.matrix, Buttons: self.buttons,
                    Drivers: self.drivers, Spill: self.spill, MonthTable: lambda table: lay_month_table(self, table),
                    DayTable: lambda table: lay_day_table(self, table)}
        for row in self.spec.rows:
            handlers[type(row)](row)
        texts: dict[int, str] = {}  # a chart line's formula repeats down its column: rendered once
        for cell, expr in self.formulas:
            cell.formula = texts.get(id(expr)) or texts.setdefault(id(expr), "=" + expr.render(self.book))
        laid = self.sheet.widths  # a month table's columns (workbooks/month_table.py)
        self.sheet.widths = {COL_ZH: 28, COL_EN: 40, COL_VALUE: 16, COL_UNIT: 16, COL_ASOF: 15, COL_NOTE: 60,
                             **self.spec.widths, **laid}
        self.sheet.freeze = self.sheet.freeze or self.spec.freeze  # a day table freezes at its first day
        self.sheet.pages_tall = self.spec.pages_tall
        if not self.sheet.highlights:  # a month table colours its own words over its body, and only those
            self.sheet.highlights.extend(action_highlights(self.sheet))
        return self.sheet


HIGHLIGHTS = tuple(HIGHLIGHT_COLOURS.items())


def action_highlights(sheet: P.SheetPlan) -> list[P.Highlight]:
    """Colour every action and flag by conditional formatting over the sheet's used range.

    Only the words a formula on this sheet can show get a rule: each rule costs the writer
    (and Excel) a formula over the whole range."""
    shown = " ".join(_texts(sheet))
    return [P.Highlight(0, COL_VALUE, max(sheet.last_row, 1), max(sheet.last_col, COL_NOTE), word, colour)
            for word, colour in HIGHLIGHTS if word in shown]


def _texts(sheet: P.SheetPlan):
    from udfs.core import hedge

    for cell in sheet.cells:
        if cell.formula is None:
            continue
        yield cell.formula  # an IF's texts: both branches may show after an edit
        if "action(" in cell.formula or "backtest(" in cell.formula:
            yield " ".join(hedge.ACTION_LABELS + hedge.RANGE_LABELS)  # any action may show after an edit
        values = cell.value if cell.spill else [[cell.value]]
        yield from (v for row in values for v in row if isinstance(v, str))
