"""A test double of the xlwings objects the Excel writer touches — and of what Excel does to them.

Storing values is not enough: the double models what Excel does to a writer (docs/windows.md lists
what only real Excel can confirm):

- every COM round trip (a property read or write, a method call) is counted in ``book.app.com_calls``;
- a write under automatic calculation makes Excel recalculate the znnial function calls that depend
  on the written range (their formula refers to it by address or by defined name): counted in
  ``app.recalculations`` (events) and ``app.function_calls`` (calls evaluated). Under manual
  calculation the cells are only marked dirty; switching back to automatic, or ``calculate()``,
  recalculates the dirty ones once;
- a formula set through ``Value``/``Formula`` (not ``Formula2``) that calls a znnial function is a
  legacy formula: Excel shows it with an implicit intersection, ``=@name(…)``, and it never spills;
- a dynamic-array formula whose result (``book.spill_size(formula)``, from the plan) would cover a
  non-empty cell shows ``#SPILL!`` (``sheet.errors``);
- text written without a leading apostrophe is read the way Excel reads typing: "2019-11" becomes a
  date, "86.8%" the number 0.868, "13085" a number; an apostrophe keeps it text (and is not stored).
"""

from __future__ import annotations

import datetime as dt
import re

from openpyxl.formula.tokenizer import Token, Tokenizer

from workbooks.plan import calls_znnial_function, znnial_call

_ADDRESS = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


def _index(address: str) -> tuple[int, int]:
    letters, digits = _ADDRESS.match(address).groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits), col


def _box(text: str, default_sheet: str) -> tuple[str, int, int, int, int] | None:
    """'Sheet'!$A$1:$B$2 or A1 → (sheet, r1, c1, r2, c2), 1-based; None if not an A1 reference."""
    sheet, _, address = text.rpartition("!")
    sheet = sheet.strip("'") if sheet else default_sheet
    parts = address.replace("$", "").split(":")
    if not all(_ADDRESS.match(p) for p in parts):
        return None
    (r1, c1), (r2, c2) = _index(parts[0]), _index(parts[-1])
    return sheet, r1, c1, r2, c2


def excel_reads(text: str):
    """What Excel stores for text written to a cell without an apostrophe (as if typed)."""
    stripped = text.strip()
    if re.fullmatch(r"[+-]?\d+(\.\d+)?", stripped):
        return float(stripped)
    if re.fullmatch(r"[+-]?\d+(\.\d+)?%", stripped):
        return float(stripped[:-1]) / 100
    found = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", stripped)
    if found and 1 <= int(found.group(2)) <= 12:
        return dt.datetime(int(found.group(1)), int(found.group(2)), int(found.group(3) or 1))
    if stripped.upper() in ("TRUE", "FALSE"):
        return stripped.upper() == "TRUE"
    return text


def implicit_intersection(formula: str) -> str:
    """A legacy formula as Excel 365 shows it: ``@`` before every call of a function it cannot see into."""
    return znnial_call().sub(r"@\1(", formula)


class FakeRange:
    def __init__(self, sheet, first, last=None):
        self.sheet, self.first, self.last = sheet, first, last or first
        sheet.book.app.com_calls += 1  # Sheet.Range(...)

    def _cells(self):
        (r1, c1), (r2, c2) = self.first, self.last
        return [[(r, c) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def _read(self, pick):
        self.sheet.book.app.com_calls += 1
        grid = [[pick(cell) for cell in row] for row in self._cells()]
        if self.first == self.last:
            return grid[0][0]
        return grid

    @property
    def value(self):
        return self._read(lambda cell: self.sheet.cells.get(cell))

    @value.setter
    def value(self, grid):  # Range.Value: a formula text becomes a legacy formula
        self._write(grid, "value")

    @property
    def formula(self):
        return self._read(self.sheet.formula_or_value)

    @formula.setter
    def formula(self, grid):
        self._write(grid, "formula")

    @property
    def formula2(self):
        return self._read(self.sheet.formula_or_value)

    @formula2.setter
    def formula2(self, grid):
        self._write(grid, "formula2")

    def _write(self, grid, how: str):
        book = self.sheet.book
        book.app.com_calls += 1
        book.calls.append((how, self.sheet.name, self.first, self.last))
        if not isinstance(grid, list):
            grid = [[grid]]
        elif grid and not isinstance(grid[0], list):
            grid = [grid]
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                self.sheet.put((self.first[0] + i, self.first[1] + j), v, dynamic=how == "formula2")
        book.app.written(self.sheet.name, self.first, self.last)

    @property
    def number_format(self):
        self.sheet.book.app.com_calls += 1
        return self.sheet.formats.get(self.first)

    @number_format.setter
    def number_format(self, fmt):
        self.sheet.book.app.com_calls += 1
        for row in self._cells():
            for cell in row:
                self.sheet.formats[cell] = fmt

    @property
    def column_width(self):
        return None

    @column_width.setter
    def column_width(self, width):
        self.sheet.book.app.com_calls += 1

    @property
    def left(self):
        self.sheet.book.app.com_calls += 1
        return 0.0

    top = left

    def expand(self):
        r, c = self.first
        last_row = r
        while self.sheet.cells.get((last_row + 1, c)) not in (None, ""):
            last_row += 1
        last_col = c
        while self.sheet.cells.get((r, last_col + 1)) not in (None, ""):
            last_col += 1
        return FakeRange(self.sheet, self.first, (last_row, last_col))


class FakeSeries:
    def __init__(self, chart, formula=""):
        self.chart, self._formula = chart, formula
        self.colour, self.axis_group = None, 1  # formatting a SERIES formula write must not touch

    @property
    def Formula(self):  # noqa: N802 - Excel's name
        self.chart.app.com_calls += 1
        return self._formula

    @Formula.setter
    def Formula(self, text):  # noqa: N802
        self.chart.app.com_calls += 1
        self._formula = text

    @property
    def name(self) -> str:
        return re.match(r'=SERIES\("((?:[^"]|"")*)"', self._formula).group(1).replace('""', '"')


class FakeSeriesCollection:
    def __init__(self, chart):
        self.chart = chart

    @property
    def Count(self):  # noqa: N802
        self.chart.app.com_calls += 1
        return len(self.chart.series)

    def Item(self, index):  # noqa: N802
        self.chart.app.com_calls += 1
        return self.chart.series[index - 1]

    def NewSeries(self):  # noqa: N802
        self.chart.app.com_calls += 1
        series = FakeSeries(self.chart)
        self.chart.series.append(series)
        return series


class FakeTitle:
    def __init__(self, chart):
        self.chart = chart

    @property
    def Text(self):  # noqa: N802
        self.chart.app.com_calls += 1
        return self.chart.title

    @Text.setter
    def Text(self, text):  # noqa: N802
        self.chart.app.com_calls += 1
        self.chart.title = text


class FakeChart:
    """xlwings' Chart; ``api`` is (ChartObject, Chart) as on Windows, and both are this object."""

    def __init__(self, charts, title=None):
        self.charts, self.app = charts, charts.app
        self.chart_type, self.title, self.series = None, title, []
        self.deleted = False

    @property
    def api(self):
        return self, self

    @property
    def HasTitle(self):  # noqa: N802
        self.app.com_calls += 1
        return self.title is not None

    @HasTitle.setter
    def HasTitle(self, value):  # noqa: N802
        self.app.com_calls += 1
        self.title = self.title if value else None
        if value and self.title is None:
            self.title = ""

    @property
    def ChartTitle(self):  # noqa: N802
        return FakeTitle(self)

    def SeriesCollection(self):  # noqa: N802
        self.app.com_calls += 1
        return FakeSeriesCollection(self)

    def set_source_data(self, rng):  # rebuilds the series from a bare range: names and formats are lost
        self.app.com_calls += 1
        self.series = []

    def delete(self):
        self.app.com_calls += 1
        self.deleted = True
        self.charts.items.remove(self)


class FakeCharts:
    def __init__(self, app):
        self.app, self.items = app, []

    def __iter__(self):
        self.app.com_calls += 1
        return iter(list(self.items))

    def add(self, left, top, width, height):
        self.app.com_calls += 1
        chart = FakeChart(self)
        self.items.append(chart)
        return chart


class FakeSheet:
    def __init__(self, book, name):
        self.book, self.name = book, name
        self.cells, self.formulas, self.formats = {}, {}, {}
        self.dynamic: set[tuple[int, int]] = set()  # cells whose formula is a dynamic array (Formula2)
        self.errors: dict[tuple[int, int], str] = {}  # #SPILL! and the like, from the last recalculation
        self.charts = FakeCharts(book.app)

    # -- what Excel stores for a write
    def put(self, cell, value, dynamic: bool):
        self.errors.pop(cell, None)
        if isinstance(value, str) and value.startswith("="):
            self.formulas[cell] = value if dynamic else implicit_intersection(value)
            (self.dynamic.add if dynamic else self.dynamic.discard)(cell)
            self.cells[cell] = self.cells.get(cell) if cell in self.formulas else None
            self.book.app.dirty.add((self.name, cell))
            return
        self.formulas.pop(cell, None)
        self.dynamic.discard(cell)
        if isinstance(value, str):
            value = value[1:] if value.startswith("'") else excel_reads(value)
        self.cells[cell] = None if value == "" else value

    def formula_or_value(self, cell):
        return self.formulas.get(cell, self.cells.get(cell))

    def range(self, first, last=None):
        if isinstance(first, str):
            if "," in first:  # a union of cells: one Range, several areas
                return FakeUnion(self, [self.range(part) for part in first.split(",")])
            parts = first.split(":")
            return FakeRange(self, _index(parts[0]), _index(parts[1]) if len(parts) > 1 else None)
        return FakeRange(self, tuple(first), tuple(last) if last else None)


class FakeUnion:
    def __init__(self, sheet, areas):
        self.sheet, self.areas = sheet, areas
        sheet.book.app.com_calls -= len(areas) - 1  # one Range call for the whole union

    @property
    def number_format(self):
        return self.areas[0].number_format

    @number_format.setter
    def number_format(self, fmt):
        self.sheet.book.app.com_calls -= len(self.areas) - 1
        for area in self.areas:
            area.number_format = fmt


class FakeSheets:
    def __init__(self, book):
        self.book, self.items = book, []

    def __iter__(self):
        self.book.app.com_calls += 1
        return iter(self.items)

    def __getitem__(self, name):
        self.book.app.com_calls += 1
        return next(s for s in self.items if s.name == name)

    def add(self, name, after=None):
        self.book.app.com_calls += 1
        sheet = FakeSheet(self.book, name)
        position = self.items.index(after) + 1 if after in self.items else len(self.items)
        self.items.insert(position, sheet)
        self.book.calls.append(("add_sheet", name))
        return sheet


class FakeNameApi:
    def __init__(self, app):
        self.app, self.visible = app, True

    @property
    def Visible(self):  # noqa: N802
        return self.visible

    @Visible.setter
    def Visible(self, value):  # noqa: N802
        self.app.com_calls += 1
        self.visible = value


class FakeName:
    def __init__(self, book, refers_to):
        self.book, self._refers_to = book, refers_to
        self.api = FakeNameApi(book.app)

    @property
    def refers_to(self):
        self.book.app.com_calls += 1
        return self._refers_to

    @property
    def refers_to_range(self):
        sheet, address = re.match(r"='(.+)'!(.+)", self._refers_to).groups()
        return self.book.sheets[sheet].range(address.replace("$", ""))


class FakeNames(dict):
    def __init__(self, book):
        super().__init__()
        self.book = book

    def __contains__(self, name):
        self.book.app.com_calls += 1
        return super().__contains__(name)

    def __getitem__(self, name):
        self.book.app.com_calls += 1
        return super().__getitem__(name)

    def add(self, name, refers_to):
        self.book.app.com_calls += 1
        super().__setitem__(name, FakeName(self.book, refers_to))
        self.book.calls.append(("name", name))
        return super().__getitem__(name)


class FakeApp:
    def __init__(self):
        self.statuses, self.alerts, self.chosen_file = [], [], None
        self.api = self
        self.book = None
        self.com_calls = 0
        self._calculation, self._screen_updating = "automatic", True
        self.dirty: set[tuple[str, tuple[int, int]]] = set()
        self.recalculations = 0  # times Excel recalculated
        self.function_calls = 0  # znnial function calls those recalculations evaluated

    @property
    def status_bar(self):
        return self.statuses[-1] if self.statuses else False

    @status_bar.setter
    def status_bar(self, text):
        self.com_calls += 1
        self.statuses.append(text)

    @property
    def calculation(self):
        self.com_calls += 1
        return self._calculation

    @calculation.setter
    def calculation(self, mode):
        self.com_calls += 1
        if mode not in ("automatic", "manual", "semiautomatic"):
            raise ValueError(mode)
        self._calculation = mode
        if mode == "automatic":  # Excel recalculates what is dirty when calculation is switched back on
            self._recalculate()

    @property
    def screen_updating(self):
        self.com_calls += 1
        return self._screen_updating

    @screen_updating.setter
    def screen_updating(self, value):
        self.com_calls += 1
        self._screen_updating = value

    def calculate(self):
        self.com_calls += 1
        self._recalculate()

    def alert(self, prompt, title=None):
        self.alerts.append((title, prompt))

    def GetOpenFilename(self, file_filter):  # noqa: N802 - Excel's name
        return self.chosen_file if self.chosen_file else False

    # -- Excel's calculation
    def written(self, sheet: str, first, last):
        """Mark the function calls that read this range dirty; recalculate them now if automatic."""
        for key in self.book.formula_cells():
            if self.book.reads(key, sheet, first, last) or self.book.spills_over(key, sheet, first, last):
                self.dirty.add(key)
        if self._calculation == "automatic":
            self._recalculate()

    def _recalculate(self):
        dirty, calls = list(self.dirty), [key for key in self.dirty if self.book.calls_function(key)]
        self.dirty.clear()
        for name, cell in dirty:
            self.book.spill(name, cell)
        if calls:
            self.recalculations += 1
            self.function_calls += len(calls)


class FakeBook:
    def __init__(self, name="znnial.xlsm", spill_size=None):
        self.name = name
        self.calls = []
        self.app = FakeApp()
        self.app.book = self
        self.sheets = FakeSheets(self)
        self.names = FakeNames(self)
        # formula text -> (rows, cols) of its result, as Excel would compute it (the test gives the plan's)
        self.spill_size = spill_size or (lambda formula: None)

    def _sheet(self, name):
        return next(s for s in self.sheets.items if s.name == name)

    def formula_cells(self):
        for sheet in self.sheets.items:
            for cell in sheet.formulas:
                yield sheet.name, cell

    def calls_function(self, key) -> bool:
        sheet, cell = key
        formula = self._sheet(sheet).formulas.get(cell)
        return formula is not None and calls_znnial_function(formula)

    def references(self, key):
        """(sheet, r1, c1, r2, c2) boxes a formula reads: A1 references and defined names."""
        sheet, cell = key
        formula = self._sheet(sheet).formulas[cell]
        boxes = []
        for token in Tokenizer(formula).items:
            if token.type != Token.OPERAND or token.subtype != Token.RANGE:
                continue
            box = _box(token.value, sheet)
            if box is None and dict.__contains__(self.names, token.value):
                refers = dict.__getitem__(self.names, token.value)._refers_to
                box = _box(refers.lstrip("="), sheet)
            if box:
                boxes.append(box)
        return boxes

    def reads(self, key, sheet, first, last) -> bool:
        return any(s == sheet and r1 <= last[0] and first[0] <= r2 and c1 <= last[1] and first[1] <= c2
                   for s, r1, c1, r2, c2 in self.references(key))

    def spills_over(self, key, sheet_name, first, last) -> bool:
        """Whether a dynamic array's result range covers (part of) a written range: typing there blocks it."""
        sheet, cell = key
        if sheet != sheet_name or cell not in self._sheet(sheet).dynamic:
            return False
        size = self.spill_size(self._sheet(sheet).formulas[cell])
        if not size:
            return False
        r2, c2 = cell[0] + size[0] - 1, cell[1] + size[1] - 1
        return cell[0] <= last[0] and first[0] <= r2 and cell[1] <= last[1] and first[1] <= c2

    def spill(self, sheet_name, cell):
        """A recalculated dynamic array shows #SPILL! when its result would cover a non-empty cell."""
        sheet = self._sheet(sheet_name)
        size = self.spill_size(sheet.formulas[cell]) if cell in sheet.dynamic else None
        if not size:
            return
        rows, cols = size
        blocked = any(sheet.cells.get((cell[0] + i, cell[1] + j)) not in (None, "") or
                      (cell[0] + i, cell[1] + j) in sheet.formulas
                      for i in range(rows) for j in range(cols) if i or j)
        if blocked:
            sheet.errors[cell] = "#SPILL!"
