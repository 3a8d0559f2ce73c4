"""A test double of the few xlwings objects the Excel writer touches: books, sheets, ranges, names, charts."""

from __future__ import annotations

import re


def _index(address: str) -> tuple[int, int]:
    letters, digits = re.match(r"\$?([A-Z]+)\$?(\d+)", address).groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits), col


class FakeRange:
    def __init__(self, sheet, first, last=None):
        self.sheet, self.first, self.last = sheet, first, last or first

    @property
    def value(self):
        (r1, c1), (r2, c2) = self.first, self.last
        if (r1, c1) == (r2, c2):
            return self.sheet.cells.get((r1, c1))
        return [[self.sheet.cells.get((r, c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    @value.setter
    def value(self, grid):
        self.sheet.book.calls.append(("value", self.sheet.name, self.first, self.last))
        if not isinstance(grid, list):
            grid = [[grid]]
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                self.sheet.cells[(self.first[0] + i, self.first[1] + j)] = v

    @property
    def formula2(self):
        return self.sheet.cells.get(self.first)

    @formula2.setter
    def formula2(self, text):
        self.sheet.book.calls.append(("formula2", self.sheet.name, self.first))
        self.sheet.formula2[self.first] = text
        self.sheet.cells[self.first] = text

    @property
    def number_format(self):
        return self.sheet.formats.get(self.first)

    @number_format.setter
    def number_format(self, fmt):
        self.sheet.formats[self.first] = fmt

    @property
    def column_width(self):
        return None

    @column_width.setter
    def column_width(self, width):
        pass

    left = top = 0.0

    def expand(self):
        r, c = self.first
        last_row = r
        while self.sheet.cells.get((last_row + 1, c)) not in (None, ""):
            last_row += 1
        last_col = c
        while self.sheet.cells.get((r, last_col + 1)) not in (None, ""):
            last_col += 1
        return FakeRange(self.sheet, self.first, (last_row, last_col))


class FakeChart:
    def __init__(self, charts):
        self.charts, self.chart_type, self.source = charts, None, None

    def set_source_data(self, rng):
        self.source = rng

    def delete(self):
        self.charts.items.remove(self)


class FakeCharts:
    def __init__(self):
        self.items = []

    def __iter__(self):
        return iter(list(self.items))

    def add(self, left, top, width, height):
        chart = FakeChart(self)
        self.items.append(chart)
        return chart


class FakeSheet:
    def __init__(self, book, name):
        self.book, self.name = book, name
        self.cells, self.formula2, self.formats = {}, {}, {}
        self.charts = FakeCharts()

    def range(self, first, last=None):
        if isinstance(first, str):
            if "," in first:
                return first  # a union for a chart's source: kept as text
            parts = first.split(":")
            return FakeRange(self, _index(parts[0]), _index(parts[1]) if len(parts) > 1 else None)
        return FakeRange(self, tuple(first), tuple(last) if last else None)


class FakeSheets:
    def __init__(self, book):
        self.book, self.items = book, []

    def __iter__(self):
        return iter(self.items)

    def __getitem__(self, name):
        return next(s for s in self.items if s.name == name)

    def add(self, name, after=None):
        sheet = FakeSheet(self.book, name)
        position = self.items.index(after) + 1 if after in self.items else len(self.items)
        self.items.insert(position, sheet)
        self.book.calls.append(("add_sheet", name))
        return sheet


class FakeName:
    def __init__(self, book, refers_to):
        self.book, self.refers_to = book, refers_to

    @property
    def refers_to_range(self):
        sheet, address = re.match(r"='(.+)'!(.+)", self.refers_to).groups()
        return self.book.sheets[sheet].range(address.replace("$", ""))


class FakeNames(dict):
    def __init__(self, book):
        super().__init__()
        self.book = book

    def add(self, name, refers_to):
        self[name] = FakeName(self.book, refers_to)


class FakeApp:
    def __init__(self):
        self.statuses, self.alerts, self.chosen_file = [], [], None
        self.api = self

    @property
    def status_bar(self):
        return self.statuses[-1] if self.statuses else False

    @status_bar.setter
    def status_bar(self, text):
        self.statuses.append(text)

    def alert(self, prompt, title=None):
        self.alerts.append((title, prompt))

    def GetOpenFilename(self, file_filter):  # noqa: N802 - Excel's name
        return self.chosen_file if self.chosen_file else False


class FakeBook:
    def __init__(self, name="znnial.xlsm"):
        self.name = name
        self.calls = []
        self.sheets = FakeSheets(self)
        self.names = FakeNames(self)
        self.app = FakeApp()
