"""Laying sheet specs out into sheet plans: rows, names, cached values.

Item rows use six columns: 中文 | English | value | unit | as of | source or note.
On the template sheets every figure, assumption and result is a defined name
(``in_al_full_cost``, ``out_al_profit_at_spot``) so formulas read like the
report; on a monthly sheet the same formulas refer to cells of that sheet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from workbooks.monthdata import lookup

from . import plan as P
from .plan import cell_address
from .dataset import Dataset, previous_month
from .formula import Expr
from .spec import Buttons, Calc, Drivers, Figure, Matrix, Param, Section, SheetSpec, Spill, Text, Title

# unit -> (label shown, number format)
UNITS = {
    "CNY/t": ("CNY/t 元/吨", "#,##0"),
    "USD/t": ("USD/t 美元/吨", "#,##0.00"),
    "CNY/kWh": ("CNY/kWh 元/千瓦时", "0.0000"),
    "CNY/point": ("CNY/point 元/镍点", "#,##0.0"),
    "10kt": ("10kt 万吨", "#,##0.00"),
    "10kt/yr": ("10kt/yr 万吨/年", "#,##0.0"),
    "fraction": ("%", "0.00%"),
    "USD/wmt": ("USD/wmt 美元/湿吨", "#,##0.0"),
    "CNY/USD": ("CNY/USD 元/美元", "0.0000"),
    "t": ("t 吨", "#,##0"),
    "t/t": ("t/t 吨/吨", "0.00"),
    "kWh/t": ("kWh/t 千瓦时/吨", "#,##0"),
    "lots": ("lots 手", "#,##0"),
    "days": ("days 天", "0"),
    "CNY/t/day": ("CNY/t/day 元/吨/天", "0.00"),
    "text": ("", "@"),
    "pp": ("pp 百分点", "0.00"),
}

COL_ZH, COL_EN, COL_VALUE, COL_UNIT, COL_ASOF, COL_NOTE = range(6)
MISSING = "— no data 无数据"


def defined_name(key: str, computed: bool) -> str:
    return ("out_" if computed else "in_") + key.replace(".", "_").replace("@", "_")


def _unit(unit: str) -> tuple[str, str]:
    return UNITS.get(unit, (unit, "General"))


@dataclass
class Entry:
    sheet: str
    row: int
    col: int
    value: object
    name: str | None


class Book:
    """Everything laid out so far: where each key sits and what it holds."""

    def __init__(self, dataset: Dataset, month: str, use_names: bool):
        self.dataset = dataset
        self.month = month
        self.use_names = use_names
        self.entries: dict[str, Entry] = {}
        self.current_sheet = ""

    # -- the formula.Context protocol
    def address(self, key: str) -> str:
        entry = self.entries[key]
        if self.use_names and entry.name:
            return entry.name
        if entry.sheet != self.current_sheet:
            raise ValueError(f"{key} lives on {entry.sheet}, not on {self.current_sheet}")
        return cell_address(entry.row, entry.col, absolute=True)

    def value(self, key: str):
        return self.entries[key].value

    def spill_address(self, key: str, row: int, col: int) -> str:
        entry = self.entries[key]
        if entry.sheet != self.current_sheet:
            raise ValueError(f"{key} lives on {entry.sheet}, not on {self.current_sheet}")
        return cell_address(entry.row + row - 1, entry.col + col - 1, absolute=True)

    def missing(self, expr: Expr) -> list[str]:
        return sorted(k for k in expr.refs() if k not in self.entries or self.entries[k].value is None)

    def figure(self, key: str):
        metal_item, _, when = key.partition("@")
        metal, item = metal_item.split(".", 1)
        if when == "prev":
            return self.dataset.exact(metal, item, previous_month(self.month))
        return self.dataset.as_of(metal, item, self.month)


def axis_floor(values) -> float | None:
    """A round number 10 % below the lowest value, so price lines are not squashed against zero."""
    if not values:
        return None
    low = min(values) * 0.9
    step = 10 ** max(len(str(int(low))) - 2, 0)
    return float(int(low // step) * step)


def cell_value(result):
    """What a cell shows for a scalar result: NaN (a blank from a function) becomes empty."""
    if isinstance(result, float) and math.isnan(result):
        return ""
    return result


class SheetLayout:
    def __init__(self, book: Book, spec: SheetSpec, month_sheet: bool = False):
        self.book = book
        self.spec = spec
        self.sheet = P.SheetPlan(spec.name, month_sheet=month_sheet)
        self.row = 0
        book.current_sheet = spec.name

    def put(self, col, value=None, style=P.TEXT, formula=None, num_format=None, name=None, spill=None):
        cell = P.Cell(self.row, col, value, formula, spill, style, num_format, name)
        self.sheet.cells.append(cell)
        return cell

    def register(self, key: str, col: int, value, computed: bool) -> str | None:
        if key in self.book.entries:
            raise ValueError(f"{key} is laid out twice")
        name = defined_name(key, computed) if self.book.use_names else None
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
        """Place a data figure as an input cell; returns the Figure looked up (or None)."""
        found = self.book.figure(key)
        metal, item = key.split("@")[0].split(".", 1)
        _, fmt = _unit(lookup(metal, item).unit)
        value = None if found is None else found.value
        name = self.register(key, col, value, computed=False)
        self.put(col, value, P.INPUT, num_format=fmt, name=name)
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
        self.put(COL_UNIT, _unit(vocab.unit)[0], P.UNIT)
        if found is None:
            self.put(COL_ASOF, "", P.NOTE)
            self.put(COL_NOTE, MISSING, P.NOTE)
        else:
            self.put(COL_ASOF, found.month, P.NOTE)
            self.put(COL_NOTE, found.source, P.NOTE)
        self.row += 1

    def param(self, row: Param):
        self.labels(row.zh, row.en)
        label, fmt = _unit(row.unit)
        name = self.register(row.key, COL_VALUE, row.value, computed=False)
        self.put(COL_VALUE, row.value, P.INPUT, num_format=fmt, name=name).assumption = True
        self.put(COL_UNIT, label, P.UNIT)
        self.put(COL_ASOF, "assumption 假设", P.NOTE)
        self.put(COL_NOTE, row.source, P.NOTE)
        self.row += 1

    def calc_cell(self, key: str, expr: Expr, unit: str, col: int):
        missing = self.book.missing(expr)
        _, fmt = _unit(unit)
        if missing:
            self.register(key, col, None, computed=True)
            self.put(col, MISSING, P.NOTE)
            return missing
        value = cell_value(expr.evaluate(self.book))
        formula = "=" + expr.render(self.book)
        style = P.FLAG if isinstance(value, str) else P.CALC
        name = self.register(key, col, value, computed=True)
        self.put(col, value, style, formula=formula, num_format=fmt, name=name)
        return []

    def calc(self, row: Calc):
        self.labels(row.zh, row.en)
        missing = self.calc_cell(row.key, row.expr, row.unit, COL_VALUE)
        self.put(COL_UNIT, _unit(row.unit)[0], P.UNIT)
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

    def drivers(self, row: Drivers):
        self.labels(row.zh, row.en)
        if row.data:
            values = self.book.dataset.series(*row.data, list(row.months))
        else:
            values = list(row.values)
        _, fmt = _unit(row.unit)
        first = COL_VALUE
        last = first + len(values) - 1
        for i, value in enumerate(values):
            self.put(first + i, value, P.INPUT, num_format=fmt).assumption = not row.data
        name = defined_name(row.key, computed=False) if self.book.use_names else None
        if row.key in self.book.entries:
            raise ValueError(f"{row.key} is laid out twice")
        self.book.entries[row.key] = Entry(self.spec.name, self.row, first, [values], name)
        if name:
            self.sheet.range_names[name] = (self.row, first, self.row, last)
        self.row += 1
        self.put(COL_EN, f"{_unit(row.unit)[0]} · {row.source}", P.NOTE)
        self.row += 1

    def spill(self, row: Spill):
        self.labels(row.zh, row.en, P.SECTION)
        self.put(COL_VALUE, row.note, P.NOTE)
        self.row += 1
        _, fmt = _unit(row.unit)
        result = row.expr.evaluate(self.book)
        table = result if isinstance(result, list) else [[result]]
        table = [[cell_value(v) for v in line] for line in table]
        anchor_row, anchor_col = self.row, COL_VALUE
        formula = "=" + row.expr.render(self.book)
        if isinstance(result, list):
            cell = self.put(anchor_col, table, P.CALC, formula=formula, num_format=fmt,
                            spill=(len(table), len(table[0])))
            cell.table_header = isinstance(table[0][0], str)
            if cell.table_header:
                self.sheet.heights[anchor_row] = 45  # a wrapped label of up to three lines
            if row.column_units:
                cell.column_formats = tuple(_unit(u)[1] for u in row.column_units)
        else:
            self.put(anchor_col, table[0][0], P.FLAG, formula=formula)
        self.book.entries[row.key] = Entry(self.spec.name, anchor_row, anchor_col, result, None)
        rows, cols = len(table), len(table[0])
        if row.colour_scale and rows > 2 and cols > 2:
            scale = (P.ColourScale(anchor_row + 1, anchor_col + 1, anchor_row + rows - 1, anchor_col + cols - 1)
                     if row.colour_scale == "profit" else
                     P.ColourScale(anchor_row + 1, anchor_col + 1, anchor_row + rows - 1, anchor_col + cols - 1,
                                   low_colour="#63BE7B", high_colour="#F8696B", mid_value=None))
            self.sheet.scales.append(scale)
        periods = max(rows - 2, row.periods) if row.lines else 0  # a back-test table: header, periods, summary
        line_cols = []
        for i, (zh, en, expr) in enumerate(row.lines):
            col = anchor_col + max(cols, 7) + i
            self.sheet.cells.append(P.Cell(anchor_row, col, f"{zh}\n{en}", style=P.HEADER))
            value = cell_value(expr.evaluate(self.book))
            text = "=" + expr.render(self.book)
            for k in range(periods):
                self.sheet.cells.append(P.Cell(anchor_row + 1 + k, col, value, text, style=P.CALC, num_format=fmt))
            line_cols.append((f"{zh} {en}", col))
        if row.chart and periods:
            first, last = anchor_row + 1, anchor_row + periods
            axis = (first, anchor_col, last, anchor_col)
            if row.categories:
                months = self.book.entries[row.categories]
                axis = (months.row, months.col, months.row, months.col + periods - 1)
            series = [P.Series("price 价格", axis, (first, anchor_col + 1, last, anchor_col + 1), "#1F4E79")]
            for (name, col), colour in zip(line_cols, ("#70AD47", "#C00000", "#ED7D31")):
                series.append(P.Series(name, axis, (first, col, last, col), colour, "dash"))
            series.append(P.Series("cumulative hedge P&L 累计盈亏 (right axis)", axis,
                                   (first, anchor_col + 6, last, anchor_col + 6), "#7F7F7F", None, True))
            prices = [line[1] for line in table[1:1 + periods] if isinstance(line[1], (int, float))]
            levels = [v for v in (cell_value(expr.evaluate(self.book)) for _, _, expr in row.lines)
                      if isinstance(v, (int, float))]
            self.sheet.charts.append(P.Chart(row.chart[0], (anchor_row, anchor_col + max(cols, 7) + len(row.lines) + 1),
                                             series, row.chart[1], size=(620, 300), y2_title="CNY 元",
                                             y_min=axis_floor(prices + levels)))
        self.row = anchor_row + max(rows, 16 if row.chart else 0) + 1

    def buttons(self, block: Buttons):
        for caption, macro, what in block.buttons:
            self.sheet.buttons.append(P.Button(self.row, COL_ZH, caption, macro))
            self.put(COL_VALUE, what, P.BUTTON_NOTE)
            self.row += 2

    def lay(self) -> P.SheetPlan:
        handlers = {Title: self.title, Section: self.section, Text: self.text, Figure: self.figure,
                    Param: self.param, Calc: self.calc, Matrix: self.matrix, Buttons: self.buttons,
                    Drivers: self.drivers, Spill: self.spill}
        for row in self.spec.rows:
            handlers[type(row)](row)
        self.sheet.widths = {COL_ZH: 28, COL_EN: 40, COL_VALUE: 16, COL_UNIT: 16, COL_ASOF: 15, COL_NOTE: 60,
                             **self.spec.widths}
        self.sheet.freeze = (3, 2)
        self.sheet.highlights.extend(action_highlights(self.sheet))
        return self.sheet


HIGHLIGHTS = (("SELL", "#F8CBAD"), ("BUY", "#C6EFCE"), ("REDUCE", "#FFC7CE"), ("HOLD", "#E7E6E6"),
              ("⚠", "#FFEB9C"), ("✓", "#C6EFCE"))


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
