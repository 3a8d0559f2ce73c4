"""The sheet plan: what goes in which cell, computed once and written by either writer.

`xlsx_writer` turns a plan into a file (no Excel needed); `addin.excel_writer`
writes the same plan into an open workbook through xlwings. Rows and columns
are 0-based, as XlsxWriter counts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Cell styles: the writer maps each to a format (see xlsx_writer.STYLES).
TITLE, SECTION, HEADER, LABEL, TEXT, INPUT, CALC, FLAG, NOTE, UNIT, BUTTON_NOTE = (
    "title", "section", "header", "label", "text", "input", "calc", "flag", "note", "unit", "button_note")


@dataclass
class Cell:
    row: int
    col: int
    value: Any = None  # the literal, or the cached result of the formula
    formula: str | None = None  # Excel text starting with "="
    spill: tuple[int, int] | None = None  # (rows, cols) of a dynamic-array result anchored here
    style: str = TEXT
    num_format: str | None = None
    name: str | None = None  # workbook-level defined name for this cell


@dataclass
class Series:
    name: str
    categories: tuple[int, int, int, int]  # first_row, first_col, last_row, last_col
    values: tuple[int, int, int, int]
    colour: str
    dash: str | None = None


@dataclass
class Chart:
    title: str
    anchor: tuple[int, int]
    series: list[Series]
    y_title: str
    kind: str = "line"
    size: tuple[int, int] = (720, 300)


@dataclass
class Button:
    row: int
    col: int
    caption: str
    macro: str


@dataclass
class Highlight:
    """Colour cells of a range whose text contains a word (actions and flags)."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    contains: str
    colour: str


@dataclass
class Table:
    """An Excel table (ListObject) over the cells already placed in the range."""

    name: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    columns: list[str]


@dataclass
class SheetPlan:
    name: str
    cells: list[Cell] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    freeze: tuple[int, int] | None = None
    charts: list[Chart] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    table: Table | None = None
    month_sheet: bool = False  # a per-month sheet the refresh adds
    pages_tall: int = 1  # printed one page wide and this many tall (0: as many as it takes)

    @property
    def last_row(self) -> int:
        return max((c.row + (c.spill[0] - 1 if c.spill else 0) for c in self.cells), default=0)

    @property
    def last_col(self) -> int:
        return max((c.col + (c.spill[1] - 1 if c.spill else 0) for c in self.cells), default=0)


@dataclass
class WorkbookPlan:
    sheets: list[SheetPlan]
    names: dict[str, tuple[str, int, int]]  # defined name -> (sheet, row, col)
    latest_month: str | None
    active_sheet: str | None = None

    def sheet(self, name: str) -> SheetPlan:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)
